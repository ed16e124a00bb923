import type { Action, ActionUpdate } from './types';

/**
 * An action as it stood at instant `until`, rebuilt from its append-only history alone, so a digest
 * for a past week shows exactly what was known then. `current` supplies only what history never
 * held (its plan and reference). Undefined when the action did not exist yet.
 */
export function actionAt(current: Action, history: readonly ActionUpdate[], until: string): Action | undefined {
  const rows = history.filter((u) => u.at <= until).sort((a, b) => a.at.localeCompare(b.at));
  if (rows.length === 0) return undefined;
  let a: Action = {
    ...current,
    revisedDate: undefined,
    notMine: undefined,
    lastReplyAt: undefined,
    percentComplete: undefined,
    revision: 0,
  };
  for (const u of rows) {
    a = { ...a, revision: a.revision + 1 };
    if (u.ownerEmail && u.ownerEmail !== a.ownerEmail) a.notMine = undefined;
    if (u.ownerEmail) a.ownerEmail = u.ownerEmail;
    if (u.dueDate) a.dueDate = u.dueDate;
    if (u.theme) a.theme = u.theme;
    if (u.title) a.title = u.title;
    switch (u.kind) {
      case 'import':
        a = { ...a, status: u.status, rag: u.rag, narrative: u.narrative, retired: undefined };
        break;
      case 'retire':
        a.retired = { at: u.at, by: u.byEmail, reason: u.note?.replace(/^retired( by plan import)?: /, '') ?? '' };
        break;
      case 'update':
        a = {
          ...a,
          status: u.status,
          rag: u.rag,
          narrative: u.narrative ?? a.narrative,
          percentComplete: u.percentComplete ?? a.percentComplete,
          lastReplyAt: u.at,
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
    }
  }
  return a;
}

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
