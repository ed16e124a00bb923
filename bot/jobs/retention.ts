import type { BoardStore, Clock } from '../domain/ports';
import { pastRetention, retentionCutoff } from '../domain/personalData';
import { isOpen } from '../domain/types';
import type { Logger } from '../log';

export interface RetentionDeps {
  store: BoardStore;
  clock: Clock;
  log: Logger;
  /** RETENTION_YEARS: how long a plan's record is kept after its last change, once nothing in it is open. */
  years: number;
}

/**
 * Applies the retention setting (run daily by the scheduler): a plan with nothing open whose last
 * change is more than RETENTION_YEARS old is deleted (its Ledger partition and Plans row), and so
 * are chase cycles and their prompts older than that. Each deletion is recorded in Settings.
 */
export async function applyRetention(deps: RetentionDeps): Promise<{ plans: string[]; cycles: number }> {
  const now = deps.clock();
  const deleted: string[] = [];
  for (const plan of await deps.store.plans.list()) {
    const actions = await deps.store.actions.listByPlan(plan.id);
    const history = await deps.store.updates.listForPlan(plan.id);
    const lastChangeAt = history.reduce<string | undefined>((m, u) => (!m || u.at > m ? u.at : m), undefined);
    const activity = { planId: plan.id, open: actions.some((a) => isOpen(a.value)), lastChangeAt };
    if (!pastRetention(activity, now, deps.years)) continue;
    const rows = await deps.store.personalData.deletePlan(plan.id);
    await deps.store.settings.set(
      `retention:${plan.id}`,
      JSON.stringify({ deletedAt: now.toISOString(), lastChangeAt, rows, years: deps.years }),
    );
    deps.log.info('plan deleted at the end of its retention period', { planId: plan.id, rows, lastChangeAt });
    deleted.push(plan.id);
  }
  const cycles = await deps.store.personalData.deleteCyclesBefore(retentionCutoff(now, deps.years));
  if (cycles > 0) deps.log.info('chase cycles deleted at the end of their retention period', { cycles });
  return { plans: deleted, cycles };
}
