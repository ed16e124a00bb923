import { addDays, endOfWeek, isoWeek, londonDate, londonMidnight, weekMonday } from '../domain/calendar';
import type { BoardStore } from '../domain/ports';
import { foldHistory, themeMixesOf } from '../domain/snapshots';
import { type Action, type ActionUpdate, type Plan, refOf } from '../domain/types';

/** How long after a week ends before it counts as closed: answers in flight at midnight have landed by then. */
export const CLOSE_MARGIN_MS = 10 * 60_000;

const WEEK_DAYS = 7;

/** The ISO week before `week`. */
export const previousWeek = (week: string): string => isoWeek(addDays(weekMonday(week) as string, -WEEK_DAYS));
/** The ISO week after `week`. */
export const nextWeek = (week: string): string => isoWeek(addDays(weekMonday(week) as string, WEEK_DAYS));
/** The instant a week ends, as history's keys write it. */
export const weekEndIso = (week: string): string => (endOfWeek(week) as Date).toISOString();
/** The instant a week begins (Monday 00:00 in London). */
export const weekStartIso = (week: string): string => londonMidnight(weekMonday(week) as string).toISOString();

/** The last ISO week that is closed at `now`: it ended at least CLOSE_MARGIN_MS ago. */
export function lastClosedWeek(now: Date): string {
  return previousWeek(isoWeek(londonDate(new Date(now.getTime() - CLOSE_MARGIN_MS))));
}

/** `count` weeks ending with `last`, oldest first. */
export function weeksEndingWith(last: string, count: number): string[] {
  const out = [last];
  while (out.length < count) out.unshift(previousWeek(out[0]));
  return out;
}

/**
 * Keeps the plan's closed weeks up to `upTo` and moves their history out of the Ledger (the scheduler's
 * weekly work: the move of a long history can take minutes, so no request waits for it). Reads of
 * history see no difference; the plan row notes the week, so later ticks read nothing. Rows moved.
 */
export async function keepAndMoveClosedWeeks(store: BoardStore, plan: Plan, upTo: string): Promise<number> {
  if (plan.historyMovedUntil !== undefined && plan.historyMovedUntil >= upTo) return 0;
  await keepClosedWeeks(store, plan, upTo);
  const moved = await store.snapshots.archiveUntil(plan.id, weekEndIso(upTo));
  await store.plans.markHistoryMoved(plan.id, upTo);
  return moved;
}

const byRef = (actions: readonly Action[]) => new Map(actions.map((a) => [refOf(a.ref), a]));
const weekOf = (u: ActionUpdate): string => isoWeek(londonDate(new Date(u.at)));

/**
 * Keeps the plan's closed weeks up to `upTo`: each week's figures, and every action's state at the
 * end of the latest one, folded from the last week kept and the history recorded since (a key-range
 * read of that stretch only). Closed weeks never change, so each is worked out once, by whichever
 * instance needs it first; the same history always gives the same snapshot.
 */
export async function keepClosedWeeks(
  store: BoardStore,
  plan: Plan,
  upTo: string,
  /** What the caller read already (BoardStore.snapshots.board): the weeks kept and the actions as they are. */
  known?: { weeks: Iterable<string>; actions: Action[] },
): Promise<boolean> {
  const first = isoWeek(londonDate(new Date(plan.createdAt)));
  if (first > upTo) return false;
  const latest = known
    ? [...known.weeks]
        .filter((w) => w <= upTo)
        .sort()
        .at(-1)
    : await store.snapshots.latestWeek(plan.id, upTo);
  if (latest === upTo) return false;
  const current = byRef(known?.actions ?? (await store.actions.listByPlan(plan.id)).map((v) => v.value));
  const kept = latest ? await store.snapshots.states(plan.id, latest) : undefined;
  // The base of the fold: the latest week's states, or (none kept) the plan's whole history until then.
  let state = kept
    ? byRef(kept)
    : latest
      ? foldHistory(new Map(), await store.snapshots.historyBetween(plan.id, undefined, weekEndIso(latest)), current)
      : new Map<string, Action>();
  const rows = await store.snapshots.historyBetween(plan.id, latest ? weekEndIso(latest) : undefined, weekEndIso(upTo));
  const byWeek = new Map<string, ActionUpdate[]>();
  for (const u of rows) byWeek.set(weekOf(u), [...(byWeek.get(weekOf(u)) ?? []), u]);
  for (let w = latest ? nextWeek(latest) : first; w <= upTo; w = nextWeek(w)) {
    state = foldHistory(state, byWeek.get(w) ?? [], current);
    const states = [...state.values()];
    await store.snapshots.put(plan.id, {
      week: w,
      mixes: themeMixesOf(states),
      states: w === upTo ? states : undefined,
    });
  }
  return true;
}
