import { type PeopleNames, namesOf } from '../domain/people';
import { createHash, randomUUID } from 'node:crypto';
import { type Action, type ActionKey, type Owner, actionKeyOf } from '../domain/types';
import { type BoardStore, ConcurrencyConflict, type Versioned } from '../domain/ports';
import {
  type ChangeActor,
  type ChangeRequest,
  type Refusal,
  answeringFor,
  applyReply,
  checkChange,
  notYoursMessage,
} from '../domain/recordReply';
import { BoardBotError, ErrorCode } from '../errors';
import { answersFor } from '../domain/away';
import { londonDate } from '../domain/calendar';

/** Finds the person behind a Teams user id; they must be known to the bot (installed, or in the roster). */
export async function ownerOf(
  store: BoardStore,
  aadObjectId: string | undefined,
): Promise<Pick<Owner, 'email' | 'name'>> {
  const owner = aadObjectId ? await store.owners.identify(aadObjectId) : undefined;
  if (!owner) {
    throw new BoardBotError(
      ErrorCode.UnknownUser,
      "I could not match your Teams account to an owner in the board's plan, so nothing was recorded. Please ask the board secretariat to check the email on your actions.",
    );
  }
  return owner;
}

/**
 * The owners `email` may answer for on `today` (who named them delegate, or are away and named them
 * cover), judged on those owners' own rows, found through the pointer to them (not by reading every owner).
 */
export async function answeredFor(store: BoardStore, email: string, today: string): Promise<string[]> {
  return (await standingInFor(store, email, today)).emails;
}

/** The same, with the names of those owners as their rows give them (a card shows them: "for Amira Khan"). */
export async function standingInFor(
  store: BoardStore,
  email: string,
  today: string,
): Promise<{ emails: string[]; names: PeopleNames }> {
  const rows = await store.owners.namingAsDelegateOrCover(email);
  return { emails: answersFor(email, rows, today), names: namesOf(rows) };
}

/**
 * An owner as the Ledger's rules see them: with the owners they may answer for today, read unless the
 * caller has them already.
 */
export async function ownerActor(
  store: BoardStore,
  owner: Pick<Owner, 'email'>,
  now: Date,
  known?: Promise<readonly string[]>,
): Promise<ChangeActor> {
  const others = await (known ?? answeredFor(store, owner.email, londonDate(now)));
  return { email: owner.email, role: 'owner', ...(others.length ? { answersFor: others } : {}) };
}

/** What a change came to. `recorded` is true only once the change is durable in storage. */
export type ChangeOutcome =
  | { kind: 'recorded'; action: Action; again: boolean }
  | (Refusal & { kind: 'refused'; current: Action });

/** How many times a change is judged again after someone else wrote first. */
const ATTEMPTS = 5;

/** The same request (who, what, against which revision) always has the same fingerprint. */
const fingerprintOf = (key: ActionKey, request: ChangeRequest): string =>
  createHash('sha256')
    .update(JSON.stringify([actionKeyOf(key), request.actor, request.reply, request.basis ?? null]))
    .digest('base64url')
    .slice(0, 32);

/**
 * Makes one change to one action as one atomic commit (its new state and its history row together),
 * with the board's rules checked on the state being replaced. After a conflict the fresh state is
 * judged again, never re-applied blindly; a retry of a request already recorded (the same click
 * delivered twice) is recognised by its fingerprint and reported as recorded, without a second row.
 */
export async function commitChange(
  store: BoardStore,
  key: ActionKey,
  request: ChangeRequest,
  now: Date,
  cycleId?: string,
  /** The state just read by the caller, used for the first attempt to spare a read. */
  known?: Versioned<Action>,
): Promise<ChangeOutcome> {
  const fingerprint = fingerprintOf(key, request);
  const ctx = { byEmail: request.actor.email, at: now.toISOString(), updateId: randomUUID(), cycleId };
  for (let attempt = 1; ; attempt++) {
    const current = attempt === 1 && known ? known : await store.actions.get(key);
    if (!current) {
      if (request.actor.role === 'owner')
        throw new BoardBotError(ErrorCode.NotYourAction, notYoursMessage(key.ref), { ref: key.ref });
      throw new BoardBotError(
        ErrorCode.ActionNotFound,
        `Action ${key.ref} is not in the plan, so nothing was recorded.`,
        { ref: key.ref },
      );
    }
    if (request.basis !== undefined && current.value.revision > request.basis) {
      const next = await store.updates.getUpdate(key, request.basis + 1);
      if (next?.fingerprint === fingerprint) return { kind: 'recorded', action: current.value, again: true };
    }
    const refusal = checkChange(current.value, request);
    if (refusal) return { ...refusal, kind: 'refused', current: current.value };
    const decision = applyReply(current.value, request.reply, {
      ...ctx,
      forEmail: answeringFor(current.value, request.actor),
    });
    try {
      await store.actions.commit({
        action: decision.action,
        etag: current.etag,
        update: { ...decision.update, fingerprint },
      });
      return { kind: 'recorded', action: decision.action, again: false };
    } catch (e) {
      if (!(e instanceof ConcurrencyConflict) || attempt >= ATTEMPTS) throw e;
    }
  }
}

/** A refusal as the coded error the central handler shows. */
export function refusalError(r: Refusal, ref: string): BoardBotError {
  const code =
    r.code === 'not_yours'
      ? ErrorCode.NotYourAction
      : r.code === 'stale'
        ? ErrorCode.StaleCard
        : r.code === 'not_allowed'
          ? ErrorCode.NotSecretariat
          : ErrorCode.InvalidSubmit;
  return new BoardBotError(code, r.message, { ref });
}
