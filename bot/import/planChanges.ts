import { randomUUID } from 'node:crypto';
import { type Action, type ActionUpdate, type Plan, actionId, actionKeyOf, isOpen, planIdOf } from '../domain/types';
import type { PlanRow, RowProblem } from './planCsv';
import { completedAtAfter, importedClosure } from '../domain/history';

/** One action the import would write: the state to store and the history row that records it. */
export interface PlannedWrite {
  /** The stored action this replaces (compare its ETag when writing); absent for a new action. */
  before?: Action;
  action: Action;
  update: Omit<ActionUpdate, 'revision'>;
}

/** A stored action of a plan in the file that the file no longer lists. */
export interface MissingAction {
  action: Action;
  /** True when this import retires it (`--retire-missing` and the action was open). */
  retired: boolean;
}

/** What an import would do, decided without I/O. Nothing is written when `problems` is not empty. */
export interface ImportChanges {
  /** Plans the file names that the board does not have yet. */
  newPlans: Plan[];
  add: PlannedWrite[];
  change: PlannedWrite[];
  /** Stored actions the file leaves exactly as they are. */
  leave: Action[];
  /** Stored actions of the file's plans that the file does not list (already retired ones excluded). */
  missing: MissingAction[];
  /** Retirements of missing open actions (empty unless `retireMissing`); also listed in `missing`. */
  retire: PlannedWrite[];
  /** Owner names the file gives (first one per email); the writer sets them where the board has no name yet. */
  ownerNames: { email: string; name: string }[];
  /** Why the file cannot be imported against what the board holds, in the parser's line/column/reason form. */
  problems: RowProblem[];
}

/** What the planner needs: the parsed rows, what the board holds now for the file's plans, and who imports. */
export interface ImportInput {
  rows: PlanRow[];
  /** Every stored plan (to find a stored spelling of the same plan key). */
  plans: Plan[];
  /** The stored actions of the plans the file names (more is harmless: other plans are ignored). */
  actions: Action[];
  now: string;
  by: string;
  retireMissing?: boolean;
  /** Missing actions to retire, chosen one by one (`planId/REF`, see actionKeyOf); `retireMissing` retires all. */
  retireRefs?: readonly string[];
}

const progressOf = (r: Pick<PlanRow, 'status' | 'rag' | 'narrative'>): string =>
  JSON.stringify([r.status, r.rag ?? '', r.narrative ?? '']);

/** Plan names that differ only in case or spacing are the same plan; anything else mapping to one key is not. */
const sameSpelling = (a: string, b: string): boolean =>
  a.trim().replace(/\s+/g, ' ').toLowerCase() === b.trim().replace(/\s+/g, ' ').toLowerCase();

const refKey = (planId: string, ref: string): string => actionKeyOf({ planId, ref });

const FIELDS: (keyof Action)[] = [
  'planName',
  'theme',
  'title',
  'ownerEmail',
  'dueDate',
  'status',
  'rag',
  'narrative',
  'importedProgress',
];
const sameAction = (a: Action, b: Action): boolean => FIELDS.every((f) => (a[f] ?? '') === (b[f] ?? ''));

const historyRow = (a: Action, at: string, by: string, note: string): Omit<ActionUpdate, 'revision'> => ({
  planId: a.planId,
  ref: a.ref,
  id: randomUUID(),
  at,
  kind: 'import',
  byEmail: by,
  status: a.status,
  rag: a.rag,
  narrative: a.narrative,
  ownerEmail: a.ownerEmail,
  dueDate: a.dueDate,
  theme: a.theme,
  title: a.title,
  note,
});

/**
 * Decides what importing `rows` would do to what the board holds, without I/O. References match without regard to
 * case and keep the stored spelling; a plan keeps its stored name. New actions are added; for known actions the
 * plan's structure (theme, title, owner, due date) follows the file, and status, RAG and narrative follow it only
 * when the file's values changed since the last import, so an owner's newer reply survives. A retired action the
 * file lists again is restored with the file's progress. Stored actions the file omits are listed as missing and
 * retired only with `retireMissing` (open ones; closed ones keep their outcome).
 */
export function planImportChanges(input: ImportInput): ImportChanges {
  const { rows, now, by } = input;
  const problems: RowProblem[] = [];
  const storedPlans = new Map(input.plans.map((p) => [p.id, p]));
  const planNames = new Map<string, string>();
  for (const r of rows) {
    const id = planIdOf(r.plan);
    if (planNames.has(id)) continue;
    const stored = storedPlans.get(id);
    if (stored && !sameSpelling(stored.name, r.plan)) {
      problems.push({
        line: r.line,
        column: 'plan',
        reason: `"${r.plan}" would be the same plan as "${stored.name}", already on the board (both are "${id}"); write "${stored.name}"`,
      });
    }
    planNames.set(id, stored?.name ?? r.plan);
  }
  const newPlans = [...planNames]
    .filter(([id]) => !storedPlans.has(id))
    .map(([id, name]): Plan => ({ id, name, createdAt: now }));

  const existing = new Map<string, Action>();
  for (const a of input.actions) if (planNames.has(a.planId)) existing.set(refKey(a.planId, a.ref), a);

  const add: PlannedWrite[] = [];
  const change: PlannedWrite[] = [];
  const leave: Action[] = [];
  const listed = new Set<string>();
  for (const r of rows) {
    const planId = planIdOf(r.plan);
    const key = refKey(planId, r.reference);
    listed.add(key);
    const before = existing.get(key);
    const progress = progressOf(r);
    const restored = Boolean(before?.retired);
    const takeProgress = !before || restored || before.importedProgress !== progress;
    const next: Action = {
      ...(before ?? { revision: 0 }),
      planId,
      ref: before?.ref ?? r.reference,
      planName: planNames.get(planId) ?? r.plan,
      theme: r.theme,
      title: r.action,
      ownerEmail: r.ownerEmail,
      dueDate: r.dueDate,
      ...(takeProgress
        ? { status: r.status, rag: r.rag, narrative: r.narrative }
        : { status: before.status, rag: before.rag, narrative: before.narrative }),
      importedProgress: progress,
      retired: undefined,
    } as Action;
    if (before && !restored && sameAction(before, next)) {
      leave.push(before);
      continue;
    }
    next.revision = (before?.revision ?? 0) + 1;
    next.completedAt = before ? completedAtAfter(before, next, now) : undefined;
    next.closure = importedClosure(before, next);
    if (before && before.ownerEmail !== next.ownerEmail) next.notMine = undefined;
    const note = !before ? 'created by plan import' : restored ? 'restored by plan import' : 'changed by plan import';
    (before ? change : add).push({ before, action: next, update: historyRow(next, now, by, note) });
  }

  const missing: MissingAction[] = [];
  const retire: PlannedWrite[] = [];
  for (const [key, a] of existing) {
    if (listed.has(key) || a.retired) continue;
    const retired = (Boolean(input.retireMissing) || Boolean(input.retireRefs?.includes(key))) && isOpen(a);
    missing.push({ action: a, retired });
    if (!retired) continue;
    const reason = 'not in the plan file any more';
    const next: Action = { ...a, retired: { at: now, by, reason }, revision: a.revision + 1 };
    retire.push({
      before: a,
      action: next,
      update: { ...historyRow(next, now, by, `retired by plan import: ${reason}`), kind: 'retire' },
    });
  }
  missing.sort((x, y) => actionId(x.action).localeCompare(actionId(y.action), 'en', { numeric: true }));

  const ownerNames = new Map<string, string>();
  for (const r of rows) if (r.ownerName && !ownerNames.has(r.ownerEmail)) ownerNames.set(r.ownerEmail, r.ownerName);

  return {
    newPlans,
    add,
    change,
    leave,
    missing,
    retire,
    ownerNames: [...ownerNames].map(([email, name]) => ({ email, name })),
    problems,
  };
}
