import type { Facets } from '../../bot/tab/tabApi';
import type { EditField, EditResponse } from '../../bot/tab/actionEdits';
import type { Api } from './api';
import { h, replace } from './dom';
import { type LineValues, lineFields, lineValues, showRefusal } from './actionForm';
import { showError } from './notices';

/** The fields of a new action, in the order of a plan file's columns. */
export const NEW_LINE: Exclude<EditField, 'reason'>[] = [
  'plan',
  'theme',
  'reference',
  'title',
  'ownerEmail',
  'dueDate',
];

/**
 * Posts a new action (the one add path: the form below and an accepted candidate from minutes alike). Shows a
 * refusal on the form, field by field; resolves to the server's message once the action is added.
 */
export async function postNewAction(
  api: Api,
  form: HTMLElement,
  prefix: string,
  summary: HTMLElement,
): Promise<string | undefined> {
  try {
    const r = await api.post<EditResponse>('/api/tab/actions', lineValues(form, prefix, NEW_LINE));
    if (r.body.outcome === 'recorded') return r.body.message;
    showRefusal(form, prefix, summary, r.body.message, r.body.outcome === 'refused' ? r.body.errors : {});
  } catch (e) {
    replace(summary);
    showError(summary, e);
  }
  return undefined;
}

/** Add an action (the board secretariat): a plan's line, judged as the import judges it. `added` reloads the board. */
export function addActionSection(api: Api, facets: Facets, added: () => void): HTMLElement {
  const result = h('div', { id: 'add-result', 'aria-live': 'polite' });
  const initial: LineValues = facets.plans.length === 1 ? { plan: facets.plans[0].name } : {};
  const summary = h('div', { class: 'summary' });
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'update add-action',
      novalidate: true,
      'aria-labelledby': 'add-heading',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const button = form.querySelector('button[type="submit"]') as HTMLButtonElement;
        button.disabled = true;
        const message = await postNewAction(api, form, 'add', summary);
        button.disabled = false;
        if (!message) return;
        form.reset();
        replace(summary);
        replace(result, h('p', { class: 'notice notice-good', role: 'status' }, message));
        added();
      },
    },
    summary,
    lineFields('add', facets, NEW_LINE, initial),
    h('button', { type: 'submit', id: 'add-action' }, 'Add the action'),
  );
  return h(
    'section',
    { class: 'card add', 'aria-labelledby': 'add-heading' },
    h('h2', { id: 'add-heading' }, 'Add an action'),
    h(
      'details',
      { class: 'update-form' },
      h('summary', {}, 'Add an action to a plan'),
      h('p', { class: 'sub' }, 'A new plan name starts a new plan. The owner sees it on their next card.'),
      form,
    ),
    result,
  );
}
