import { type Action, type Rag, awaitsClosure, effectiveDue } from '../bot/domain/types';
import { formatDate } from '../bot/domain/calendar';

/** RAG as a word and a symbol, never colour alone, for colour-blind readers. */
export const RAG_LABEL: Record<Rag, string> = {
  Green: '● Green (on track)',
  Amber: '▲ Amber (at risk)',
  Red: '■ Red (off track)',
};

/** How completed work stands with the board, in words: awaiting closure, closed, or simply complete (as imported). */
export const completeWords = (a: Pick<Action, 'status' | 'closure' | 'retired'>): string =>
  awaitsClosure(a)
    ? '✓ Complete, awaiting closure'
    : a.closure?.state === 'closed'
      ? '✓ Closed by the board'
      : '✓ Complete';

/** "▲ Amber (at risk) · In progress · 40%" */
export function currentState(a: Pick<Action, 'status' | 'rag' | 'percentComplete' | 'closure' | 'retired'>): string {
  const parts = [a.status === 'Complete' ? completeWords(a) : a.status];
  if (a.rag && a.status !== 'Complete') parts.unshift(RAG_LABEL[a.rag]);
  if (a.percentComplete !== undefined && a.status !== 'Complete') parts.push(`${a.percentComplete}%`);
  return parts.join(' · ');
}

/** "Fri 28 Nov 2026 (in 5 days)", "... (overdue by 3 days)", with a revised date beside the original. */
export function dueText(a: Pick<Action, 'dueDate' | 'revisedDate' | 'status'>, today: string): string {
  const days = Math.round((Date.parse(effectiveDue(a)) - Date.parse(today)) / 86_400_000);
  const when =
    a.status === 'Complete'
      ? ''
      : days < 0
        ? ` (overdue by ${-days} day${days === -1 ? '' : 's'})`
        : days === 0
          ? ' (due today)'
          : ` (in ${days} day${days === 1 ? '' : 's'})`;
  const revised =
    a.revisedDate && a.revisedDate.state !== 'rejected'
      ? ` · revised date ${a.revisedDate.state}: ${formatDate(a.revisedDate.date)}`
      : '';
  return `${formatDate(a.dueDate)}${when}${revised}`;
}
