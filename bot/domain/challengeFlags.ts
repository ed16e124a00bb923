import { daysBetween, formatDate, londonDate } from './calendar';
import { actionAt } from './history';
import { type Action, type ActionUpdate, effectiveDue, isOpen } from './types';

/** The questions a board asks of an action's record, beyond its RAG. */
export const FLAG_KINDS = ['greenOverdue', 'stale', 'slipping', 'stuckRed', 'closedWithoutEvidence'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

/** Each flag's name in the words the board uses. */
export const FLAG_LABEL: Record<FlagKind, string> = {
  greenOverdue: 'Green but overdue',
  stale: 'Stale',
  slipping: 'Slipping',
  stuckRed: 'Stuck Red',
  closedWithoutEvidence: 'Closed without evidence',
};

/** One challenge the board should put to an action's owner, with its reason in words. */
export interface ChallengeFlag {
  kind: FlagKind;
  label: string;
  reason: string;
}

/** The board's thresholds (settings FLAG_STALE_WEEKS, FLAG_STUCK_RED_WEEKS, FLAG_SLIPPING_DATES, FLAG_EVIDENCE_REQUIRED). */
export interface FlagSettings {
  /** Open and no new comment for this many weeks. */
  staleWeeks: number;
  /** Red this many weeks running. */
  stuckRedWeeks: number;
  /** This many revised dates proposed (approved ones included). */
  slippingDates: number;
  /** Whether the board asks for evidence when an action is closed (a comment given with the completion). */
  evidenceRequired: boolean;
}

export const FLAG_DEFAULTS: FlagSettings = {
  staleWeeks: 4,
  stuckRedWeeks: 6,
  slippingDates: 2,
  evidenceRequired: false,
};

const WEEK = 7;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const dayOf = (instant: string) => londonDate(new Date(instant));

/**
 * The challenge flags on one action at instant `asOf` (ISO), worked out from its history alone, so a
 * past board meeting's flags are those that stood then. `current` gives what history never holds
 * (plan and reference). Pure: the clock is `asOf`.
 */
export function challengeFlags(
  current: Action,
  history: readonly ActionUpdate[],
  asOf: string,
  settings: FlagSettings = FLAG_DEFAULTS,
): ChallengeFlag[] {
  const state = actionAt(current, history, asOf);
  return state ? flagsOf(state, asOf, settings) : [];
}

/**
 * The challenge flags on an action as it stood at `asOf`, read off its state and the record of its
 * history that it carries (bot/domain/actionRecord.ts): no history is read. None without a record.
 */
export function flagsOf(a: Action, asOf: string, settings: FlagSettings = FLAG_DEFAULTS): ChallengeFlag[] {
  const rec = a.record;
  if (!rec || a.retired) return [];
  const today = dayOf(asOf);
  const out: ChallengeFlag[] = [];
  const flag = (kind: FlagKind, reason: string) => out.push({ kind, label: FLAG_LABEL[kind], reason });
  const open = isOpen(a);
  const due = effectiveDue(a);
  if (open && a.rag === 'Green' && due < today) {
    const late = plural(daysBetween(due, today), 'day');
    flag(
      'greenOverdue',
      a.revisedDate?.state === 'approved'
        ? `Rated Green, but its approved revised date of ${formatDate(due)} passed ${late} ago.`
        : `Rated Green, but it was due on ${formatDate(due)} (${late} ago) and has no approved revised date.`,
    );
  }
  const quietDays = daysBetween(dayOf(rec.lastCommentAt), today);
  if (open && quietDays >= settings.staleWeeks * WEEK) {
    const weeks = plural(Math.floor(quietDays / WEEK), 'week');
    flag(
      'stale',
      rec.commented
        ? `No new comment for ${weeks}: the last was on ${formatDate(dayOf(rec.lastCommentAt))}.`
        : `No comment at all in the ${weeks} since it was added on ${formatDate(dayOf(rec.lastCommentAt))}.`,
    );
  }
  if (rec.proposals.length >= settings.slippingDates) {
    const dates = rec.proposals.map((p) => `${formatDate(p.date)}${p.approved ? ' (approved)' : ''}`).join(', ');
    flag(
      'slipping',
      `${plural(rec.proposals.length, 'revised date')} proposed against the original ${formatDate(a.dueDate)}: ${dates}.`,
    );
  }
  if (rec.redSince && daysBetween(dayOf(rec.redSince), today) >= settings.stuckRedWeeks * WEEK) {
    const weeks = plural(Math.floor(daysBetween(dayOf(rec.redSince), today) / WEEK), 'week');
    flag('stuckRed', `Red for ${weeks} running, since ${formatDate(dayOf(rec.redSince))}.`);
  }
  // Evidence is a link (https, given on the card) or a comment with the completion.
  if (settings.evidenceRequired && a.status === 'Complete' && rec.closed && !rec.closed.withComment && !a.evidenceUrl) {
    const proposed = a.closure?.state === 'awaiting' ? a.closure : undefined;
    const done = proposed ?? rec.closed;
    flag(
      'closedWithoutEvidence',
      `${proposed ? 'Proposed for closure' : 'Marked Complete'} on ${formatDate(dayOf(done.at))} by ${done.by} with no evidence link and no comment saying what shows it is done.`,
    );
  }
  return out;
}

/** A register filter's values: one flag, or any. */
export const hasFlag = (flags: readonly ChallengeFlag[], kind: FlagKind | 'any'): boolean =>
  kind === 'any' ? flags.length > 0 : flags.some((f) => f.kind === kind);

/** Flags as one line of text (exports, the tab): "Stale: No new comment for 5 weeks…; Slipping: …". */
export const flagsText = (flags: readonly ChallengeFlag[]): string =>
  flags.map((f) => `${f.label}: ${f.reason}`).join(' ');
