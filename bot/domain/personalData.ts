/**
 * Personal data rules, as plain functions: what an erasure replaces, and when retention removes a
 * plan. The store applies them (bot/store/personalDataTable.ts); the job and the command call them.
 */

/** The person to erase, as the board knows them. */
export interface Person {
  email: string;
  /** Their Teams display name. */
  name?: string;
  /** The name the plan's "owner name" column gave them. */
  planName?: string;
}

/** Who they become in the record: an address that cannot reach anyone (RFC 2606 `.invalid`), and a label. */
export interface Pseudonym {
  email: string;
  name: string;
}

/** A pseudonym from a few random bytes (hex), e.g. `erased-3f9a1c2b@erased.invalid`, "Former member 3f9a". */
export const pseudonymOf = (hex: string): Pseudonym => ({
  email: `erased-${hex}@erased.invalid`,
  name: `Former member ${hex.slice(0, 4)}`,
});

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A text with the person's email address (any case) and names, Teams' and the plan's (as written, whole words; names of
 * fewer than 3 characters are left, they would match inside other words) replaced by the pseudonym's.
 * Figures, dates, statuses and everything else are left exactly as they were.
 */
export function pseudonymised(text: string, person: Person, as: Pseudonym): string {
  let out = text.replace(new RegExp(escapeRegExp(person.email), 'gi'), as.email);
  for (const name of [person.name?.trim(), person.planName?.trim()])
    if (name && name.length >= 3)
      out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(name)}(?![\\p{L}\\p{N}])`, 'gu'), as.name);
  return out;
}

/** Whether a text names the person (their email in any case, or their name as written). */
export const names = (text: string, person: Person, as: Pseudonym): boolean => pseudonymised(text, person, as) !== text;

/** A plan as retention sees it: whether anything in it is still to be done, and when it last changed. */
export interface PlanActivity {
  planId: string;
  open: boolean;
  lastChangeAt?: string;
}

/**
 * Whether a plan's record has passed its retention period: nothing in it is open, and its last
 * change is more than `years` years before `now`. A plan with open work is never removed.
 */
export function pastRetention(plan: PlanActivity, now: Date, years: number): boolean {
  if (plan.open || !plan.lastChangeAt) return false;
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return plan.lastChangeAt < cutoff.toISOString();
}

/** The instant before which chase cycles (and their prompts) are past retention. */
export function retentionCutoff(now: Date, years: number): string {
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return cutoff.toISOString();
}
