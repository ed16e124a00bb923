import { randomUUID } from 'node:crypto';
import { type Action, type ActionKey, type Owner, actionId, sameAction } from '../domain/types';
import { type BoardStore, ConcurrencyConflict, type Versioned } from '../domain/ports';
import { type Reply, applyReply } from '../domain/recordReply';
import { BoardBotError, ErrorCode } from '../errors';

/** Finds the person behind a Teams user id; they must be known to the bot (installed, or in the roster). */
export async function ownerOf(store: BoardStore, aadObjectId: string | undefined): Promise<Owner> {
  const owner = aadObjectId ? await store.owners.getByAadObjectId(aadObjectId) : undefined;
  if (!owner) {
    throw new BoardBotError(
      ErrorCode.UnknownUser,
      "I could not match your Teams account to an owner in the board's plan, so nothing was recorded. Please ask the board secretariat to check the email on your actions.",
    );
  }
  return owner;
}

/** Loads an action the person may update: it must exist and be theirs. Nothing is written otherwise. */
export async function ownedAction(
  store: BoardStore,
  owner: Pick<Owner, 'email'>,
  key: ActionKey,
): Promise<Versioned<Action>> {
  const found = await store.actions.get(key);
  if (!found)
    throw new BoardBotError(
      ErrorCode.ActionNotFound,
      `Action ${key.ref} is no longer in the plan, so nothing was recorded.`,
    );
  if (found.value.ownerEmail !== owner.email) {
    throw new BoardBotError(
      ErrorCode.NotYourAction,
      `Action ${key.ref} belongs to another owner, so your change was not recorded. If it should be yours, please ask the board secretariat to reassign it.`,
      { ref: key.ref },
    );
  }
  return found;
}

/**
 * Records a reply durably: the history row is written first (it is the owner's own statement and is
 * never lost), then the action's current state under its ETag, re-applied on a concurrent change.
 * Only after both writes does the caller confirm to the owner.
 */
export async function recordReply(
  store: BoardStore,
  owner: Pick<Owner, 'email'>,
  current: Versioned<Action>,
  reply: Reply,
  now: Date,
  cycleId?: string,
): Promise<Action> {
  const ctx = { byEmail: owner.email, at: now.toISOString(), updateId: randomUUID(), cycleId };
  const { update } = applyReply(current.value, reply, ctx);
  await store.updates.append(update);
  let target = current;
  for (let attempt = 0; ; attempt++) {
    const next = applyReply(target.value, reply, ctx).action;
    try {
      await store.actions.replace(next, target.etag);
      if (cycleId) await markAnswered(store, cycleId, owner.email, next, now);
      return next;
    } catch (e) {
      if (!(e instanceof ConcurrencyConflict) || attempt >= 4) throw e;
      const fresh = await store.actions.get(current.value);
      if (!fresh)
        throw new BoardBotError(
          ErrorCode.ActionNotFound,
          `Action ${current.value.ref} was removed while you were answering.`,
        );
      target = fresh;
    }
  }
}

/** Notes the answer on the owner's prompt for the cycle, so they are not nudged about it. */
async function markAnswered(
  store: BoardStore,
  cycleId: string,
  email: string,
  key: ActionKey,
  now: Date,
): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const found = await store.prompts.get(cycleId, email);
    if (!found) return;
    const p = found.value;
    if (p.answered.some((k) => sameAction(k, key))) return;
    const answered = [...p.answered, { planId: key.planId, ref: key.ref }];
    const all = p.actions.every((k) => answered.some((a) => sameAction(a, k)));
    const state = all && (p.state === 'sent' || p.state === 'unknown' || p.state === 'sending') ? 'answered' : p.state;
    try {
      await store.prompts.replace({ ...p, answered, state, answeredAt: p.answeredAt ?? now.toISOString() }, found.etag);
      return;
    } catch (e) {
      if (!(e instanceof ConcurrencyConflict)) throw e;
    }
  }
  throw new ConcurrencyConflict(`Prompt for ${email} in ${cycleId} (${actionId(key)})`);
}
