import type { FormValues } from '../../cards/chasePromptCard';
import type { BoardStore } from '../domain/ports';
import { checkReply, normaliseReply, type FieldErrors } from '../domain/replyRules';
import type { Action, ActionKey, Owner } from '../domain/types';
import { londonDate } from '../domain/calendar';
import { parseReplyFields } from './cardPayload';
import { ownedAction, recordReply } from './recordReply';

/** What an owner's update of one action came to. Nothing is written unless it is `recorded`. */
export type UpdateOutcome =
  | { kind: 'recorded'; action: Action }
  | { kind: 'refused'; errors: FieldErrors }
  | { kind: 'stale'; current: Action };

/**
 * An owner's update of one action, from the chase card or the My actions tab alike: the action must
 * be theirs and unchanged since they saw it (revision `rev`), the typed values must parse and meet
 * the board's rules, and only then is the reply recorded (history first, then the action).
 */
export async function saveOwnerUpdate(
  store: BoardStore,
  owner: Pick<Owner, 'email'>,
  key: ActionKey & { rev: number },
  values: FormValues,
  now: Date,
  cycleId?: string,
): Promise<UpdateOutcome> {
  const current = await ownedAction(store, owner, key);
  if (current.value.revision !== key.rev) return { kind: 'stale', current: current.value };
  const parsed = parseReplyFields(values);
  const errors = parsed.fields ? checkReply(parsed.fields, current.value, londonDate(now)) : parsed.errors;
  if (!parsed.fields || Object.keys(errors).length > 0) return { kind: 'refused', errors };
  const action = await recordReply(
    store,
    owner,
    current,
    { kind: 'update', fields: normaliseReply(parsed.fields) },
    now,
    cycleId,
  );
  return { kind: 'recorded', action };
}
