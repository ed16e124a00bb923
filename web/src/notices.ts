import { ApiError } from './api';
import { append, h } from './dom';

/** A refusal or failure, in the words the server gave. */
export function showError(where: Element, e: unknown): void {
  const text =
    e instanceof ApiError ? e.message : 'The board could not be loaded. Check your connection and try again.';
  append(where, [h('p', { class: 'notice notice-error', role: 'alert' }, text)]);
}
