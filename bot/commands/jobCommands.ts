import { awayByOwner } from '../domain/away';
import { londonTime, londonDate } from '../domain/calendar';
import { planCycle } from '../domain/chasePolicy';
import { BoardBotError, ErrorCode } from '../errors';
import { cycleIdFor } from '../jobs/chaseCycle';
import type { ChaseArgs } from '../jobs/jobKinds';
import type { Enqueued, JobRequest } from '../jobs/jobQueue';
import type { CommandContext, CommandDeps, CommandHandler } from './context';
import { findAction } from './findAction';

const LATER = "I'll tell you here when it's done.";

/** Who asked and where to tell them, for a job. */
export const requester = (
  ctx: Pick<CommandContext, 'owner' | 'actor' | 'turn'>,
): Pick<JobRequest, 'requestedBy' | 'conversation' | 'turn'> => ({
  requestedBy: ctx.owner?.email ?? ctx.actor.aadObjectId ?? 'secretariat',
  conversation: ctx.turn?.conversation ?? '',
  turn: ctx.turn?.activityId ? { conversationId: ctx.turn.conversationId, activityId: ctx.turn.activityId } : undefined,
});

/** Whom a chase is for: everyone, one owner, or the owner of one action. */
async function chaseTarget(deps: CommandDeps, target: string): Promise<{ only?: string; who: string; whom: string }> {
  if (target.includes('@')) {
    const has = (await deps.store.actions.listAll()).some((a) => a.ownerEmail === target);
    if (!has) throw new BoardBotError(ErrorCode.ActionNotFound, `${target} owns no actions in the plan.`);
    return { only: target, who: target, whom: target };
  }
  if (target !== 'all') {
    const { value } = await findAction(deps.store, target);
    const who = `${value.ownerEmail} (owner of ${value.ref})`;
    return { only: value.ownerEmail, who, whom: who };
  }
  return { who: 'every owner with open actions', whom: 'every owner' };
}

const refusal = (r: Exclude<Enqueued, { outcome: 'queued' }>, whom: string, command: string): string => {
  const started = londonTime(new Date(r.startedAt));
  const when = r.outcome === 'running' ? 'is still running' : `finished at ${londonTime(new Date(r.finishedAt))}`;
  return `A chase of ${whom} started at ${started} ${when}; type \`${command} again\` to chase again.`;
};

/**
 * Queues a chase and answers at once; the chase runs in the background (any instance) and its summary
 * comes in this conversation. A second chase of the same owners while one runs, or just after, is refused
 * unless asked for "again".
 */
export const chase: CommandHandler<'chase'> = async (deps, ctx, { target, again }) => {
  const now = deps.clock();
  const { only, who, whom } = await chaseTarget(deps, target);
  const plans = planCycle(
    await deps.store.actions.listAll(),
    now,
    deps.chaseSettings,
    awayByOwner(await deps.store.owners.list(), londonDate(now)),
  ).filter((p) => !only || p.ownerEmail === only);
  const due = plans.filter((p) => p.kind === 'prompt').length;
  if (due === 0)
    return {
      text: `Nobody to chase: ${who === 'every owner with open actions' ? 'every owner with open actions has' : `${who} has`} answered in the last ${deps.chaseSettings.skipIfRepliedWithinDays} days.`,
    };
  const args: ChaseArgs = { who, only, cycleId: cycleIdFor(now, 'manual') };
  const r = await deps.jobs.enqueue({
    kind: 'chase',
    args,
    slot: `chase:${only ?? 'all'}`,
    insist: again,
    ...requester(ctx),
  });
  if (r.outcome !== 'queued') return { text: refusal(r, whom, `chase ${target}`) };
  const skipped = plans.length - due;
  return {
    text: only
      ? `Chasing ${who} now; ${LATER}`
      : `Chasing ${due} owner${due === 1 ? '' : 's'} now${skipped ? ` (${skipped} answered recently, not chased)` : ''}; ${LATER}`,
  };
};

/** Queues the digest post and answers at once; the post is made in the background and reported here. */
export const postDigest: CommandHandler<'post digest'> = async (deps, ctx, { plan, theme, week }) => {
  if (!(await deps.access.channel()))
    return {
      text: 'There is no board channel yet. Add the app to the board\'s team, then @mention me in its channel with "make this the board channel".',
    };
  await deps.jobs.enqueue({ kind: 'postDigest', args: { plan, theme, week }, ...requester(ctx) });
  return { text: `Posting the digest to the board channel now; ${LATER}` };
};
