import { type Action, type ActionKey, type ChaseCycle, type ChasePrompt, actionKeyOf, isOpen } from './types';

/** What the bot knows of one action at the instant in question, for judging whether a prompt about it was answered. */
export type ActionLookup = (
  key: ActionKey,
) => Pick<Action, 'ownerEmail' | 'status' | 'retired' | 'lastReplyAt'> | undefined;

/**
 * The cycles that say what owners are being asked at `asOf`: the latest scheduled cycle started by
 * then, and the manual chases started after it. A targeted manual chase adds to what one owner is
 * asked; it never replaces what the board sees for everyone else. One place for "the latest cycle".
 */
export function askCycles(cycles: readonly ChaseCycle[], asOf: string): ChaseCycle[] {
  const started = cycles.filter((c) => c.startedAt <= asOf).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const lastScheduled = started.filter((c) => c.trigger === 'schedule').at(-1);
  return lastScheduled ? started.filter((c) => c.startedAt >= lastScheduled.startedAt) : started;
}

/** When the owner was asked: a reply given after this answers the prompt. */
const askedAt = (p: ChasePrompt): string | undefined => p.claimedAt ?? p.sentAt;

/**
 * The actions of a prompt that are answered, worked out from the actions themselves, not stored on
 * the prompt: the owner replied after being asked, or the action is no longer open or no longer
 * theirs. So an answer given anywhere (card, My actions, a retried click) counts, and a crash after
 * the answer was committed cannot leave the owner "waiting" and nudged.
 */
export function answersTo(prompt: ChasePrompt, lookup: ActionLookup): ActionKey[] {
  const since = askedAt(prompt);
  return prompt.actions.filter((k) => {
    const a = lookup(k);
    if (!a || !isOpen(a) || a.ownerEmail !== prompt.ownerEmail) return true;
    return Boolean(since && a.lastReplyAt && a.lastReplyAt >= since);
  });
}

/** The prompt with its answers worked out: `answered` filled in, and `state` answered once all are. */
export function withAnswers(prompt: ChasePrompt, lookup: ActionLookup): ChasePrompt {
  const answered = answersTo(prompt, lookup);
  const waiting = prompt.state === 'sent' || prompt.state === 'unknown' || prompt.state === 'sending';
  const all = answered.length === prompt.actions.length;
  return { ...prompt, answered, state: waiting && all ? 'answered' : prompt.state };
}

/** A prompt still being sent has not asked anything yet: it does not replace the ask before it. */
const notYetAsked = (p: ChasePrompt): boolean => p.state === 'pending' || (p.state === 'sending' && !p.sentAt);

/**
 * Each owner's current ask: their latest prompt among the cycles given (oldest first), answers
 * worked out. A re-chase still on its way leaves the earlier ask in place until it is sent.
 */
export function currentAsks(
  cycles: readonly ChaseCycle[],
  promptsOf: ReadonlyMap<string, readonly ChasePrompt[]>,
  lookup: ActionLookup,
): Map<string, ChasePrompt> {
  const out = new Map<string, ChasePrompt>();
  for (const c of cycles) {
    for (const p of promptsOf.get(c.id) ?? []) {
      if (notYetAsked(p) && out.has(p.ownerEmail)) continue;
      out.set(p.ownerEmail, withAnswers(p, lookup));
    }
  }
  return out;
}

/** A lookup over a list of actions. */
export function lookupOf(actions: readonly Action[]): ActionLookup {
  const byKey = new Map(actions.map((a) => [actionKeyOf(a), a]));
  return (k) => byKey.get(actionKeyOf(k));
}
