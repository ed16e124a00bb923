import type { BoardStore } from '../domain/ports';
import type { Action, ChasePrompt } from '../domain/types';
import { type Digest, type ResponseGap, buildDigest } from '../domain/digest';
import { actionAt, historyByRef } from '../domain/history';
import { endOfWeek, isoWeek, londonDate } from '../domain/calendar';
import { lookupOf } from '../domain/currentAsk';
import { loadCurrentAsks } from '../jobs/currentAsks';
import { BoardBotError, ErrorCode } from '../errors';

/** Which digest: a plan (id or part of its name), a theme (part of its name), an ISO week. */
export interface DigestQuery {
  plan?: string;
  theme?: string;
  week?: string;
}

const WEEK_MS = 7 * 86_400_000;
const contains = (hay: string, needle: string) => hay.toLowerCase().includes(needle.trim().toLowerCase());

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
export async function loadDigest(store: BoardStore, query: DigestQuery, now: Date): Promise<Digest> {
  return (await loadBoard(store, query, now)).digest;
}

/** The digest and every action in scope as it stood at the digest's instant (for exports). */
export interface BoardView {
  digest: Digest;
  actions: Action[];
}

export async function loadBoard(store: BoardStore, query: DigestQuery, now: Date): Promise<BoardView> {
  let asOf = now;
  let week = isoWeek(londonDate(now));
  if (query.week) {
    const end = endOfWeek(query.week);
    if (!end)
      throw new BoardBotError(ErrorCode.InvalidSubmit, `"${query.week}" is not a week; write it like 2024-W20.`);
    week = query.week.toUpperCase();
    if (end < now) asOf = end;
  }
  const plans = (await store.plans.list()).filter(
    (p) => !query.plan || p.id === query.plan.toLowerCase() || contains(p.name, query.plan),
  );
  if (plans.length === 0) {
    const names = (await store.plans.list()).map((p) => p.name).join('; ');
    throw new BoardBotError(
      ErrorCode.ActionNotFound,
      query.plan ? `No plan matches "${query.plan}". Plans: ${names || 'none yet'}.` : 'No plan has been imported yet.',
    );
  }
  const points = Array.from({ length: 8 }, (_, i) => new Date(asOf.getTime() - (7 - i) * WEEK_MS));
  const at = { now: [] as Action[], weekBefore: [] as Action[], trend: points.map(() => [] as Action[]) };
  for (const plan of plans) {
    const [actions, updates] = await Promise.all([
      store.actions.listByPlan(plan.id),
      store.updates.listForPlan(plan.id, asOf.toISOString()),
    ]);
    const history = historyByRef(updates);
    for (const { value } of actions) {
      const h = history.get(value.ref) ?? [];
      const push = (list: Action[], instant: Date) => {
        const s = actionAt(value, h, instant.toISOString());
        if (s && !s.retired && (!query.theme || contains(s.theme, query.theme))) list.push(s);
      };
      push(at.now, asOf);
      push(at.weekBefore, new Date(asOf.getTime() - WEEK_MS));
      for (const [i, p] of points.entries()) push(at.trend[i], p);
    }
  }
  if (query.theme && at.now.length === 0)
    throw new BoardBotError(
      ErrorCode.ActionNotFound,
      `No theme matching "${query.theme}" in ${plans.map((p) => p.name).join('; ')}.`,
    );
  const owners = new Set(at.now.map((a) => a.ownerEmail));
  const prompts = [...(await loadCurrentAsks(store, asOf.toISOString(), lookupOf(at.now))).values()];
  const unreachable = (await store.owners.list())
    .filter((o) => owners.has(o.email) && o.reachability === 'unreachable')
    .map((o) => ({ email: o.email, detail: o.unreachableReason ?? 'cannot be reached' }));
  const scope = [plans.map((p) => p.name).join(', '), query.theme ? `theme "${query.theme}"` : '']
    .filter(Boolean)
    .join(', ');
  const digest = buildDigest({
    week,
    asOf: asOf.toISOString(),
    today: londonDate(asOf),
    scope,
    now: at.now,
    weekBefore: at.weekBefore,
    trend: points.map((p, i) => ({ week: isoWeek(londonDate(p)), actions: at.trend[i] })),
    nonresponders: gapsAt(prompts, asOf.toISOString(), owners),
    unreachable,
  });
  return { digest, actions: at.now };
}
