import { awayByOwner } from '../domain/away';
import { namesFor } from '../board/peopleNames';
import { cardPerson } from '../../cards/person';
import type { TabLinkSettings } from '../../cards/tabLinks';
import { randomBytes } from 'node:crypto';
import {
  type BoardStore,
  type Clock,
  ConcurrencyConflict,
  type Delivered,
  DeliveryFailed,
  type Messenger,
  type OwnerReach,
  type Versioned,
} from '../domain/ports';
import { type Action, type ChaseCycle, type ChasePrompt, type Owner, actionKeyOf } from '../domain/types';
import { type ChaseSettings, planCycle } from '../domain/chasePolicy';
import { londonDate, londonTime } from '../domain/calendar';
import { buildOwnerCard } from '../replies/ownerCard';
import { DeliveryUnknown, MessageTooBig, isReleased } from '../outbound/deliveryErrors';
import { PromptLease, leaseExpired } from './promptLease';
import { PromptWriteBatch } from './promptBatches';
import type { Logger } from '../log';
import { type Unreachable, markUnreachable, reachOwner, unreachableSummary } from './reachOwner';

/** What a chase cycle needs. */
export interface ChaseDeps {
  store: BoardStore;
  messenger: Messenger;
  clock: Clock;
  settings: ChaseSettings;
  log: Logger;
  /** Names this process in claims, so a crashed instance's claims can be recognised. */
  instanceId: string;
  /** A claim is a lease its sender renews; one not renewed for this long is a dead sender's (config: CLAIM_LEASE_MS). */
  claimLeaseMs?: number;
  /** True once this instance is stopping: no new prompt is claimed. */
  stopping?: () => boolean;
  /** How many owners are prompted at once (the outbound limiter keeps the pace within Teams' limits). */
  concurrency?: number;
  /** Tells the secretariat something (e.g. owners who cannot be reached). */
  tellSecretariat?(text: string): Promise<unknown>;
  /** Installs the app for an owner with no chat with the bot (Microsoft Graph); absent when that is off. */
  reach?: OwnerReach;
  /** What the cards' links to the app's tabs are made from (cards/tabLinks.ts); none: no links. */
  tabLinks?: TabLinkSettings;
}

/** How one cycle went. */
export interface CycleReport {
  cycleId: string;
  prompted: number;
  skipped: number;
  unreachable: number;
  failed: number;
  unknown: number;
  /** Handed back unsent because this instance was stopping. */
  released: number;
  alreadyDone: number;
}

/** A scheduled cycle is named by its London date; one started by hand also by its time. */
export function cycleIdFor(now: Date, trigger: ChaseCycle['trigger']): string {
  return trigger === 'schedule'
    ? londonDate(now)
    : `${londonDate(now)}-manual-${londonTime(now).replace(':', '')}-${randomBytes(2).toString('hex')}`;
}

/** Creates the cycle (or finds it, when resuming) and writes one prompt row per owner. */
/** What a cycle reads of the board, each read at most once however many steps use it. */
interface CycleReads {
  actions(): Promise<Action[]>;
  owners(): Promise<Owner[]>;
}

const readsOf = (store: ChaseDeps['store']): CycleReads => {
  let actions: Promise<Action[]> | undefined;
  let owners: Promise<Owner[]> | undefined;
  return {
    actions: () => (actions ??= store.actions.listAll()),
    owners: () => (owners ??= store.owners.list()),
  };
};

async function planPrompts(
  deps: ChaseDeps,
  reads: CycleReads,
  cycleId: string,
  trigger: ChaseCycle['trigger'],
  only?: (ownerEmail: string) => boolean,
): Promise<void> {
  const now = deps.clock();
  await deps.store.cycles.create({ id: cycleId, trigger, startedAt: now.toISOString(), planned: false });
  const cycle = await deps.store.cycles.get(cycleId);
  if (!cycle || cycle.value.planned) return;
  const plans = planCycle(
    await reads.actions(),
    now,
    deps.settings,
    awayByOwner(await reads.owners(), londonDate(now)),
  ).filter((p) => !only || only(p.ownerEmail));
  await deps.store.prompts.createMany(
    plans.map((p) => ({
      cycleId,
      ownerEmail: p.ownerEmail,
      state: p.kind === 'prompt' ? 'pending' : 'skipped',
      reason: p.kind === 'skip' ? p.reason : undefined,
      actions: p.actions,
      answered: [],
      attempts: 0,
    })),
  );
  try {
    await deps.store.cycles.replace({ ...cycle.value, planned: true }, cycle.etag);
  } catch (e) {
    if (!(e instanceof ConcurrencyConflict)) throw e;
  }
}

const claimedBy = (deps: ChaseDeps, p: ChasePrompt): ChasePrompt => {
  const now = deps.clock().toISOString();
  return {
    ...p,
    state: 'sending',
    claimedBy: deps.instanceId,
    claimedAt: now,
    renewedAt: now,
    attempts: p.attempts + 1,
  };
};

/**
 * Claims a pending prompt for this process, just before sending it, with an ETag-conditional write
 * (grouped with the cycle's other prompt writes). Only one process can win; the loser sees
 * ConcurrencyConflict and moves on. The claim is a lease the sender renews.
 */
async function claim(
  deps: ChaseDeps,
  found: Versioned<ChasePrompt>,
  writes: PromptWriteBatch,
): Promise<PromptLease | undefined> {
  const claimed = claimedBy(deps, found.value);
  try {
    const etag = await writes.write(claimed, found.etag);
    return new PromptLease(deps.store, deps.clock, deps.log, { value: claimed, etag }, leaseOf(deps), writes.write);
  } catch (e) {
    if (e instanceof ConcurrencyConflict) return undefined;
    throw e;
  }
}

const leaseOf = (deps: ChaseDeps): number => deps.claimLeaseMs ?? 60_000;

/** From this many owners to prompt, a cycle reads every action's state once instead of each card's actions. */
const READ_ACTIONS_ONCE_FROM = 20;

/** How one owner's send ended. */
export type Outcome = 'sent' | 'unreachable' | 'failed' | 'pending' | 'unknown' | 'released' | 'tooBig';

/**
 * Sends one owner's card. Once Teams has accepted it, recording the delivery (and the owner's chat)
 * goes on in `tails` while the sender moves to the next owner: the claim is held until it is written.
 */
async function sendOne(
  deps: ChaseDeps,
  lease: PromptLease,
  found: Owner | undefined,
  notes: Unreachable,
  tails: Promise<void>[],
  states?: ReadonlyMap<string, Action>,
): Promise<Outcome> {
  const prompt = lease.prompt;
  const log = deps.log.child({ owner: prompt.ownerEmail });
  let owner = found;
  if (!owner || (!owner.conversation && !owner.aadObjectId)) {
    const reached = await reachOwner(deps, lease, prompt.ownerEmail, notes);
    if (typeof reached === 'string') return reached;
    owner = reached;
  }
  let sent: Delivered;
  try {
    const card = await buildOwnerCard(deps, owner, prompt.cycleId, deps.clock(), undefined, undefined, prompt, {
      states,
      others: [],
    });
    sent = await deps.messenger.sendCard(
      owner,
      card,
      `The board needs your update on ${prompt.actions.length} action${prompt.actions.length === 1 ? '' : 's'}`,
    );
  } catch (e) {
    return recordFailure(deps, lease, owner, e, notes);
  }
  log.info('prompt sent', { activityId: sent.activityId, actions: prompt.actions.length });
  tails.push(
    (async () => {
      // Delivered: from here on nothing may put the prompt back to pending. If storage cannot record it,
      // the claim stays until its lease runs out and it turns "unknown": nudged, never resent.
      await recordDelivery(deps, lease, sent);
      try {
        if (owner.conversation !== sent.conversation || owner.reachability !== 'reachable') {
          await deps.store.owners.save({
            email: owner.email,
            conversation: sent.conversation,
            reachability: 'reachable',
            unreachableReason: undefined,
            updatedAt: deps.clock().toISOString(),
          });
        }
      } catch (e) {
        log.warn('could not remember the chat with the owner', { error: e });
      }
    })(),
  );
  return 'sent';
}

/** Records a delivered prompt, trying again for a few seconds if storage is unreachable. */
async function recordDelivery(deps: ChaseDeps, lease: PromptLease, sent: Delivered): Promise<void> {
  const patch = {
    state: 'sent' as const,
    sentAt: deps.clock().toISOString(),
    activityId: sent.activityId,
    conversationId: sent.conversationId,
    reason: undefined,
  };
  for (let attempt = 1; ; attempt++) {
    try {
      await lease.settle(patch, true);
      return;
    } catch (e) {
      if (attempt >= 4) {
        deps.log.error('delivered, but storage could not record it: left to become "unknown"', { error: e });
        return;
      }
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

/** Stores why a send did not deliver, and what happens next. */
async function recordFailure(
  deps: ChaseDeps,
  lease: PromptLease,
  owner: Owner,
  e: unknown,
  notes: Unreachable,
): Promise<Outcome> {
  const prompt = lease.prompt;
  const log = deps.log.child({ owner: prompt.ownerEmail });
  if (isReleased(e)) {
    // Nothing left this process for this owner: hand the prompt back for another instance or a restart.
    await lease.settle({ state: 'pending', attempts: Math.max(0, prompt.attempts - 1), claimedAt: undefined }, false);
    log.info('prompt released: this instance is stopping');
    return 'released';
  }
  if (e instanceof DeliveryUnknown) {
    const reason = `delivery unknown: ${e.message}; not resent, to avoid a duplicate (the nudge covers it)`;
    await lease.settle({ state: 'unknown', reason }, false);
    log.warn('prompt delivery unknown', { reason });
    return 'unknown';
  }
  if (e instanceof MessageTooBig) {
    const reason = `the card is too big for Teams: ${e.message}`;
    await lease.settle({ state: 'failed', reason }, false);
    log.error('prompt too big for Teams', { reason });
    return 'tooBig';
  }
  if (e instanceof DeliveryFailed && e.permanent) {
    const reason = `Teams refused delivery (${e.status ?? 'no status'}): ${e.message}. What to do: they may have blocked or removed the app; ask them to open it in Teams, or reassign their actions`;
    return markUnreachable(deps, lease, owner.email, reason, notes);
  }
  const reason = e instanceof Error ? e.message : String(e);
  const state = prompt.attempts >= 3 ? 'failed' : 'pending';
  await lease.settle({ state, reason }, false);
  log.error('prompt not delivered', { error: e, attempts: prompt.attempts });
  return state;
}

/**
 * Runs (or resumes) one chase cycle: one card per owner with all their open actions. Safe to run in
 * several processes at once and after a crash: a prompt is sent only by the process that claimed it,
 * and a claim left by a dead process is marked "unknown" (it may have reached the owner), never resent.
 */
export async function runChaseCycle(
  deps: ChaseDeps,
  trigger: ChaseCycle['trigger'] = 'schedule',
  cycleId = cycleIdFor(deps.clock(), trigger),
  only?: (ownerEmail: string) => boolean,
): Promise<CycleReport> {
  const log = deps.log.child({ cycleId });
  // Planning and sending share one read of the actions and of the owners.
  const reads = readsOf(deps.store);
  await planPrompts(deps, reads, cycleId, trigger, only);
  const report: CycleReport = {
    cycleId,
    prompted: 0,
    skipped: 0,
    unreachable: 0,
    failed: 0,
    unknown: 0,
    released: 0,
    alreadyDone: 0,
  };
  const unreachable: Unreachable = new Map();
  const tooBig: string[] = [];
  const pending: Versioned<ChasePrompt>[] = [];
  for (const found of await deps.store.prompts.listCycle(cycleId)) {
    const p = found.value;
    if (leaseExpired(p, deps.clock(), leaseOf(deps))) {
      try {
        await deps.store.prompts.replace(
          {
            ...p,
            state: 'unknown',
            reason: `delivery unknown: ${p.claimedBy ?? 'a process'} stopped while sending; not resent, to avoid a duplicate`,
          },
          found.etag,
        );
        report.unknown += 1;
      } catch (e) {
        if (!(e instanceof ConcurrencyConflict)) throw e;
      }
    } else if (p.state === 'pending') pending.push(found);
    else if (p.state === 'skipped') report.skipped += 1;
    else report.alreadyDone += 1;
  }
  // The owners once for the cycle, not a read per prompt; one newer than that is read when met.
  const owners = new Map(pending.length > 0 ? (await reads.owners()).map((o) => [o.email, o]) : []);
  const concurrency = deps.concurrency ?? 8;
  // A cycle of many owners reads the actions' states once (seconds old when a card is built; a click
  // on a card whose action moved on since is judged against its revision), not one read per action per card.
  const states =
    pending.length >= READ_ACTIONS_ONCE_FROM
      ? new Map((await reads.actions()).map((a) => [actionKeyOf(a), a]))
      : undefined;
  const writes = new PromptWriteBatch(deps.store);
  const tails: Promise<void>[] = [];
  let next = 0;
  const sender = async (): Promise<void> => {
    while (!deps.stopping?.() && next < pending.length) {
      const lease = await claim(deps, pending[next++], writes);
      if (!lease) continue;
      const email = lease.prompt.ownerEmail;
      const owner = owners.get(email) ?? (await deps.store.owners.get(email))?.value;
      const outcome = await sendOne(deps, lease, owner, unreachable, tails, states);
      if (outcome === 'sent') report.prompted += 1;
      else if (outcome === 'unreachable') report.unreachable += 1;
      else if (outcome === 'unknown') report.unknown += 1;
      else if (outcome === 'released') report.released += 1;
      else if (outcome === 'tooBig') {
        report.failed += 1;
        tooBig.push(email);
      } else report.failed += 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, pending.length) }, sender));
  } finally {
    await Promise.all(tails);
    await writes.drain();
  }
  if (unreachable.size > 0 && deps.tellSecretariat) {
    const names = await namesFor(deps.store.owners, [...unreachable.keys()]);
    await deps
      .tellSecretariat(unreachableSummary(cycleId, unreachable, names))
      .catch((e: unknown) => log.error('could not tell the secretariat', { error: e }));
  }
  if (tooBig.length > 0 && deps.tellSecretariat) {
    const names = await namesFor(deps.store.owners, tooBig);
    await deps
      .tellSecretariat(
        `Teams refused the chase card as too big for ${tooBig.length} owner${tooBig.length === 1 ? '' : 's'} in chase ${cycleId}: ${tooBig.map((e) => cardPerson(e, names.get(e))).join(', ')}. They were not prompted; they can update their actions in "My actions", or you can split their actions.`,
      )
      .catch((e: unknown) => log.error('could not tell the secretariat', { error: e }));
  }
  const cycle = await deps.store.cycles.get(cycleId);
  const open = (await deps.store.prompts.listCycle(cycleId)).some(
    (x) => x.value.state === 'pending' || x.value.state === 'sending',
  );
  if (cycle && !open && !cycle.value.completedAt) {
    await deps.store.cycles
      .replace({ ...cycle.value, completedAt: deps.clock().toISOString() }, cycle.etag)
      .catch((e) => {
        if (!(e instanceof ConcurrencyConflict)) throw e;
      });
  }
  log.info('chase cycle run', { ...report });
  return report;
}
