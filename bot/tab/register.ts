import { type Action, RAGS, STATUSES, awaitsClosure, compareRefs } from '../domain/types';
import { type ChallengeFlag, FLAG_KINDS, FLAG_LABEL, hasFlag } from '../domain/challengeFlags';
import { effectiveDue, isOpenStatus } from '../domain/digest';
import { daysBetween } from '../domain/calendar';
import { currentState } from '../../cards/ragText';
import type { Facets, RegisterRow } from './tabApi';
import type { RegisterQuery } from './tabQuery';

/** An action as a row of the register, on `today` (London date). Pure. */
export function registerRow(
  a: Action,
  today: string,
  names: ReadonlyMap<string, string> = new Map(),
  flags: readonly ChallengeFlag[] = [],
): RegisterRow {
  const dueBy = effectiveDue(a);
  const late = isOpenStatus(a.status) ? daysBetween(dueBy, today) : 0;
  return {
    planId: a.planId,
    planName: a.planName,
    ref: a.ref,
    title: a.title,
    theme: a.theme,
    ownerEmail: a.ownerEmail,
    ownerName: names.get(a.ownerEmail),
    dueDate: a.dueDate,
    dueBy,
    revisedDate: a.revisedDate?.date,
    revisedState: a.revisedDate?.state,
    status: a.status,
    rag: a.status === 'Complete' ? undefined : a.rag,
    state: currentState(a),
    overdue: late > 0,
    daysOverdue: late > 0 ? late : undefined,
    narrative: a.narrative,
    percentComplete: a.percentComplete,
    lastReplyAt: a.lastReplyAt,
    flags: [...flags],
    evidenceUrl: a.evidenceUrl,
    awaitingClosure: awaitsClosure(a) || undefined,
  };
}

/** The rows the filters keep. Every filter is exact: the page offers the values from the facets. */
export function filterRows(rows: readonly RegisterRow[], q: Partial<RegisterQuery>): RegisterRow[] {
  return rows.filter(
    (r) =>
      (!q.plan || r.planId === q.plan) &&
      (!q.theme || r.theme === q.theme) &&
      (!q.owner || r.ownerEmail === q.owner) &&
      (!q.status || r.status === q.status) &&
      (!q.rag || (q.rag === 'none' ? !r.rag && isOpenStatus(r.status) : r.rag === q.rag)) &&
      (!q.overdue || r.overdue === (q.overdue === 'yes')) &&
      (!q.flag || hasFlag(r.flags, q.flag)),
  );
}

const byRef = (a: RegisterRow, b: RegisterRow) => a.planName.localeCompare(b.planName) || compareRefs(a.ref, b.ref);
/** Red first, then Amber, Green, open actions with no RAG yet, and closed ones last. */
const ragRank = (r: RegisterRow): number =>
  r.rag ? { Red: 0, Amber: 1, Green: 2 }[r.rag] : isOpenStatus(r.status) ? 3 : 4;
const COMPARE = {
  due: (a: RegisterRow, b: RegisterRow) => a.dueBy.localeCompare(b.dueBy) || byRef(a, b),
  rag: (a: RegisterRow, b: RegisterRow) => ragRank(a) - ragRank(b) || a.dueBy.localeCompare(b.dueBy) || byRef(a, b),
  ref: byRef,
};

/** Sorted by due date (the date it is now due by), by RAG (worst first) or by reference; `desc` reverses. */
export function sortRows(
  rows: readonly RegisterRow[],
  sort: RegisterQuery['sort'],
  dir: RegisterQuery['dir'],
): RegisterRow[] {
  const sorted = [...rows].sort(COMPARE[sort]);
  return dir === 'desc' ? sorted.reverse() : sorted;
}

/** The values each filter offers, from the whole register. */
export function facetsOf(rows: readonly RegisterRow[]): Facets {
  const plans = new Map(rows.map((r) => [r.planId, r.planName]));
  const themes = new Map(rows.map((r) => [`${r.planId}\u0000${r.theme}`, { planId: r.planId, theme: r.theme }]));
  const owners = new Map(rows.map((r) => [r.ownerEmail, r.ownerName]));
  return {
    plans: [...plans].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
    themes: [...themes.values()].sort((a, b) => a.planId.localeCompare(b.planId) || compareRefs(a.theme, b.theme)),
    owners: [...owners]
      .map(([email, name]) => ({ email, name }))
      .sort((a, b) => (a.name ?? a.email).localeCompare(b.name ?? b.email)),
    statuses: STATUSES,
    rags: RAGS,
    flags: FLAG_KINDS.map((kind) => ({ kind, label: FLAG_LABEL[kind] })),
  };
}
