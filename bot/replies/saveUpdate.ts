import type { FormValues } from '../../cards/chasePromptCard';
import type { BoardStore, Versioned } from '../domain/ports';
import { type FieldErrors, checkReply, normaliseReply } from '../domain/replyRules';
import type { Action, ActionKey, Owner } from '../domain/types';
import { londonDate } from '../domain/calendar';
import { BoardBotError, ErrorCode } from '../errors';
import { parseReplyFields } from './cardPayload';
import { commitChange, ownerActor, refusalError } from './recordReply';
import { checkChange, notYoursMessage } from '../domain/recordReply';

/** What an owner's update of one action came to. Nothing is written unless it is `recorded`. */
export type UpdateOutcome =
  | { kind: 'recorded'; action: Action; again: boolean }
  | { kind: 'refused'; errors: FieldErrors; current: Action }
  | { kind: 'stale'; current: Action };

/**
 * An owner's update of one action, from the chase card or the My actions tab alike: the typed values
 * must parse and meet the board's rules, then the change is committed with ownership and the card's
 * revision `rev` checked on the state it replaces (bot/domain/recordReply.ts).
 */
export async function saveOwnerUpdate(
  store: BoardStore,
  owner: Pick<Owner, 'email'>,
  key: ActionKey & { rev: number },
  values: FormValues,
  now: Date,
  cycleId?: string,
  /** What the caller started reading already: the action's state, the owners the owner answers for. */
  known: { reading?: Promise<Versioned<Action> | undefined>; others?: Promise<readonly string[]> } = {},
): Promise<UpdateOutcome> {
  const current = await (known.reading ?? store.actions.get(key));
  // An owner is told the same for an action that is not there as for one that is not theirs.
  if (!current) throw new BoardBotError(ErrorCode.NotYourAction, notYoursMessage(key.ref), { ref: key.ref });
  const parsed = parseReplyFields(values);
  const errors = parsed.fields ? checkReply(parsed.fields, current.value, londonDate(now)) : parsed.errors;
  const actor = await ownerActor(store, owner, now, known.others);
  if (!parsed.fields || Object.keys(errors).length > 0) {
    const refusal = checkChange(current.value, { reply: { kind: 'noChange' }, actor });
    if (refusal) throw refusalError(refusal, key.ref);
    return { kind: 'refused', errors, current: current.value };
  }
  const request = { reply: { kind: 'update' as const, fields: normaliseReply(parsed.fields) }, actor, basis: key.rev };
  const outcome = await commitChange(store, key, request, now, cycleId, current);
  if (outcome.kind === 'recorded') return outcome;
  if (outcome.code === 'stale') return { kind: 'stale', current: outcome.current };
  throw refusalError(outcome, key.ref);
}
