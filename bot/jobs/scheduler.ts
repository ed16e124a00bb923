import { Cron } from 'croner';
import { BOARD_TIME_ZONE, type HolidayCheck, londonDate } from '../domain/calendar';
import { isCycleDue } from '../domain/chasePolicy';
import { type ChaseDeps, runChaseCycle } from './chaseCycle';
import { type FollowUpDeps, runFollowUps } from './followUps';
import type { ChaseCycle } from '../domain/types';
import { keepAndMoveClosedWeeks, lastClosedWeek } from '../digest/weekSnapshots';

/** What the scheduler did on one tick. */
export interface TickReport {
  startedCycle?: string;
  resumed: string[];
  nudged: number;
  escalated: number;
}

/**
 * One tick of the schedule, run every working day at the chase time: resume any unfinished cycle,
 * start this period's cycle if it is due (a bank-holiday Monday moves it to Tuesday), then nudge and
 * escalate, then keep the figures of the weeks that closed. Idempotent: run twice, or in two processes, it prompts nobody twice.
 */
export async function schedulerTick(deps: ChaseDeps & FollowUpDeps & { isHoliday: HolidayCheck }): Promise<TickReport> {
  const today = londonDate(deps.clock());
  const cycles = await deps.store.cycles.list();
  const resumed = await resumeUnfinishedCycles(deps, cycles);
  const lastScheduled = cycles
    .filter((c) => c.trigger === 'schedule')
    .map((c) => c.id)
    .sort()
    .at(-1);
  let startedCycle: string | undefined;
  if (isCycleDue(today, lastScheduled, deps.settings, deps.isHoliday)) {
    startedCycle = (await runChaseCycle(deps, 'schedule')).cycleId;
  }
  const follow = await runFollowUps(deps);
  // Weeks that closed since the last tick are kept now, so no one's digest pays for folding them,
  // and their history leaves the Ledger.
  const closed = lastClosedWeek(deps.clock());
  for (const plan of await deps.store.plans.list()) await keepAndMoveClosedWeeks(deps.store, plan, closed);
  return { startedCycle, resumed, ...follow };
}

/**
 * Finishes every cycle not yet complete: prompts handed back by an instance that stopped, or left
 * pending by a failure. Run on each tick and when the bot starts, so a restart mid-cycle does not
 * leave owners waiting for the next chase time. Safe beside a live instance: claims decide.
 */
export async function resumeUnfinishedCycles(deps: ChaseDeps, known?: ChaseCycle[]): Promise<string[]> {
  const resumed: string[] = [];
  for (const c of (known ?? (await deps.store.cycles.list())).filter((c) => !c.completedAt)) {
    await runChaseCycle(deps, c.trigger, c.id);
    resumed.push(c.id);
  }
  return resumed;
}

/** Runs `work` on weekdays at HH:MM London time with croner (time-zone and DST aware; a run never overlaps the last). */
export function everyWorkingDayAt(
  time: string,
  work: () => Promise<unknown>,
  onError: (e: unknown) => void,
): { stop(): void } {
  const [h, m] = time.split(':').map(Number);
  const job = new Cron(`${m} ${h} * * 1-5`, { timezone: BOARD_TIME_ZONE, protect: true, catch: onError }, async () => {
    await work();
  });
  return { stop: () => job.stop() };
}
