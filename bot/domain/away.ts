import type { Owner } from './types';

/** An owner away (leave, sickness): not chased before `until`; their `cover`, if named, is chased instead. */
export interface Away {
  /** The London date they are back: prompts and nudges resume on it. */
  until: string;
  /** A colleague (email) chased instead meanwhile, who may answer for them. */
  cover?: string;
  at: string;
}

/** A colleague an owner lets answer for them, until revoked. */
export interface Delegation {
  email: string;
  at: string;
}

/** Whether the owner is away on `today` (a London date). */
export const isAway = (o: Pick<Owner, 'away'> | undefined, today: string): boolean =>
  Boolean(o?.away && today < o.away.until);

/** Who is chased about an owner's actions today: the owner, their cover while they are away, or nobody. */
export function chaseeOf(
  ownerEmail: string,
  away: ReadonlyMap<string, Away>,
  today: string,
): { email: string } | { away: Away } {
  const a = away.get(ownerEmail);
  if (!a || today >= a.until) return { email: ownerEmail };
  const coverAway = a.cover ? away.get(a.cover) : undefined;
  return a.cover && !(coverAway && today < coverAway.until) ? { email: a.cover } : { away: a };
}

/** The owners `email` may answer for today: those who named them delegate, and those away whom they cover. */
export function answersFor(email: string, owners: readonly Owner[], today: string): string[] {
  return owners
    .filter((o) => o.email !== email && (o.delegate?.email === email || (isAway(o, today) && o.away?.cover === email)))
    .map((o) => o.email)
    .sort();
}

/** Why an "away until" date cannot be taken, or undefined when it can: it must be after today. */
export const awayDateProblem = (until: string, today: string): string | undefined =>
  until <= today ? `The date you are back (${until}) must be after today (${today}).` : undefined;

/** The away owners, by email, for the chase policy and the digest. */
export const awayByOwner = (owners: readonly Owner[], today: string): Map<string, Away> =>
  new Map(owners.flatMap((o) => (o.away && isAway(o, today) ? [[o.email, o.away] as const] : [])));
