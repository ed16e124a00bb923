import { formatDate } from '../../bot/domain/calendar';
import type { Rag } from '../../bot/domain/types';
import type { RegisterRow } from '../../bot/tab/tabApi';
import { h, srOnly } from './dom';

export { formatDate };

/** RAG as a word and a symbol as well as a colour (● Green, ▲ Amber, ■ Red), never colour alone. */
const SYMBOL: Record<Rag, string> = { Green: '●', Amber: '▲', Red: '■' };

export function ragBadge(rag: Rag | undefined, open = true): HTMLElement {
  if (!rag)
    return h(
      'span',
      { class: 'rag rag-none' },
      open ? 'No RAG yet' : h('span', { 'aria-hidden': 'true' }, '–'),
      open ? null : srOnly('no RAG (closed)'),
    );
  return h(
    'span',
    { class: `rag rag-${rag.toLowerCase()}` },
    h('span', { class: 'rag-symbol', 'aria-hidden': 'true' }, SYMBOL[rag]),
    ` ${rag}`,
  );
}

/** "Mon, 23 Nov 2026, 10:42" in London time. */
export const formatInstant = (iso: string): string =>
  new Date(iso).toLocaleString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  });

/** The due date, with overdue days and a revised date beside it (never replacing it). */
export function dueCell(r: RegisterRow): HTMLElement {
  return h(
    'span',
    { class: 'due' },
    h('span', {}, formatDate(r.dueDate)),
    r.revisedDate && r.revisedState !== 'rejected'
      ? h('span', { class: 'sub' }, `revised date ${r.revisedState}: ${formatDate(r.revisedDate)}`)
      : null,
    r.overdue
      ? h('span', { class: 'overdue' }, `Overdue by ${r.daysOverdue} day${r.daysOverdue === 1 ? '' : 's'}`)
      : null,
  );
}

/** A person: the name shown for them with the email beneath as secondary text, or the email alone. */
export const personOf = (email: string, name?: string): HTMLElement | string =>
  name ? h('span', { class: 'person' }, h('span', {}, name), h('span', { class: 'sub' }, email)) : email;
