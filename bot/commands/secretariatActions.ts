import { BoardBotError, ErrorCode } from '../errors';
import { namesFor } from '../board/peopleNames';
import { cardPerson } from '../../cards/person';
import { commitChange, refusalError } from '../replies/recordReply';
import type { CommandHandler } from './context';
import { findAction } from './findAction';
import { loadCurrentAsks } from '../jobs/currentAsks';
import { tellOwner } from './tellOwner';

export const nonresponders: CommandHandler<'nonresponders'> = async (deps) => {
  const prompts = [...(await loadCurrentAsks(deps.store, deps.clock().toISOString())).values()];
  if (prompts.length === 0) return { text: 'No chase has run yet.' };
  const waiting = prompts.filter((p) => p.state === 'sent' || p.state === 'unknown');
  const unreachable = prompts.filter((p) => p.state === 'unreachable' || p.state === 'failed');
  const names = await namesFor(
    deps.store.owners,
    [...waiting, ...unreachable].map((p) => p.ownerEmail),
  );
  const who = (email: string) => cardPerson(email, names.get(email));
  const lines = [
    ...waiting.map(
      (p) =>
        `- ${who(p.ownerEmail)}: ${p.actions.length - p.answered.length} of ${p.actions.length} unanswered (cycle ${p.cycleId})${p.escalatedAt ? ' (escalated)' : p.nudgedAt ? ' (nudged)' : ''}${p.state === 'unknown' ? ' (delivery unknown)' : ''}`,
    ),
    ...unreachable.map((p) => `- ${who(p.ownerEmail)}: cannot be reached (${p.reason ?? 'no reason recorded'})`),
  ];
  return {
    text: lines.length
      ? `Not yet answered:\n${lines.join('\n')}`
      : `Everyone chased since the last weekly cycle has answered.`,
  };
};

/** The secretariat member making a change, as history records them. */
export const secretariatActor = (ctx: Parameters<CommandHandler<'reassign'>>[1]) => ({
  email: ctx.owner?.email ?? ctx.actor.aadObjectId ?? 'secretariat',
  role: 'secretariat' as const,
});

export const reassign: CommandHandler<'reassign'> = async (deps, ctx, { ref, email }) => {
  const current = await findAction(deps.store, ref);
  if (current.value.ownerEmail === email) return { text: `${current.value.ref} is already owned by ${email}.` };
  const request = { reply: { kind: 'reassign' as const, ownerEmail: email }, actor: secretariatActor(ctx) };
  const outcome = await commitChange(deps.store, current.value, request, deps.clock(), undefined, current);
  if (outcome.kind === 'refused') throw refusalError(outcome, current.value.ref);
  const was = current.value.ownerEmail;
  const known = await deps.store.owners.get(email);
  return {
    text: `${outcome.action.ref} now belongs to ${email} (was ${was}); the change is in its history.${known?.value.aadObjectId ? '' : ` I have not met ${email} in Teams yet: add them to the board's team so I can chase them.`}`,
  };
};

/**
 * Approves or declines the revised date that is pending now. The decision is about the date read
 * here: if the owner proposes another one before it is written, nothing is decided (the commit's
 * rules compare the pending date), so the secretariat never approves a date it was not shown.
 */
const decide =
  (decision: 'approved' | 'rejected'): CommandHandler<'approve date' | 'reject date'> =>
  async (deps, ctx, { ref }) => {
    const current = await findAction(deps.store, ref);
    const revised = current.value.revisedDate;
    if (!revised || revised.state !== 'proposed')
      throw new BoardBotError(
        ErrorCode.InvalidSubmit,
        `${current.value.ref} has no revised date waiting for a decision.`,
      );
    const request = {
      reply: { kind: 'dateDecision' as const, decision, date: revised.date },
      actor: secretariatActor(ctx),
    };
    const outcome = await commitChange(deps.store, current.value, request, deps.clock(), undefined, current);
    if (outcome.kind === 'refused') throw refusalError(outcome, current.value.ref);
    const words =
      decision === 'approved'
        ? `approved: ${current.value.ref} is now due ${revised.date} (originally ${current.value.dueDate})`
        : `declined: ${current.value.ref} stays due ${current.value.dueDate}`;
    const told = await tellOwner(deps, current.value, `The board secretariat ${words}.`, `Revised date ${decision}`);
    return {
      text: `Revised date ${words}. ${told ? 'The owner has been told.' : `I could not tell ${current.value.ownerEmail} in Teams, so please let them know.`}`,
    };
  };
export const approveDate = decide('approved') as CommandHandler<'approve date'>;
export const rejectDate = decide('rejected') as CommandHandler<'reject date'>;
