import { randomBytes } from 'node:crypto';
import {
  type BoardStore,
  type Clock,
  ConcurrencyConflict,
  DeliveryFailed,
  type Messenger,
  type Versioned,
} from '../domain/ports';
import type { ChaseCycle, ChasePrompt, Owner } from '../domain/types';
import { type ChaseSettings, planCycle } from '../domain/chasePolicy';
import { londonDate, londonTime } from '../domain/calendar';
import { buildOwnerCard } from '../replies/ownerCard';
import type { Logger } from '../log';

/** What a chase cycle needs. */
export interface ChaseDeps {
  store: BoardStore;
  messenger: Messenger;
  clock: Clock;
  settings: ChaseSettings;
  log: Logger;
  /** Names this process in claims, so a crashed instance's claims can be recognised. */
  instanceId: string;
  /** A claim older than this is from a process that died mid-send. */
  claimTimeoutMs?: number;
  /** How many owners are prompted at once (the outbound limiter keeps the pace within Teams' limits). */
  concurrency?: number;
  /** Tells the secretariat something (e.g. owners who cannot be reached). */
  tellSecretariat?(text: string): Promise<unknown>;
}

/** Runs `work` over the items with at most `limit` at a time. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** How one cycle went. */
export interface CycleReport {
  cycleId: string;
  prompted: number;
  skipped: number;
  unreachable: number;
  failed: number;
  unknown: number;
  alreadyDone: number;
}

/** A scheduled cycle is named by its London date; one started by hand also by its time. */
export function cycleIdFor(now: Date, trigger: ChaseCycle['trigger']): string {
  return trigger === 'schedule'
    ? londonDate(now)
    : `${londonDate(now)}-manual-${londonTime(now).replace(':', '')}-${randomBytes(2).toString('hex')}`;
}

/** Creates the cycle (or finds it, when resuming) and writes one prompt row per owner. */
async function planPrompts(
  deps: ChaseDeps,
  cycleId: string,
  trigger: ChaseCycle['trigger'],
  only?: (ownerEmail: string) => boolean,
): Promise<void> {
  const now = deps.clock();
  await deps.store.cycles.create({ id: cycleId, trigger, startedAt: now.toISOString(), planned: false });
  const cycle = await deps.store.cycles.get(cycleId);
  if (!cycle || cycle.value.planned) return;
  const plans = planCycle(await deps.store.actions.listAll(), now, deps.settings).filter(
    (p) => !only || only(p.ownerEmail),
  );
  for (const p of plans) {
    await deps.store.prompts.create({
      cycleId,
      ownerEmail: p.ownerEmail,
      state: p.kind === 'prompt' ? 'pending' : 'skipped',
      reason: p.kind === 'skip' ? p.reason : undefined,
      actions: p.actions,
      answered: [],
      attempts: 0,
    });
  }
  try {
    await deps.store.cycles.replace({ ...cycle.value, planned: true }, cycle.etag);
  } catch (e) {
    if (!(e instanceof ConcurrencyConflict)) throw e;
  }
}

/**
 * Claims a pending prompt for this process with an ETag-conditional write. Only one process can
 * win; the loser sees ConcurrencyConflict and moves on. Returns the claimed prompt and its ETag.
 */
async function claim(deps: ChaseDeps, found: Versioned<ChasePrompt>): Promise<Versioned<ChasePrompt> | undefined> {
  const claimed: ChasePrompt = {
    ...found.value,
    state: 'sending',
    claimedBy: deps.instanceId,
    claimedAt: deps.clock().toISOString(),
    attempts: found.value.attempts + 1,
  };
  try {
    return { value: claimed, etag: await deps.store.prompts.replace(claimed, found.etag) };
  } catch (e) {
    if (e instanceof ConcurrencyConflict) return undefined;
    throw e;
  }
}

async function sendOne(
  deps: ChaseDeps,
  p: Versioned<ChasePrompt>,
  owner: Owner | undefined,
): Promise<ChasePrompt['state']> {
  const prompt = p.value;
  const log = deps.log.child({ owner: prompt.ownerEmail });
  const save = (patch: Partial<ChasePrompt>) =>
    deps.store.prompts.replace({ ...prompt, ...patch, claimedBy: undefined }, p.etag);
  if (!owner || (!owner.conversation && !owner.aadObjectId)) {
    const reason = "not found in the board team's roster and has not installed the app in Teams";
    await deps.store.owners.save({ email: prompt.ownerEmail, reachability: 'unreachable', unreachableReason: reason });
    await save({ state: 'unreachable', reason });
    log.warn('owner unreachable', { reason });
    return 'unreachable';
  }
  const card = await buildOwnerCard(deps.store, owner, prompt.cycleId, deps.clock(), undefined, undefined, prompt);
  try {
    const sent = await deps.messenger.sendCard(
      owner,
      card,
      `The board needs your update on ${prompt.actions.length} action${prompt.actions.length === 1 ? '' : 's'}`,
    );
    await save({
      state: 'sent',
      sentAt: deps.clock().toISOString(),
      activityId: sent.activityId,
      conversationId: sent.conversationId,
    });
    if (owner.conversation !== sent.conversation || owner.reachability !== 'reachable') {
      await deps.store.owners.save({
        email: owner.email,
        conversation: sent.conversation,
        reachability: 'reachable',
        unreachableReason: undefined,
      });
    }
    log.info('prompt sent', { activityId: sent.activityId, actions: prompt.actions.length });
    return 'sent';
  } catch (e) {
    if (e instanceof DeliveryFailed && e.permanent) {
      const reason = `Teams refused delivery (${e.status ?? 'no status'}): ${e.message}`;
      await deps.store.owners.save({ email: owner.email, reachability: 'unreachable', unreachableReason: reason });
      await save({ state: 'unreachable', reason });
      log.warn('owner unreachable', { reason });
      return 'unreachable';
    }
    const reason = e instanceof Error ? e.message : String(e);
    await save({ state: prompt.attempts >= 3 ? 'failed' : 'pending', reason });
    log.error('prompt not delivered', { error: e, attempts: prompt.attempts });
    return prompt.attempts >= 3 ? 'failed' : 'pending';
  }
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
  await planPrompts(deps, cycleId, trigger, only);
  const report: CycleReport = {
    cycleId,
    prompted: 0,
    skipped: 0,
    unreachable: 0,
    failed: 0,
    unknown: 0,
    alreadyDone: 0,
  };
  const timeout = deps.claimTimeoutMs ?? 120_000;
  const unreachable: string[] = [];
  const handle = async (found: Versioned<ChasePrompt>): Promise<void> => {
    const p = found.value;
    if (p.state === 'sending' && p.claimedAt && deps.clock().getTime() - Date.parse(p.claimedAt) > timeout) {
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
      return;
    }
    if (p.state === 'skipped') report.skipped += 1;
    if (p.state !== 'pending') {
      if (p.state !== 'skipped') report.alreadyDone += 1;
      return;
    }
    const claimed = await claim(deps, found);
    if (!claimed) return;
    const owner = (await deps.store.owners.get(p.ownerEmail))?.value;
    const state = await sendOne(deps, claimed, owner);
    if (state === 'sent') report.prompted += 1;
    else if (state === 'unreachable') {
      report.unreachable += 1;
      unreachable.push(p.ownerEmail);
    } else report.failed += 1;
  };
  await inParallel(await deps.store.prompts.listCycle(cycleId), deps.concurrency ?? 8, handle);
  if (unreachable.length > 0 && deps.tellSecretariat) {
    await deps
      .tellSecretariat(
        `I could not reach ${unreachable.length} owner${unreachable.length === 1 ? '' : 's'} in chase ${cycleId}: ${unreachable.join(', ')}. Type "nonresponders" for the reasons; they may need adding to the board's team, or may have blocked the app.`,
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
