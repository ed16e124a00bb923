import type { FlagSettings } from '../domain/challengeFlags';
import { z } from 'zod';
import { boardTabLinks } from '../board/boardTabLinks';
import { digestCard } from '../../cards/digestCard';
import type { AdaptiveCardJson } from '../../cards/render';
import type { Digest } from '../domain/digest';
import type { JobKind } from '../domain/jobs';
import type { PromptState } from '../domain/types';
import { loadDigest } from '../digest/loadDigest';
import { type ChaseDeps, runChaseCycle } from './chaseCycle';
import type { JobWork } from './jobRunner';
import { chatFileJob } from '../chatFiles/chatFileJob';

/** A chase job's arguments: who (as the summary names them), only one owner or everyone, and its cycle id. */
export const chaseArgs = z.object({
  who: z.string().min(1),
  only: z.string().optional(),
  cycleId: z.string().regex(/^[A-Za-z0-9-]{1,80}$/),
});
export type ChaseArgs = z.infer<typeof chaseArgs>;

/** A digest post's arguments: the board view to post. */
export const digestArgs = z.object({
  plan: z.string().max(120).optional(),
  theme: z.string().max(120).optional(),
  week: z.string().optional(),
});

/** What the job kinds need from the rest of the service. */
export interface JobKindDeps {
  chase: ChaseDeps;
  chart(d: Digest): Promise<string | undefined>;
  postToBoardChannel(card: AdaptiveCardJson, summary: string): Promise<boolean>;
  /** The board's thresholds for challenge flags (FLAG_* settings), for every digest and register it builds. */
  flags: FlagSettings;
}

const count = (states: PromptState[], ...wanted: PromptState[]) => states.filter((s) => wanted.includes(s)).length;

/**
 * Runs (or, after a takeover, resumes) the cycle named in the job, then sums up the cycle as stored,
 * so the figures are the cycle's whatever instance sent which prompt.
 */
const chase =
  (deps: ChaseDeps): JobWork =>
  async (job) => {
    const a = chaseArgs.parse(JSON.parse(job.args));
    await runChaseCycle(deps, 'manual', a.cycleId, a.only ? (email) => email === a.only : undefined);
    const states = (await deps.store.prompts.listCycle(a.cycleId)).map((p) => p.value.state);
    const unknown = count(states, 'unknown', 'sending');
    return `Chased ${a.who} (cycle ${a.cycleId}): ${count(states, 'sent', 'answered')} prompted, ${count(states, 'skipped')} skipped (answered recently), ${count(states, 'unreachable')} unreachable, ${count(states, 'pending', 'failed')} not delivered yet (will retry)${unknown ? `, ${unknown} delivery unknown (not resent; the nudge covers them)` : ''}.`;
  };

const postDigest =
  (deps: JobKindDeps): JobWork =>
  async (job) => {
    const q = digestArgs.parse(JSON.parse(job.args));
    const d = await loadDigest(deps.chase.store, q, deps.chase.clock(), { flags: deps.flags });
    const links = await boardTabLinks(deps.chase.tabLinks, deps.chase.store.settings);
    const card = digestCard(d, await deps.chart(d), undefined, links);
    const posted = await deps.postToBoardChannel(card, `Board digest for week ${d.week}`);
    return posted
      ? `Posted the digest for week ${d.week} to the board channel.`
      : "I have not been added to the board's team yet, so there is no channel to post to. Add the app to the team first.";
  };

/** Every kind of background job, by name. */
export const jobKinds = (deps: JobKindDeps): Record<JobKind, JobWork> => ({
  chase: chase(deps.chase),
  postDigest: postDigest(deps),
  chatFile: chatFileJob({ store: deps.chase.store, clock: deps.chase.clock }),
});
