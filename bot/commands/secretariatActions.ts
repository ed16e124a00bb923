import { BoardBotError, ErrorCode } from '../errors';
import { recordReply } from '../replies/recordReply';
import type { CommandHandler } from './context';
import { findAction } from './findAction';

export const nonresponders: CommandHandler<'nonresponders'> = async (deps) => {
  const latest = (await deps.store.cycles.list()).sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
  if (!latest) return { text: 'No chase has run yet.' };
  const prompts = (await deps.store.prompts.listCycle(latest.id)).map((p) => p.value);
  const waiting = prompts.filter((p) => p.state === 'sent' || p.state === 'unknown');
  const unreachable = prompts.filter((p) => p.state === 'unreachable' || p.state === 'failed');
  const lines = [
    ...waiting.map(
      (p) =>
        `- ${p.ownerEmail}: ${p.actions.length - p.answered.length} of ${p.actions.length} unanswered${p.escalatedAt ? ' (escalated)' : p.nudgedAt ? ' (nudged)' : ''}${p.state === 'unknown' ? ' (delivery unknown)' : ''}`,
    ),
    ...unreachable.map((p) => `- ${p.ownerEmail}: cannot be reached (${p.reason ?? 'no reason recorded'})`),
  ];
  return {
    text: lines.length
      ? `Cycle ${latest.id}, not yet answered:\n${lines.join('\n')}`
      : `Everyone chased in cycle ${latest.id} has answered.`,
  };
};

export const reassign: CommandHandler<'reassign'> = async (deps, ctx, { ref, email }) => {
  const current = await findAction(deps.store, ref);
  if (current.value.ownerEmail === email) return { text: `${current.value.ref} is already owned by ${email}.` };
  const by = { email: ctx.owner?.email ?? ctx.actor.aadObjectId ?? 'secretariat' };
  const saved = await recordReply(deps.store, by, current, { kind: 'reassign', ownerEmail: email }, deps.clock());
  const known = await deps.store.owners.get(email);
  return {
    text: `${saved.ref} now belongs to ${email} (was ${current.value.ownerEmail}); the change is in its history.${known?.value.aadObjectId ? '' : ` I have not met ${email} in Teams yet: add them to the board's team so I can chase them.`}`,
  };
};

const decide =
  (decision: 'approved' | 'rejected'): CommandHandler<'approve date' | 'reject date'> =>
  async (deps, ctx, { ref }) => {
    const current = await findAction(deps.store, ref);
    const revised = current.value.revisedDate;
    if (revised?.state !== 'proposed')
      throw new BoardBotError(
        ErrorCode.InvalidSubmit,
        `${current.value.ref} has no revised date waiting for a decision.`,
      );
    const by = { email: ctx.owner?.email ?? ctx.actor.aadObjectId ?? 'secretariat' };
    await recordReply(deps.store, by, current, { kind: 'dateDecision', decision }, deps.clock());
    const owner = (await deps.store.owners.get(current.value.ownerEmail))?.value;
    const words =
      decision === 'approved'
        ? `approved: ${current.value.ref} is now due ${revised.date} (originally ${current.value.dueDate})`
        : `declined: ${current.value.ref} stays due ${current.value.dueDate}`;
    if (owner && (owner.conversation || owner.aadObjectId)) {
      await deps
        .sendToPerson(
          owner,
          {
            type: 'AdaptiveCard',
            version: '1.5',
            body: [{ type: 'TextBlock', wrap: true, text: `The board secretariat ${words}.` }],
          },
          `Revised date ${decision}`,
        )
        .catch((e: unknown) => deps.log.warn('could not tell the owner', { error: e }));
    }
    return { text: `Revised date ${words}. The owner has been told.` };
  };
export const approveDate = decide('approved') as CommandHandler<'approve date'>;
export const rejectDate = decide('rejected') as CommandHandler<'reject date'>;
