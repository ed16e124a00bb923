import { isBoardBotError } from '../errors';
import { commitChange, refusalError } from '../replies/recordReply';
import type { CommandHandler } from './context';
import { findAction } from './findAction';
import { secretariatActor } from './secretariatActions';
import { tellOwner } from './tellOwner';

/**
 * Closes actions their owners marked complete, after the board agrees: each one committed on its own
 * (its rules checked on the state it replaces), so one that cannot be closed does not stop the rest;
 * the reply says, action by action, what was done.
 */
export const close: CommandHandler<'close'> = async (deps, ctx, { refs }) => {
  const lines: string[] = [];
  let closed = 0;
  for (const ref of refs) {
    try {
      const current = await findAction(deps.store, ref);
      const request = { reply: { kind: 'close' as const }, actor: secretariatActor(ctx) };
      const outcome = await commitChange(deps.store, current.value, request, deps.clock(), undefined, current);
      if (outcome.kind === 'refused') throw refusalError(outcome, current.value.ref);
      closed += 1;
      lines.push(`- ${outcome.action.ref}: closed by the board.`);
      await tellOwner(
        deps,
        outcome.action,
        `The board has closed ${outcome.action.ref} (${outcome.action.title}). Thank you.`,
        `${outcome.action.ref} closed`,
      );
    } catch (e) {
      if (!isBoardBotError(e)) throw e;
      lines.push(`- ${ref}: not closed. ${e.message}`);
    }
  }
  return {
    text: `${refs.length === 1 ? '' : `Closed ${closed} of ${refs.length}:\n`}${lines.join('\n')}${closed ? "\nThe closure is in each action's history." : ''}`,
  };
};

/** Returns an action marked complete to its owner with the reason: it is open again and the owner is told. */
export const returnToOwner: CommandHandler<'return'> = async (deps, ctx, { ref, reason }) => {
  const current = await findAction(deps.store, ref);
  const request = { reply: { kind: 'return' as const, reason }, actor: secretariatActor(ctx) };
  const outcome = await commitChange(deps.store, current.value, request, deps.clock(), undefined, current);
  if (outcome.kind === 'refused') throw refusalError(outcome, current.value.ref);
  const a = outcome.action;
  const told = await tellOwner(
    deps,
    a,
    `The board secretariat has returned ${a.ref} (${a.title}) to you: it is not closed yet. Reason: ${reason}. It is ${a.status} again and will be on your next update card.`,
    `${a.ref} returned`,
  );
  return {
    text: `${a.ref} is returned to ${a.ownerEmail} and is ${a.status} again; the reason is in its history. ${told ? 'The owner has been told.' : `I could not tell ${a.ownerEmail} in Teams, so please let them know.`}`,
  };
};
