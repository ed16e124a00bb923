import { randomUUID } from 'node:crypto';
import { type Action, type ActionUpdate, type Plan, planIdOf } from '../domain/types';
import { type BoardStore, ConcurrencyConflict } from '../domain/ports';
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
): { actions: Action[]; updates: Omit<ActionUpdate, 'revision'>[]; unchanged: number } {
  const actions: Action[] = [];
  const updates: Omit<ActionUpdate, 'revision'>[] = [];
  let unchanged = 0;
  for (const r of rows) {
    const planId = planIdOf(r.plan);
    const before = existing.get(importKey(planId, r.reference));
    const progress = progressOf(r);
    const structure = {
      planId,
      ref: before?.ref ?? r.reference,
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
      ref: next.ref,
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

/** How imports find the stored action for a row: plan and reference, the reference without regard to case. */
export const importKey = (planId: string, ref: string): string => `${planId}/${ref.trim().toUpperCase()}`;

/** How many times one plan's import is planned again after an owner answered during it. */
const ATTEMPTS = 5;

/**
 * Writes validated rows, plan by plan: each action's new state and its history row in one commit,
 * ETag-checked against the state the import read, so an owner's answer given meanwhile is never
 * overwritten: on a conflict the plan is read and planned again (already-written rows are then
 * unchanged). Re-running the same rows writes nothing.
 */
export async function importPlanRows(
  store: BoardStore,
  rows: PlanRow[],
  now: Date,
  by = 'plan import',
): Promise<ImportSummary> {
  const planNames = [...new Set(rows.map((r) => r.plan))];
  const known = new Map((await store.plans.list()).map((p) => [p.id, p]));
  const at = now.toISOString();
  const summary: ImportSummary = { plans: planNames.length, created: 0, changed: 0, unchanged: 0 };
  for (const name of planNames) {
    const id = planIdOf(name);
    if (!known.has(id)) await store.plans.upsert({ id, name, createdAt: at } satisfies Plan);
    const planRows = rows.filter((r) => r.plan === name);
    const result = await importOnePlan(store, id, planRows, at, by);
    summary.created += result.created;
    summary.changed += result.changed;
    summary.unchanged += result.unchanged;
  }
  return summary;
}

async function importOnePlan(
  store: BoardStore,
  planId: string,
  rows: PlanRow[],
  at: string,
  by: string,
): Promise<Omit<ImportSummary, 'plans'>> {
  for (let attempt = 1; ; attempt++) {
    const stored = await store.actions.listByPlan(planId);
    const existing = new Map(stored.map((v) => [importKey(v.value.planId, v.value.ref), v.value]));
    const etags = new Map(stored.map((v) => [importKey(v.value.planId, v.value.ref), v.etag]));
    const { actions, updates, unchanged } = planImport(rows, existing, at, by);
    const commits = actions.map((action, i) => ({
      action,
      etag: etags.get(importKey(planId, action.ref)),
      update: updates[i],
    }));
    try {
      await store.actions.commitMany(planId, commits);
      const created = actions.filter((a) => a.revision === 1).length;
      return { created, changed: actions.length - created, unchanged };
    } catch (e) {
      if (!(e instanceof ConcurrencyConflict) || attempt >= ATTEMPTS) throw e;
    }
  }
}
