import { randomUUID } from 'node:crypto';
import { type Action, type ActionUpdate, type Plan, planIdOf } from '../domain/types';
import type { BoardStore } from '../domain/ports';
import type { PlanRow } from './planCsv';

/** What an import changed. */
export interface ImportSummary {
  plans: number;
  created: number;
  changed: number;
  unchanged: number;
}

const progressOf = (r: Pick<PlanRow, 'status' | 'rag' | 'narrative'>): string =>
  JSON.stringify([r.status, r.rag ?? '', r.narrative ?? '']);

/**
 * Decides, without I/O, what rows change: new actions are created; for known actions the plan's
 * structure (theme, title, owner, due date) follows the file, and status, RAG and narrative follow
 * it only when the file's values changed since the last import, so an owner's newer reply survives.
 */
export function planImport(
  rows: PlanRow[],
  existing: Map<string, Action>,
  now: string,
  by: string,
): { actions: Action[]; updates: ActionUpdate[]; unchanged: number } {
  const actions: Action[] = [];
  const updates: ActionUpdate[] = [];
  let unchanged = 0;
  for (const r of rows) {
    const planId = planIdOf(r.plan);
    const before = existing.get(`${planId}/${r.reference}`);
    const progress = progressOf(r);
    const structure = {
      planId,
      ref: r.reference,
      planName: r.plan,
      theme: r.theme,
      title: r.action,
      ownerEmail: r.ownerEmail,
      dueDate: r.dueDate,
    };
    const takeProgress = !before || before.importedProgress !== progress;
    const next: Action = {
      ...(before ?? { revision: 0 }),
      ...structure,
      ...(takeProgress
        ? { status: r.status, rag: r.rag, narrative: r.narrative }
        : { status: before.status, rag: before.rag, narrative: before.narrative }),
      importedProgress: progress,
    } as Action;
    if (before && sameAction(before, next)) {
      unchanged += 1;
      continue;
    }
    next.revision = (before?.revision ?? 0) + 1;
    if (before && before.ownerEmail !== next.ownerEmail) next.notMine = undefined;
    actions.push(next);
    updates.push({
      planId,
      ref: r.reference,
      id: randomUUID(),
      at: now,
      kind: 'import',
      byEmail: by,
      status: next.status,
      rag: next.rag,
      narrative: next.narrative,
      ownerEmail: next.ownerEmail,
      dueDate: next.dueDate,
      theme: next.theme,
      title: next.title,
      note: before ? 'changed by plan import' : 'created by plan import',
    });
  }
  return { actions, updates, unchanged };
}

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

/** Writes validated rows: history rows first, then the actions, batched per plan. Re-running the same rows writes nothing. */
export async function importPlanRows(
  store: BoardStore,
  rows: PlanRow[],
  now: Date,
  by = 'plan import',
): Promise<ImportSummary> {
  const planNames = [...new Set(rows.map((r) => r.plan))];
  const known = new Map((await store.plans.list()).map((p) => [p.id, p]));
  const existing = new Map<string, Action>();
  for (const name of planNames) {
    for (const { value } of await store.actions.listByPlan(planIdOf(name)))
      existing.set(`${value.planId}/${value.ref}`, value);
  }
  const at = now.toISOString();
  const { actions, updates, unchanged } = planImport(rows, existing, at, by);
  for (const name of planNames) {
    const id = planIdOf(name);
    if (!known.has(id)) await store.plans.upsert({ id, name, createdAt: at } satisfies Plan);
    await store.updates.appendMany(
      id,
      updates.filter((u) => u.planId === id),
    );
    await store.actions.upsertMany(
      id,
      actions.filter((a) => a.planId === id),
    );
  }
  const created = actions.filter((a) => a.revision === 1).length;
  return { plans: planNames.length, created, changed: actions.length - created, unchanged };
}
