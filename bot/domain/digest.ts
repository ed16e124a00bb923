import { type Action, type Rag, actionKeyOf, awaitsClosure, effectiveDue, isOpenStatus, compareRefs } from './types';
import type { ChallengeFlag } from './challengeFlags';
import { addDays, daysBetween } from './calendar';
import type { Away } from './away';
import type { PeopleNames } from './people';

/** Counts by where actions stand. RAG is counted for open work only; completed work is complete, not green. */
export interface Mix {
  total: number;
  /** Complete: closed by the board (or imported complete) and proposed for closure alike. */
  complete: number;
  /** Of those complete, how many their owners marked complete and the board has not closed yet. */
  awaitingClosure: number;
  green: number;
  amber: number;
  red: number;
  notRated: number;
  deferred: number;
  notStarted: number;
  inProgress: number;
}

/** One action as the board sees it in a list. */
export interface DigestLine {
  planName: string;
  ref: string;
  title: string;
  theme: string;
  ownerEmail: string;
  /** The name shown for the owner (bot/domain/people.ts), when one is known. */
  ownerName?: string;
  dueDate: string;
  revisedDate?: string;
  revisedState?: string;
  revisedReason?: string;
  status: string;
  rag?: Rag;
  narrative?: string;
  daysOverdue?: number;
  /** The owner's evidence link (https only). */
  evidenceUrl?: string;
  /** The owner is away (not chased) until this date, with the cover chased instead, if any. */
  ownerAway?: { until: string; cover?: string; coverName?: string };
}

/** An action the board should challenge, and why. */
export interface FlaggedLine extends DigestLine {
  flags: ChallengeFlag[];
}

/** Who has not answered the latest chase, and who cannot be reached. */
export interface ResponseGap {
  email: string;
  /** The name shown for them, when one is known. */
  name?: string;
  detail: string;
}

/** The board summary for one week. */
export interface Digest {
  week: string;
  asOf: string;
  scope: string;
  mix: Mix;
  /**
   * Complete (closed by the board and proposed for closure alike) plus open-and-Green, over all
   * actions in scope, as a percentage with one decimal.
   */
  completeOrOnTarget: number;
  previous?: { mix: Mix; completeOrOnTarget: number };
  /** Percentage points since the previous week; undefined when there is no previous week. */
  change?: number;
  themes: { planName: string; theme: string; mix: Mix; overdue: number }[];
  exceptions: DigestLine[];
  overdue: DigestLine[];
  dueSoon: DigestLine[];
  /** Closed this week: complete, not awaiting closure, and completed or closed since the week began. */
  completedThisWeek: DigestLine[];
  /** Marked complete by their owners and waiting for the board to close them (or return them). */
  proposedForClosure: DigestLine[];
  revisedDateRequests: DigestLine[];
  notMine: DigestLine[];
  nonresponders: ResponseGap[];
  unreachable: ResponseGap[];
  /** Actions with challenge flags (green but overdue, stale, slipping, stuck Red, closed without evidence), by reference. */
  challenges: FlaggedLine[];
  trend: { week: string; mix: Mix; completeOrOnTarget: number }[];
}

export { effectiveDue, isOpenStatus };

export function mixOf(actions: readonly Action[]): Mix {
  const m: Mix = {
    total: 0,
    complete: 0,
    awaitingClosure: 0,
    green: 0,
    amber: 0,
    red: 0,
    notRated: 0,
    deferred: 0,
    notStarted: 0,
    inProgress: 0,
  };
  for (const a of actions) {
    if (a.retired) continue; // taken out of its plan by the secretariat: counted nowhere
    m.total += 1;
    if (a.status === 'Complete') {
      m.complete += 1;
      if (awaitsClosure(a)) m.awaitingClosure += 1;
    } else if (a.status === 'Deferred') m.deferred += 1;
    else {
      if (a.status === 'Not started') m.notStarted += 1;
      else m.inProgress += 1;
      if (a.rag === 'Green') m.green += 1;
      else if (a.rag === 'Amber') m.amber += 1;
      else if (a.rag === 'Red') m.red += 1;
      else m.notRated += 1;
    }
  }
  return m;
}

export const completeOrOnTarget = (m: Mix): number =>
  m.total === 0 ? 0 : Math.round(((m.complete + m.green) / m.total) * 1000) / 10;

/** One action as a line of a board list, on `today` (London date), with its owner's absence when away. */
export const digestLine = (
  a: Action,
  today: string,
  away?: ReadonlyMap<string, Away>,
  names?: PeopleNames,
): DigestLine => {
  const due = effectiveDue(a);
  const gone = away?.get(a.ownerEmail);
  const late = isOpenStatus(a.status) ? daysBetween(due, today) : 0;
  return {
    planName: a.planName,
    ref: a.ref,
    title: a.title,
    theme: a.theme,
    ownerEmail: a.ownerEmail,
    ownerName: names?.get(a.ownerEmail),
    dueDate: a.dueDate,
    revisedDate: a.revisedDate?.date,
    revisedState: a.revisedDate?.state,
    revisedReason: a.revisedDate?.reason,
    status: a.status,
    rag: a.status === 'Complete' ? undefined : a.rag,
    narrative: a.narrative,
    daysOverdue: late > 0 ? late : undefined,
    evidenceUrl: a.evidenceUrl,
    ownerAway: gone
      ? { until: gone.until, cover: gone.cover, coverName: gone.cover ? names?.get(gone.cover) : undefined }
      : undefined,
  };
};

const dueOf = (l: DigestLine): string => (l.revisedState === 'approved' && l.revisedDate ? l.revisedDate : l.dueDate);
const byDue = (a: DigestLine, b: DigestLine) => dueOf(a).localeCompare(dueOf(b)) || compareRefs(a.ref, b.ref);
/** By plan, then reference in number order (R2.1 before R10.1). */
export const byRef = (a: DigestLine, b: DigestLine) =>
  a.planName.localeCompare(b.planName) || compareRefs(a.ref, b.ref);
const RAG_ORDER: Record<string, number> = { Red: 0, Amber: 1 };

/** What the digest is built from: states at the end of the week and a week earlier, already filtered to scope. */
export interface DigestInput {
  week: string;
  asOf: string;
  today: string;
  scope: string;
  now: readonly Action[];
  weekBefore?: readonly Action[];
  /** The previous week's figures, when they are known without its actions (closed-week snapshots). */
  previousMix?: Mix;
  /** Each week's figures, oldest first: from the actions, or already counted. */
  trend: ({ week: string; actions: readonly Action[] } | { week: string; mix: Mix })[];
  /** When the digest's week began: "completed this week" is then work completed since (completedAt). */
  weekStart?: string;
  nonresponders: ResponseGap[];
  unreachable: ResponseGap[];
  dueSoonDays?: number;
  /** Challenge flags by action (actionKeyOf), worked out from history; none when absent. */
  flags?: ReadonlyMap<string, readonly ChallengeFlag[]>;
  /** Owners away today, by email: shown beside their actions. */
  away?: ReadonlyMap<string, Away>;
  /** The names shown for people (bot/domain/people.ts), by email. */
  names?: PeopleNames;
}

/** Builds the board digest: figures for everything, detail only for exceptions. Pure. */
export function buildDigest(input: DigestInput): Digest {
  const { now } = input;
  const today = input.today;
  const line = (a: Action, t: string) => digestLine(a, t, input.away, input.names);
  const named = (g: ResponseGap): ResponseGap => ({ ...g, name: input.names?.get(g.email) });
  const mix = mixOf(now);
  const before = new Map((input.weekBefore ?? []).map((a) => [`${a.planId}/${a.ref}`, a]));
  const cot = completeOrOnTarget(mix);
  const previousMix =
    input.previousMix ?? (input.weekBefore && input.weekBefore.length > 0 ? mixOf(input.weekBefore) : undefined);
  const previous =
    previousMix && previousMix.total > 0
      ? { mix: previousMix, completeOrOnTarget: completeOrOnTarget(previousMix) }
      : undefined;
  const wasClosed = (a: Action | undefined): boolean => a?.status === 'Complete' && !awaitsClosure(a);
  const closedAt = (a: Action): string | undefined => (a.closure ? a.closure.at : a.completedAt);
  const closedSince = (a: Action): boolean =>
    input.weekStart !== undefined
      ? Boolean(closedAt(a) && (closedAt(a) as string) >= input.weekStart)
      : before.has(`${a.planId}/${a.ref}`) && !wasClosed(before.get(`${a.planId}/${a.ref}`));
  const themeKey = (a: Action) => `${a.planName}\u0000${a.theme}`;
  const themes = [...new Set(now.map(themeKey))].map((k) => {
    const list = now.filter((a) => themeKey(a) === k);
    return {
      planName: list[0].planName,
      theme: list[0].theme,
      mix: mixOf(list),
      overdue: list.filter((a) => isOpenStatus(a.status) && effectiveDue(a) < today).length,
    };
  });
  const open = now.filter((a) => isOpenStatus(a.status));
  const soon = addDays(today, input.dueSoonDays ?? 14);
  return {
    week: input.week,
    asOf: input.asOf,
    scope: input.scope,
    mix,
    completeOrOnTarget: cot,
    previous,
    change: previous ? Math.round((cot - previous.completeOrOnTarget) * 10) / 10 : undefined,
    themes,
    exceptions: open
      .filter((a) => a.rag === 'Red' || a.rag === 'Amber')
      .map((a) => line(a, today))
      .sort((a, b) => RAG_ORDER[a.rag as string] - RAG_ORDER[b.rag as string] || byDue(a, b)),
    overdue: open
      .filter((a) => effectiveDue(a) < today)
      .map((a) => line(a, today))
      .sort(byDue),
    dueSoon: open
      .filter((a) => effectiveDue(a) >= today && effectiveDue(a) <= soon)
      .map((a) => line(a, today))
      .sort(byDue),
    // Closed this week: not closed a week ago and closed now (an action imported already complete does not count).
    completedThisWeek: now
      .filter((a) => wasClosed(a) && closedSince(a))
      .map((a) => line(a, today))
      .sort(byDue),
    proposedForClosure: now
      .filter(awaitsClosure)
      .map((a) => line(a, today))
      .sort(byDue),
    revisedDateRequests: open
      .filter((a) => a.revisedDate?.state === 'proposed')
      .map((a) => line(a, today))
      .sort(byDue),
    notMine: open
      .filter((a) => a.notMine && a.notMine.by === a.ownerEmail)
      .map((a) => line(a, today))
      .sort(byDue),
    nonresponders: input.nonresponders.map(named),
    unreachable: input.unreachable.map(named),
    challenges: now
      .flatMap((a) => {
        const flags = input.flags?.get(actionKeyOf(a));
        return flags?.length ? [{ ...line(a, today), flags: [...flags] }] : [];
      })
      .sort(byRef),
    trend: input.trend.map((t) => {
      const m = 'mix' in t ? t.mix : mixOf(t.actions);
      return { week: t.week, mix: m, completeOrOnTarget: completeOrOnTarget(m) };
    }),
  };
}
