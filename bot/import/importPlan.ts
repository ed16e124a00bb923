import { randomUUID } from 'node:crypto';
import { type Action, type ActionUpdate, actionKeyOf, planIdOf } from '../domain/types';
import { type BoardStore, ConcurrencyConflict, type Versioned } from '../domain/ports';
import { BoardBotError, ErrorCode } from '../errors';
import type { PlanRow } from './planCsv';
import { type ImportChanges, type MissingAction, planImportChanges } from './planChanges';
import { inParallel } from '../inParallel';

/** How many plans an import writes at once. */
const PLANS_IN_FLIGHT = 4;

/** What an import changed, and what it found missing. */
export interface ImportSummary {
  plans: number;
  created: number;
  changed: number;
  unchanged: number;
  /** Stored actions of the file's plans that the file no longer lists, each marked if this import retired it. */
  missing: MissingAction[];
  retired: number;
}

/** Options of an import: `retireMissing` retires the open actions the file no longer lists. */
export interface ImportOptions {
  retireMissing?: boolean;
  /** The missing actions to retire, chosen one by one (`planId/REF`). */
  retireRefs?: string[];
}

/** How imports find the stored action for a row: plan and reference, the reference without regard to case. */
export const importKey = (planId: string, ref: string): string => actionKeyOf({ planId, ref });

/** How many times an import is planned again after an owner answered during it. */
const ATTEMPTS = 5;

/**
 * The planner's decision in the older shape (rows against a map keyed `planId/ref`), for callers that only need
 * the resulting actions. See planImportChanges for the rules.
 */
export function planImport(
  rows: PlanRow[],
  existing: Map<string, Action>,
  now: string,
  by: string,
): { actions: Action[]; updates: Omit<ActionUpdate, 'revision'>[]; unchanged: number } {
  const c = planImportChanges({ rows, plans: [], actions: [...existing.values()], now, by });
  const writes = [...c.add, ...c.change];
  return { actions: writes.map((w) => w.action), updates: writes.map((w) => w.update), unchanged: c.leave.length };
}

/**
 * Writes validated rows, plan by plan: each action's new state and its history row in one commit
 * (bot/store/actionLedger.ts), ETag-checked against the state the import read, so an owner's answer
 * given meanwhile is never overwritten: on a conflict the file is planned again against what is
 * stored now (rows already written are then unchanged). Re-running the same rows writes nothing.
 * Refuses (ImportInvalid, with `detail.problems`) a file whose plan names clash with the board's.
 */
export async function importPlanRows(
  store: BoardStore,
  rows: PlanRow[],
  now: Date,
  by = 'plan import',
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const at = now.toISOString();
  const journal: JournalledImport = { rows, at, by, options };
  const entry = { id: randomUUID(), startedAt: at, payload: JSON.stringify(journal) };
  const summary = await writeImport(store, journal, () => store.imports.begin(entry));
  await store.imports.end(entry.id);
  return summary;
}

/** What the journal keeps of an import: enough to write it again, exactly as it was (the same instant). */
interface JournalledImport {
  rows: PlanRow[];
  at: string;
  by: string;
  options: ImportOptions;
}

/**
 * Finishes every import that a crash cut short (bot/store/importJournalTable.ts): each is written
 * again with its own rows and instant, which writes only what is missing, so a plan file is in the
 * store all or nothing once the bot or `npm run import` has started. Returns how many were finished.
 */
export async function finishInterruptedImports(store: BoardStore): Promise<number> {
  const pending = await store.imports.pending();
  for (const entry of pending) {
    await writeImport(store, JSON.parse(entry.payload) as JournalledImport);
    await store.imports.end(entry.id);
  }
  return pending.length;
}

async function writeImport(
  store: BoardStore,
  { rows, at, by, options }: JournalledImport,
  beforeFirstWrite: () => Promise<void> = async () => {},
): Promise<ImportSummary> {
  const planIds = [...new Set(rows.map((r) => planIdOf(r.plan)))];
  let first: ImportChanges | undefined;
  for (let attempt = 1; ; attempt++) {
    const stored = new Map<string, Versioned<Action>>();
    for (const plan of await Promise.all(planIds.map((id) => store.actions.listByPlan(id))))
      for (const v of plan) stored.set(importKey(v.value.planId, v.value.ref), v);
    const c = planImportChanges({
      rows,
      plans: await store.plans.list(),
      actions: [...stored.values()].map((v) => v.value),
      now: at,
      by,
      retireMissing: options.retireMissing,
      retireRefs: options.retireRefs,
    });
    if (c.problems.length)
      throw new BoardBotError(ErrorCode.ImportInvalid, `Nothing was imported: ${c.problems.length} problem(s).`, {
        problems: c.problems,
      });
    if (!first) await beforeFirstWrite();
    first ??= c;
    const writes = [...c.add, ...c.change, ...c.retire];
    try {
      for (const p of c.newPlans) await store.plans.upsert(p);
      // Plans are separate partitions: written side by side.
      await inParallel(planIds, PLANS_IN_FLIGHT, async (id) => {
        const commits = writes
          .filter((w) => w.action.planId === id)
          .map((w) => ({
            action: w.action,
            etag: w.before ? stored.get(importKey(id, w.before.ref))?.etag : undefined,
            update: w.update,
          }));
        await store.actions.commitMany(id, commits);
      });
    } catch (e) {
      if (!(e instanceof ConcurrencyConflict) || attempt >= ATTEMPTS) throw e;
      continue;
    }
    // The file's names are the plan's (shown until Teams gives a person's own: bot/domain/people.ts).
    await store.owners.namePlanOwners(c.ownerNames, at);
    // What the file changes, as first planned; a replan after a conflict only finds those rows written.
    return {
      plans: planIds.length,
      created: first.add.length,
      changed: first.change.length,
      unchanged: first.leave.length,
      missing: c.missing,
      retired: c.retire.length,
    };
  }
}
