import { type Action, type Plan, planIdOf } from '../domain/types';
import { type BoardStore, ConcurrencyConflict } from '../domain/ports';
import type { PlanRow } from './planCsv';
import { type PlannedWrite, planImportChanges } from './planChanges';

/** One action added by hand (the Board report tab): one line of a plan, its fields already valid. */
export type PlanLine = Pick<PlanRow, 'plan' | 'theme' | 'reference' | 'action' | 'ownerEmail' | 'dueDate'>;

/** Why a line cannot be added, by the column at fault (the import's column names). */
export type LineProblem = { column: 'plan' | 'reference'; reason: string };

/**
 * What adding one line would do, decided without I/O by the import's own planner (the same plan names, the same
 * new action, the same history row), recorded as added by `by` in the tab rather than imported. A reference the
 * plan already holds (in any case, or taken out of the plan) is refused: an addition never changes an action.
 */
export function planAddition(
  line: PlanLine,
  plans: readonly Plan[],
  actions: readonly Action[],
  now: string,
  by: string,
): { problem: LineProblem } | { newPlan?: Plan; write: PlannedWrite } {
  const c = planImportChanges({
    rows: [{ ...line, line: 1, status: 'Not started' }],
    plans: [...plans],
    actions: [...actions],
    now,
    by,
  });
  if (c.problems.length) return { problem: { column: 'plan', reason: c.problems[0].reason } };
  const there = c.change[0]?.before ?? c.leave[0];
  if (there || c.add.length !== 1)
    return {
      problem: {
        column: 'reference',
        reason: `${there?.ref ?? line.reference} is already in ${there?.planName ?? line.plan}${there?.retired ? ' (taken out of the plan)' : ''}: open it to change it`,
      },
    };
  const w = c.add[0];
  return {
    newPlan: c.newPlans[0],
    write: { ...w, update: { ...w.update, kind: 'add', note: 'added in the Board report tab' } },
  };
}

/**
 * Adds one action: its state and its first history row in one commit (insert only, so two people adding the same
 * reference at once cannot both land), after the plan itself when it is new.
 */
export async function addAction(
  store: BoardStore,
  line: PlanLine,
  now: Date,
  by: string,
): Promise<{ problem: LineProblem } | { action: Action }> {
  for (let attempt = 1; ; attempt++) {
    const planned = planAddition(
      line,
      await store.plans.list(),
      (await store.actions.listByPlan(planIdOf(line.plan))).map((v) => v.value),
      now.toISOString(),
      by,
    );
    if ('problem' in planned) return planned;
    if (planned.newPlan) await store.plans.upsert(planned.newPlan);
    try {
      await store.actions.commit({ action: planned.write.action, update: planned.write.update });
      return { action: planned.write.action };
    } catch (e) {
      // Added by someone else meanwhile: planned again, it is refused as already there.
      if (!(e instanceof ConcurrencyConflict) || attempt >= 2) throw e;
    }
  }
}
