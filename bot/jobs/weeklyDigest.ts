import type { AdaptiveCardJson } from '../../cards/render';
import { digestCard } from '../../cards/digestCard';
import type { BoardStore, Clock } from '../domain/ports';
import type { Digest } from '../domain/digest';
import { type HolidayCheck, isoWeek, isoWeekday, londonDate } from '../domain/calendar';
import { loadDigest } from '../digest/loadDigest';
import type { Logger } from '../log';

/** What posting the weekly digest needs. */
export interface WeeklyDigestDeps {
  store: BoardStore;
  clock: Clock;
  log: Logger;
  isHoliday: HolidayCheck;
  digestWeekday: number;
  chart(d: Digest): Promise<string | undefined>;
  postToBoardChannel(card: AdaptiveCardJson, summary: string): Promise<boolean>;
}

/**
 * Posts this week's digest to the board channel once: on the digest day (or the first working day
 * after it in the same week, if that was a holiday). The week is claimed in storage first, so two
 * instances never both post it.
 */
export async function postWeeklyDigest(
  deps: WeeklyDigestDeps,
): Promise<'posted' | 'not due' | 'already posted' | 'no channel'> {
  const now = deps.clock();
  const today = londonDate(now);
  if (isoWeekday(today) < deps.digestWeekday || isoWeekday(today) > 5 || deps.isHoliday(today)) return 'not due';
  const week = isoWeek(today);
  if ((await deps.store.settings.get(`digestPosted:${week}`)) !== undefined) return 'already posted';
  if (!(await deps.store.settings.get('boardChannel'))) return 'no channel';
  if ((await deps.store.plans.list()).length === 0) return 'not due';
  if (!(await deps.store.settings.claim(`digestPosted:${week}`, now.toISOString()))) return 'already posted';
  try {
    const d = await loadDigest(deps.store, {}, now);
    await deps.postToBoardChannel(digestCard(d, await deps.chart(d)), `Board digest for week ${week}`);
    deps.log.info('weekly digest posted', { week, actions: d.mix.total, completeOrOnTarget: d.completeOrOnTarget });
  } catch (e) {
    await deps.store.settings.release(`digestPosted:${week}`);
    throw e;
  }
  return 'posted';
}
