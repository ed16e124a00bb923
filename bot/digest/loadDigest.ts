import { awayByOwner } from '../domain/away';
import { type PeopleNames, namesOf } from '../domain/people';
import type { BoardStore } from '../domain/ports';
import type { Action, ChasePrompt, Plan } from '../domain/types';
import { type Digest, type Mix, type ResponseGap, buildDigest, mixOf } from '../domain/digest';
import { mixOfThemes, sumMixes } from '../domain/snapshots';
import { keepClosedWeeks, lastClosedWeek, previousWeek, weekStartIso, weeksEndingWith } from './weekSnapshots';
import { actionAt, historyByRef } from '../domain/history';
import { endOfWeek, isoWeek, londonDate } from '../domain/calendar';
import { lookupOf } from '../domain/currentAsk';
import { loadCurrentAsks } from '../jobs/currentAsks';
import { BoardBotError, ErrorCode } from '../errors';
import { FLAG_DEFAULTS, type FlagSettings } from '../domain/challengeFlags';
import { type FlagsByAction, flagsOfPlan } from './boardFlags';
import { inParallel } from '../inParallel';

/** Which digest: a plan (id or part of its name), a theme (part of its name), an ISO week. */
export interface DigestQuery {
  plan?: string;
  theme?: string;
  week?: string;
}

const contains = (hay: string, needle: string) => hay.toLowerCase().includes(needle.trim().toLowerCase());

/** The plans a query names (all when none): refuses, with the plans there are, when none matches. */
export async function plansMatching(store: BoardStore, plan: string | undefined): Promise<Plan[]> {
  const all = await store.plans.list();
  const plans = all.filter((p) => !plan || p.id === plan.toLowerCase() || contains(p.name, plan));
  if (plans.length === 0) {
    const names = all.map((p) => p.name).join('; ');
    throw new BoardBotError(
      ErrorCode.ActionNotFound,
      plan ? `No plan matches "${plan}". Plans: ${names || 'none yet'}.` : 'No plan has been imported yet.',
    );
  }
  return plans;
}

/** Each owner's current ask at `asOf` (answers worked out as of then) that is still unanswered. */
function gapsAt(prompts: ChasePrompt[], asOf: string, owners: Set<string>): ResponseGap[] {
  return prompts
    .filter(
      (p) => owners.has(p.ownerEmail) && p.sentAt && p.sentAt <= asOf && (p.state === 'sent' || p.state === 'unknown'),
    )
    .map((p) => {
      const open = p.actions.length - p.answered.length;
      const flags = [
        p.escalatedAt && p.escalatedAt <= asOf ? 'escalated' : p.nudgedAt && p.nudgedAt <= asOf ? 'nudged' : '',
        p.state === 'unknown' ? 'delivery unknown' : '',
      ].filter(Boolean);
      return {
        email: p.ownerEmail,
        detail: `${open} of ${p.actions.length} unanswered since ${londonDate(new Date(p.sentAt as string))}${flags.length ? ` (${flags.join(', ')})` : ''}`,
      };
    })
    .sort((a, b) => a.email.localeCompare(b.email));
}

/**
 * Loads what the digest needs and builds it. Every figure comes from the append-only history
 * rebuilt at the week's end, so a past week shows what was known then, whatever came after.
 */
export async function loadDigest(
  store: BoardStore,
  query: DigestQuery,
  now: Date,
  options: BoardOptions = {},
): Promise<Digest> {
  return (await loadBoard(store, query, now, options)).digest;
}

/**
 * Challenge flags with these thresholds (the board's, from its deps' `flags`; the defaults when absent), or
 * none (`false`: no history is read).
 */
export interface BoardOptions {
  flags?: FlagSettings | false;
}

/** The digest and every action in scope as it stood at the digest's instant (for exports). */
export interface BoardView {
  digest: Digest;
  actions: Action[];
  /** The challenge flags of those actions at the digest's instant (actionKeyOf), from history. */
  flags: FlagsByAction;
  /** The names shown for people (bot/domain/people.ts), by email, for the exports. */
  names: PeopleNames;
}

/** Every action of the plan as it stood at `asOf`, rebuilt from its history: for weeks with no kept states. */
async function statesAt(store: BoardStore, planId: string, asOf: Date): Promise<Action[]> {
  const [actions, updates] = await Promise.all([
    store.actions.listByPlan(planId),
    store.updates.listForPlan(planId, asOf.toISOString()),
  ]);
  const history = historyByRef(updates);
  return actions.flatMap(({ value }) => actionAt(value, history.get(value.ref) ?? [], asOf.toISOString()) ?? []);
}

const TREND_WEEKS = 8;
/** Plans read at once: their reads overlap (a round trip each on a real account) without holding every plan in memory. */
const PLANS_IN_FLIGHT = 4;

export async function loadBoard(
  store: BoardStore,
  query: DigestQuery,
  now: Date,
  options: BoardOptions = {},
): Promise<BoardView> {
  const settings = options.flags ?? FLAG_DEFAULTS;
  let asOf = now;
  let week = isoWeek(londonDate(now));
  if (query.week) {
    const end = endOfWeek(query.week);
    if (!end)
      throw new BoardBotError(ErrorCode.InvalidSubmit, `"${query.week}" is not a week; write it like 2024-W20.`);
    week = query.week.toUpperCase();
    if (end < now) asOf = end;
  }
  const plans = await plansMatching(store, query.plan);
  const closed = lastClosedWeek(now);
  const past = asOf < now;
  const trendWeeks = weeksEndingWith(week, TREND_WEEKS);
  const before = previousWeek(week);
  const themeOk = (theme: string) => !query.theme || contains(theme, query.theme);
  /** One plan's part of the board: read side by side with the others, put together in the plans' order. */
  const planPart = async (plan: Plan) => {
    // This week: the actions as they are and the kept figures, in one read of the plan's partition.
    const board = past ? undefined : await store.snapshots.board(plan.id);
    const keptNow = await keepClosedWeeks(
      store,
      plan,
      closed,
      board ? { weeks: board.figures.keys(), actions: board.actions } : undefined,
    );
    // A closed week: the actions as kept at its end (or rebuilt from history).
    const states =
      board?.actions ??
      (week <= closed ? await store.snapshots.states(plan.id, week) : undefined) ??
      (await statesAt(store, plan.id, asOf));
    const inScope = states.filter((a) => !a.retired && themeOk(a.theme));
    const planFlags = settings ? await flagsOfPlan(store, plan.id, inScope, asOf.toISOString(), settings) : new Map();
    const figures = board && !keptNow ? board.figures : await store.snapshots.figures(plan.id, trendWeeks[0], before);
    return {
      inScope,
      flags: planFlags,
      trend: trendWeeks.map((w) => (w === week ? mixOf(inScope) : mixOfThemes(figures.get(w) ?? {}, themeOk))),
      previous: mixOfThemes(figures.get(before) ?? {}, themeOk),
    };
  };
  const parts: Awaited<ReturnType<typeof planPart>>[] = [];
  await inParallel(plans, PLANS_IN_FLIGHT, async (plan, i) => {
    parts[i] = await planPart(plan);
  });
  const at = {
    now: parts.flatMap((p) => p.inScope),
    previous: parts.map((p) => p.previous),
    trend: trendWeeks.map((_, i) => parts.map((p) => p.trend[i])),
  };
  const flags: FlagsByAction = new Map(parts.flatMap((p) => [...p.flags]));
  if (query.theme && at.now.length === 0)
    throw new BoardBotError(
      ErrorCode.ActionNotFound,
      `No theme matching "${query.theme}" in ${plans.map((p) => p.name).join('; ')}.`,
    );
  const owners = new Set(at.now.map((a) => a.ownerEmail));
  const prompts = [...(await loadCurrentAsks(store, asOf.toISOString(), lookupOf(at.now))).values()];
  // Now: the owners as they are; a past week: as they stood at its end (each change of reachability is kept).
  const people = await store.owners.list();
  const names = namesOf(people);
  const reach = past
    ? [...(await store.owners.reachabilityAt(asOf.toISOString()))].map(([email, r]) => ({ email, ...r }))
    : people.map((o) => ({ ...o, reason: o.unreachableReason }));
  const unreachable = reach
    .filter((o) => owners.has(o.email) && o.reachability === 'unreachable')
    .map((o) => ({ email: o.email, detail: o.reason ?? 'cannot be reached' }))
    .sort((a, b) => a.email.localeCompare(b.email));
  const scope = [plans.map((p) => p.name).join(', '), query.theme ? `theme "${query.theme}"` : '']
    .filter(Boolean)
    .join(', ');
  const digest = buildDigest({
    week,
    asOf: asOf.toISOString(),
    today: londonDate(asOf),
    scope,
    now: at.now,
    previousMix: sumMixes(at.previous),
    weekStart: weekStartIso(week),
    trend: trendWeeks.map((w, i) => ({ week: w, mix: sumMixes(at.trend[i]) })),
    nonresponders: gapsAt(prompts, asOf.toISOString(), owners),
    unreachable,
    flags,
    // Who is away is known as it is now, not as it was: a past week's digest does not show it.
    away: past ? undefined : awayByOwner(people, londonDate(asOf)),
    names,
  });
  return { digest, actions: at.now, flags, names };
}
