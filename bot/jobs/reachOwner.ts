import { ReachRefused } from '../domain/ports';
import type { PeopleNames } from '../domain/people';
import { cardPerson } from '../../cards/person';
import type { Owner } from '../domain/types';
import type { ChaseDeps, Outcome } from './chaseCycle';
import type { PromptLease } from './promptLease';

/** Why an owner with no chat is unreachable when installing the app for them is off, and what to do. */
export const REACH_OFF = new ReachRefused(
  "not found in the board team's roster and has not installed the app in Teams (installing it for them through Microsoft Graph is off)",
  'add them to the board\'s team, have a Teams admin install the app for them with an app setup policy, or turn on GRAPH_INSTALL_ENABLED (docs/deploying.md, "Reaching every owner")',
);

/** Owners found unreachable in this run, with the reason and what to do, for the secretariat's summary. */
export type Unreachable = Map<string, string>;

/** Records the owner as unreachable, with the reason the secretariat will read. */
export async function markUnreachable(
  deps: ChaseDeps,
  lease: PromptLease,
  email: string,
  reason: string,
  notes: Unreachable,
): Promise<Outcome> {
  const updatedAt = deps.clock().toISOString();
  await deps.store.owners.save({ email, reachability: 'unreachable', unreachableReason: reason, updatedAt });
  await lease.settle({ state: 'unreachable', reason }, false);
  notes.set(email, reason);
  deps.log.warn('owner unreachable', { owner: email, reason });
  return 'unreachable';
}

/**
 * An owner with no chat with the bot: install the app for them through Graph (when on) and keep
 * where to reach them. Nothing is sent here, so a passing Graph failure leaves the prompt pending.
 */
export async function reachOwner(
  deps: ChaseDeps,
  lease: PromptLease,
  email: string,
  notes: Unreachable,
): Promise<Owner | Outcome> {
  if (!deps.reach) return markUnreachable(deps, lease, email, REACH_OFF.message, notes);
  try {
    const r = await deps.reach.reach(email);
    return await deps.store.owners.save({
      email,
      name: r.name,
      aadObjectId: r.aadObjectId,
      tenantId: r.tenantId,
      serviceUrl: r.serviceUrl,
      chatId: r.chatId,
    });
  } catch (e) {
    if (e instanceof ReachRefused) return markUnreachable(deps, lease, email, e.message, notes);
    const reason = `the app could not be installed for them through Microsoft Graph yet: ${e instanceof Error ? e.message : String(e)}`;
    const state = lease.prompt.attempts >= 3 ? 'failed' : 'pending';
    await lease.settle({ state, reason }, false);
    deps.log.warn('owner not reached through Microsoft Graph yet', {
      owner: email,
      reason,
      attempts: lease.prompt.attempts,
    });
    return state;
  }
}

/** What the secretariat reads after a cycle: each owner who could not be reached, why, and what to do. */
export function unreachableSummary(cycleId: string, owners: Unreachable, names?: PeopleNames): string {
  const lines = [...owners].map(([email, reason]) => `- ${cardPerson(email, names?.get(email))}: ${reason}.`);
  return `I could not reach ${owners.size} owner${owners.size === 1 ? '' : 's'} in chase ${cycleId}:\n${lines.join('\n')}\nType "nonresponders" to see everyone still to answer.`;
}
