import type { ActionUpdate, UpdateKind } from '../domain/types';
import { formatDate } from '../domain/calendar';
import { retireReasonOf } from '../domain/history';
import { RAG_LABEL } from '../../cards/ragText';
import type { TimelineEntry } from './tabApi';
import { personIn } from '../domain/people';

const LABEL: Record<UpdateKind, string> = {
  import: 'Imported from the plan file',
  add: 'Added by the board secretariat',
  edit: 'Changed by the board secretariat',
  update: 'Update',
  noChange: 'No change',
  notMine: 'Flagged "not my action"',
  reassign: 'Reassigned',
  dateDecision: 'Revised date decided',
  retire: 'Taken out of the plan',
  close: 'Closed by the board',
  return: 'Returned to the owner',
};

const ragWords = (r?: string) => (r ? RAG_LABEL[r as keyof typeof RAG_LABEL] : 'no RAG');

/**
 * An action's history as a timeline, newest first: who answered, when, with what status, RAG and
 * comment, and what moved (due date, owner, a proposed or decided revised date, status, RAG). Pure.
 */
export function timelineOf(
  updates: readonly ActionUpdate[],
  names: ReadonlyMap<string, string> = new Map(),
): TimelineEntry[] {
  const person = (email: string) => personIn(names, email);
  const rows = [...updates].sort((a, b) => a.revision - b.revision || a.at.localeCompare(b.at));
  let due: string | undefined;
  let owner: string | undefined;
  let status: string | undefined;
  let rag: string | undefined;
  let title: string | undefined;
  let theme: string | undefined;
  const entries = rows.map((u, i): TimelineEntry => {
    const changes: string[] = [];
    if (i === 0 && u.dueDate) changes.push(`Due ${formatDate(u.dueDate)}`);
    else if (u.dueDate && due && u.dueDate !== due)
      changes.push(`Due date changed from ${formatDate(due)} to ${formatDate(u.dueDate)}`);
    if (u.kind === 'reassign' && u.ownerEmail)
      changes.push(`Owner changed${owner ? ` from ${person(owner)}` : ''} to ${person(u.ownerEmail)}`);
    else if (u.ownerEmail && owner && u.ownerEmail !== owner)
      changes.push(`Owner changed from ${person(owner)} to ${person(u.ownerEmail)}`);
    if (u.title && title && u.title !== title) changes.push(`Title changed from "${title}" to "${u.title}"`);
    if (u.theme && theme && u.theme !== theme) changes.push(`Theme changed from "${theme}" to "${u.theme}"`);
    if (u.kind === 'retire' && u.note) changes.push(`Reason: ${retireReasonOf(u.note)}`);
    if (u.kind === 'update' && u.proposedDate)
      changes.push(
        `Proposed a revised due date of ${formatDate(u.proposedDate)}${u.proposedDateReason ? `: ${u.proposedDateReason}` : ''}`,
      );
    if (u.kind === 'dateDecision' && u.decision)
      changes.push(`Revised due date${u.proposedDate ? ` of ${formatDate(u.proposedDate)}` : ''} ${u.decision}`);
    if (i > 0 && u.status !== status) changes.push(`Status changed from ${status} to ${u.status}`);
    const closed = u.status === 'Complete' || u.status === 'Deferred';
    if (i > 0 && !closed && (u.rag ?? undefined) !== rag && u.kind !== 'notMine')
      changes.push(`RAG changed from ${ragWords(rag)} to ${ragWords(u.rag)}`);
    if (u.kind === 'notMine' && u.note) changes.push(`Note: ${u.note}`);
    if (u.kind === 'update' && u.status === 'Complete' && status !== 'Complete')
      changes.push('Proposed for closure by the board');
    if (u.kind === 'close') changes.push('Closed by the board secretariat');
    if (u.kind === 'return' && u.note)
      changes.push(u.note.replace(/^returned to the owner: /, 'Returned to the owner: '));
    due = u.dueDate ?? due;
    owner = u.ownerEmail ?? owner;
    title = u.title ?? title;
    theme = u.theme ?? theme;
    status = u.status;
    rag = u.rag;
    return {
      at: u.at,
      byEmail: u.byEmail,
      byName: names.get(u.byEmail),
      forEmail: u.forEmail,
      forName: u.forEmail ? names.get(u.forEmail) : undefined,
      label: LABEL[u.kind],
      status: u.status,
      rag: u.status === 'Complete' ? undefined : u.rag,
      narrative: u.kind === 'update' || u.kind === 'import' ? u.narrative : undefined,
      percentComplete: u.kind === 'update' ? u.percentComplete : undefined,
      evidenceUrl: u.evidenceUrl,
      changes,
    };
  });
  return entries.reverse();
}
