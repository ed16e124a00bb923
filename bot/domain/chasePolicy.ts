import { type Action, type ActionKey, type ChasePrompt, isOpen } from './types';
import {
  type HolidayCheck,
  addDays,
  daysBetween,
  isWorkingDay,
  isoWeekday,
  londonDate,
  workingDaysBetween,
} from './calendar';
import { type Away, chaseeOf } from './away';

/** How the secretariat wants owners chased. */
export interface ChaseSettings {
  /** ISO weekday of the cycle: 1 Monday ... 5 Friday. */
  chaseWeekday: number;
  intervalWeeks: number;
  /** An action the owner replied about within this many days is left out of the prompt. */
  skipIfRepliedWithinDays: number;
  nudgeAfterWorkingDays: number;
  escalateAfterWorkingDays: number;
}

/** The most recent date on or before `iso` that falls on the chase weekday. */
export function chaseSlot(iso: string, weekday: number): string {
  return addDays(iso, -((isoWeekday(iso) - weekday + 7) % 7));
}

/**
 * Is a scheduled cycle due today? Only on working days; a cycle whose day was a weekend or
 * bank holiday (or missed while the bot was down) runs on the next working day instead.
 */
export function isCycleDue(
  today: string,
  lastScheduledStart: string | undefined,
  s: ChaseSettings,
  isHoliday: HolidayCheck,
): boolean {
  if (!isWorkingDay(today, isHoliday)) return false;
  if (!lastScheduledStart) return true;
  const slotToday = chaseSlot(today, s.chaseWeekday);
  if (lastScheduledStart >= slotToday) return false;
  return daysBetween(chaseSlot(lastScheduledStart, s.chaseWeekday), slotToday) >= 7 * s.intervalWeeks;
}

/** One owner's share of a cycle: the actions to ask about, or why they are not asked. */
export type OwnerChasePlan =
  | { ownerEmail: string; kind: 'prompt'; actions: ActionKey[] }
  | { ownerEmail: string; kind: 'skip'; reason: string; actions: ActionKey[] };

/**
 * Who is due a prompt this cycle, and for which actions: one entry per person, never per action. An
 * owner away today is not prompted: their cover (if they named one) is asked about their actions, on
 * the cover's one card with the cover's own; with no cover they are skipped until they are back.
 */
export function planCycle(
  actions: readonly Action[],
  now: Date,
  s: ChaseSettings,
  away: ReadonlyMap<string, Away> = new Map(),
): OwnerChasePlan[] {
  const today = londonDate(now);
  const byOwner = new Map<string, Action[]>();
  const awayWithoutCover = new Map<string, { away: Away; actions: Action[] }>();
  for (const a of actions.filter((x) => isOpen(x) && x.notMine?.by !== x.ownerEmail)) {
    const chasee = chaseeOf(a.ownerEmail, away, today);
    if ('away' in chasee) {
      const entry = awayWithoutCover.get(a.ownerEmail) ?? { away: chasee.away, actions: [] };
      entry.actions.push(a);
      awayWithoutCover.set(a.ownerEmail, entry);
      continue;
    }
    const list = byOwner.get(chasee.email) ?? [];
    list.push(a);
    byOwner.set(chasee.email, list);
  }
  const cutoff = now.getTime() - s.skipIfRepliedWithinDays * 86_400_000;
  const keys = (list: Action[]): ActionKey[] => list.map(({ planId, ref }) => ({ planId, ref }));
  const plans: OwnerChasePlan[] = [];
  for (const [ownerEmail, open] of [...byOwner].sort(([a], [b]) => a.localeCompare(b))) {
    const sorted = [...open].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.ref.localeCompare(b.ref));
    const due = sorted.filter((a) => !a.lastReplyAt || Date.parse(a.lastReplyAt) < cutoff);
    if (due.length === 0) {
      plans.push({
        ownerEmail,
        kind: 'skip',
        reason: `updated all open actions in the last ${s.skipIfRepliedWithinDays} days`,
        actions: keys(sorted),
      });
    } else {
      plans.push({ ownerEmail, kind: 'prompt', actions: keys(due) });
    }
  }
  for (const [ownerEmail, entry] of [...awayWithoutCover].sort(([a], [b]) => a.localeCompare(b)))
    plans.push({ ownerEmail, kind: 'skip', reason: `away until ${entry.away.until}`, actions: keys(entry.actions) });
  return plans;
}

export type FollowUp = 'nudge' | 'escalate' | 'none';

const unanswered = (p: ChasePrompt): boolean => (p.state === 'sent' || p.state === 'unknown') && Boolean(p.sentAt);

/**
 * What an owner needs today, judged on their prompts across recent cycles: a nudge when their latest
 * prompt has waited N working days, escalation when they have not answered for M working days in a
 * row of cycles (a new weekly card does not reset the clock), each only once.
 */
export function followUpFor(
  prompts: readonly ChasePrompt[],
  today: string,
  s: ChaseSettings,
  isHoliday: HolidayCheck,
): { step: FollowUp; prompt?: ChasePrompt } {
  if (!isWorkingDay(today, isHoliday)) return { step: 'none' };
  const sorted = prompts.filter((p) => p.sentAt).sort((a, b) => (a.sentAt ?? '').localeCompare(b.sentAt ?? ''));
  const latest = sorted.at(-1);
  if (!latest || !unanswered(latest)) return { step: 'none' };
  let run = sorted.length - 1;
  while (run > 0 && unanswered(sorted[run - 1])) run -= 1;
  const streak = sorted.slice(run);
  const days = (p: ChasePrompt) => workingDaysBetween(londonDate(new Date(p.sentAt as string)), today, isHoliday);
  if (days(streak[0]) >= s.escalateAfterWorkingDays && !streak.some((p) => p.escalatedAt))
    return { step: 'escalate', prompt: latest };
  if (days(latest) >= s.nudgeAfterWorkingDays && !latest.nudgedAt && !latest.escalatedAt)
    return { step: 'nudge', prompt: latest };
  return { step: 'none' };
}
