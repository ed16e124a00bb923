import { type Mix, mixOf } from './digest';
import { applyHistoryRow, byRecording, startOf } from './history';
import { type Action, type ActionUpdate, refOf } from './types';

/** A closed week's figures, per plan and theme (key: plan name, NUL, theme), as the digest counts them. */
export type ThemeMixes = Record<string, Mix>;

/** What is kept of one plan for a closed ISO week: its figures, and (for some weeks) every action's state. */
export interface WeekSnapshot {
  week: string;
  mixes: ThemeMixes;
  /** Every action of the plan at the week's end; kept for the latest closed week, the base of the next fold. */
  states?: Action[];
}

const themeKey = (a: Pick<Action, 'planName' | 'theme'>): string => `${a.planName}\u0000${a.theme}`;
const ZERO: Mix = {
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

/** The figures of these actions (those in the plan: retired ones are counted nowhere), per theme. */
export function themeMixesOf(actions: readonly Action[]): ThemeMixes {
  const byTheme = new Map<string, Action[]>();
  for (const a of actions) {
    if (a.retired) continue;
    const k = themeKey(a);
    byTheme.set(k, [...(byTheme.get(k) ?? []), a]);
  }
  return Object.fromEntries([...byTheme].map(([k, list]) => [k, mixOf(list)]));
}

/** The figures of the themes a digest is about (all, or those whose name `matches`), added up. */
export function mixOfThemes(mixes: ThemeMixes, matches: (theme: string) => boolean = () => true): Mix {
  const out = { ...ZERO };
  for (const [k, m] of Object.entries(mixes)) {
    if (!matches(k.slice(k.indexOf('\u0000') + 1))) continue;
    for (const f of Object.keys(out) as (keyof Mix)[]) out[f] += m[f] ?? 0; // weeks kept before a figure existed lack it
  }
  return out;
}

/** Figures added up (several plans, or several themes). */
export function sumMixes(mixes: readonly Mix[]): Mix {
  return mixOfThemes(Object.fromEntries(mixes.map((m, i) => [`${i}\u0000`, m])));
}

/**
 * The plan's actions at the end of a stretch of history: `start` (the states at its beginning, by
 * upper-case reference) with `rows` (recorded in that stretch) applied in the order they were
 * recorded. `current` gives what history never holds (plan and reference) for actions new in it.
 */
export function foldHistory(
  start: ReadonlyMap<string, Action>,
  rows: readonly ActionUpdate[],
  current: ReadonlyMap<string, Action>,
): Map<string, Action> {
  const out = new Map(start);
  for (const u of [...rows].sort(byRecording)) {
    const key = refOf(u.ref);
    const base = out.get(key) ?? current.get(key);
    if (!base) continue;
    out.set(key, applyHistoryRow(out.get(key) ?? startOf(base), u));
  }
  return out;
}
