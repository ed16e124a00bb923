import { challengeFlags, type ChallengeFlag, FLAG_DEFAULTS, type FlagSettings } from '../domain/challengeFlags';
import { namesOf } from '../domain/people';
import { addDays, londonDate, londonMidnight } from '../domain/calendar';
import { actionAt, historyByRef } from '../domain/history';
import type { BoardStore } from '../domain/ports';
import { type PeriodReport, buildPeriodReport } from '../domain/periodReport';
import { type Action, type ActionUpdate, actionKeyOf } from '../domain/types';
import { BoardBotError, ErrorCode } from '../errors';
import { listMeetings } from './boardMeetings';
import { plansMatching } from './loadDigest';

/** Which report: two London dates (ISO), and a plan (id or part of its name). */
export interface PeriodQuery {
  plan?: string;
  from?: string;
  to?: string;
}

/** The last instant of a London date: what was known by the end of that day. */
export const endOfDay = (date: string): Date => new Date(londonMidnight(addDays(date, 1)).getTime() - 1);

/**
 * The two dates of a report: `to` is the date given or today; `from` the date given or the latest
 * board meeting recorded before `to`. Refuses when there is no such meeting, or `from` is not before `to`.
 */
export async function periodOf(store: BoardStore, q: PeriodQuery, now: Date): Promise<{ from: string; to: string }> {
  const to = q.to ?? londonDate(now);
  const from = q.from ?? (await listMeetings(store.settings)).filter((m) => m.date < to).at(-1)?.date;
  if (!from)
    throw new BoardBotError(
      ErrorCode.InvalidSubmit,
      'No board meeting is recorded before that date: record one with "board meeting 16/11/2026", or give two dates.',
    );
  if (from >= to) throw new BoardBotError(ErrorCode.InvalidSubmit, 'The first date must be before the second.');
  return { from, to };
}

/**
 * The report between two dates, every state replayed from history (bot/domain/history.ts): the actions
 * as they stood at the end of `from` and at the end of `to` (or now, if sooner), and the history between.
 */
export async function loadPeriod(
  store: BoardStore,
  q: PeriodQuery,
  now: Date,
  /** The board's thresholds (its deps' `flags`); the defaults when absent. */
  settings: FlagSettings = FLAG_DEFAULTS,
): Promise<PeriodReport> {
  const { from, to } = await periodOf(store, q, now);
  const plans = await plansMatching(store, q.plan);
  const fromAt = endOfDay(from).toISOString();
  const toAt = new Date(Math.min(endOfDay(to).getTime(), now.getTime())).toISOString();
  const atStart: Action[] = [];
  const atEnd: Action[] = [];
  const during: ActionUpdate[] = [];
  const flags = new Map<string, ChallengeFlag[]>();
  for (const plan of plans) {
    const [actions, updates] = await Promise.all([
      store.actions.listByPlan(plan.id),
      store.updates.listForPlan(plan.id, toAt),
    ]);
    const history = historyByRef(updates);
    during.push(...updates.filter((u) => u.at > fromAt));
    for (const { value } of actions) {
      const h = history.get(value.ref) ?? [];
      const before = actionAt(value, h, fromAt);
      const after = actionAt(value, h, toAt);
      if (before && !before.retired) atStart.push(before);
      if (!after || after.retired) continue;
      atEnd.push(after);
      const f = challengeFlags(value, h, toAt, settings);
      if (f.length) flags.set(actionKeyOf(after), f);
    }
  }
  return buildPeriodReport({
    from,
    to,
    fromAt,
    toAt,
    scope: plans.map((p) => p.name).join(', '),
    before: atStart,
    after: atEnd,
    during,
    flags,
    names: namesOf(await store.owners.list()),
  });
}
