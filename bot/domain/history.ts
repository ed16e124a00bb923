import type { Action, ActionUpdate, Closure } from './types';
import { recordAfter } from './actionRecord';

/**
 * An action as it stood at instant `until`, rebuilt from its append-only history alone, so a digest
 * for a past week shows exactly what was known then. `current` supplies only what history never
 * held (its plan and reference). Undefined when the action did not exist yet.
 */
export function actionAt(current: Action, history: readonly ActionUpdate[], until: string): Action | undefined {
  const rows = history.filter((u) => u.at <= until).sort(byRecording);
  if (rows.length === 0) return undefined;
  return rows.reduce(applyHistoryRow, startOf(current));
}

/** History rows in the order they were recorded: by instant, then revision. */
export const byRecording = (a: ActionUpdate, b: ActionUpdate): number =>
  a.at.localeCompare(b.at) || a.revision - b.revision;

/** An action before its first history row: what history never holds (plan, reference) from `current`. */
export function startOf(current: Action): Action {
  return {
    ...current,
    revisedDate: undefined,
    notMine: undefined,
    lastReplyAt: undefined,
    percentComplete: undefined,
    completedAt: undefined,
    retired: undefined,
    record: undefined,
    closure: undefined,
    evidenceUrl: undefined,
    revision: 0,
  };
}

/** One history row applied to the action as it stood before it: the step every replay of history takes. */
export function applyHistoryRow(before: Action, u: ActionUpdate): Action {
  let a: Action = { ...before, revision: before.revision + 1 };
  if (u.ownerEmail && u.ownerEmail !== a.ownerEmail) a.notMine = undefined;
  if (u.ownerEmail) a.ownerEmail = u.ownerEmail;
  if (u.dueDate) a.dueDate = u.dueDate;
  if (u.theme) a.theme = u.theme;
  if (u.title) a.title = u.title;
  switch (u.kind) {
    case 'import':
    case 'add':
      a = { ...a, status: u.status, rag: u.rag, narrative: u.narrative, retired: undefined };
      a.closure = importedClosure(before, a);
      break;
    case 'update':
      a = {
        ...a,
        status: u.status,
        rag: u.rag,
        narrative: u.narrative ?? a.narrative,
        percentComplete: u.percentComplete ?? a.percentComplete,
        evidenceUrl: u.evidenceUrl ?? a.evidenceUrl,
        lastReplyAt: u.at,
        closure: closureAfter(before, { status: u.status }, u.at, u.byEmail),
      };
      if (u.proposedDate)
        a.revisedDate = {
          date: u.proposedDate,
          reason: u.proposedDateReason ?? '',
          state: 'proposed',
          proposedAt: u.at,
          proposedBy: u.byEmail,
        };
      break;
    case 'noChange':
      a.lastReplyAt = u.at;
      break;
    case 'notMine':
      a.notMine = { by: u.byEmail, at: u.at, note: u.note };
      break;
    case 'dateDecision':
      if (a.revisedDate && u.decision) a.revisedDate = { ...a.revisedDate, state: u.decision };
      break;
    case 'reassign':
      a.lastReplyAt = undefined;
      break;
    case 'edit':
      if (a.ownerEmail !== before.ownerEmail) a.lastReplyAt = undefined;
      break;
    case 'close':
      a.closure = { state: 'closed', at: u.at, by: u.byEmail };
      break;
    case 'return':
      a = { ...a, status: u.status, rag: u.rag, closure: undefined, lastReplyAt: undefined };
      break;
    case 'retire':
      a.retired = { at: u.at, by: u.byEmail, reason: retireReasonOf(u.note) };
      break;
  }
  const after = { ...a, completedAt: completedAtAfter(before, a, u.at) };
  return { ...after, record: recordAfter(before.revision === 0 ? undefined : before.record, after, u) };
}

/** The reason a retirement's history row gives ("retired: …", "retired by plan import: …"). */
export const retireReasonOf = (note: string | undefined): string =>
  note?.replace(/^retired( by plan import)?: /, '') ?? '';

/**
 * When the action became Complete: set when open work is completed, kept while it stays complete,
 * cleared when it is reopened; an action created already complete was never completed here.
 */
export function completedAtAfter(before: Action, after: Pick<Action, 'status'>, at: string): string | undefined {
  if (after.status !== 'Complete') return undefined;
  if (before.revision === 0) return undefined;
  return before.status === 'Complete' ? before.completedAt : at;
}

/**
 * Where the board stands on the action after an owner's answer: open work marked Complete awaits
 * closure by the secretariat (remembering what to restore if it is returned); work that stays
 * Complete keeps its closure; anything not Complete has none.
 */
export function closureAfter(
  before: Pick<Action, 'status' | 'rag' | 'closure'>,
  after: Pick<Action, 'status'>,
  at: string,
  by: string,
): Closure | undefined {
  if (after.status !== 'Complete') return undefined;
  if (before.status === 'Complete') return before.closure;
  return { state: 'awaiting', at, by, reopen: { status: before.status, rag: before.rag } };
}

/** A plan import decides status itself: work it leaves Complete keeps its closure, and it never proposes one. */
export const importedClosure = (
  before: Pick<Action, 'status' | 'closure'> | undefined,
  after: Pick<Action, 'status'>,
): Closure | undefined => (after.status === 'Complete' && before?.status === 'Complete' ? before.closure : undefined);

/** Groups a plan's history by action reference. */
export function historyByRef(updates: readonly ActionUpdate[]): Map<string, ActionUpdate[]> {
  const out = new Map<string, ActionUpdate[]>();
  for (const u of updates) {
    const list = out.get(u.ref);
    if (list) list.push(u);
    else out.set(u.ref, [u]);
  }
  return out;
}
