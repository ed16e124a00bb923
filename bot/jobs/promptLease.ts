import { type BoardStore, type Clock, ConcurrencyConflict, type Versioned } from '../domain/ports';
import type { ChasePrompt } from '../domain/types';
import type { Logger } from '../log';
import type { PromptWriter } from './promptBatches';

/** True when a `sending` claim has not been renewed within the lease: its sender is dead. */
export function leaseExpired(p: ChasePrompt, now: Date, leaseMs: number): boolean {
  const last = p.renewedAt ?? p.claimedAt;
  return p.state === 'sending' && last !== undefined && now.getTime() - Date.parse(last) > leaseMs;
}

/**
 * A live sender's claim on one prompt: renewed every third of the lease while the send waits
 * (a long Retry-After, retries), so no other instance takes it for a dead sender's. If it is
 * taken over anyway (marked "unknown" by another instance), the sender still records what really
 * happened: re-read, and write its outcome over the takeover, never crashing the cycle.
 */
export class PromptLease {
  private chain: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private closed = false;
  /** Another instance changed the prompt while this sender held it. */
  lost = false;

  constructor(
    private readonly store: BoardStore,
    private readonly clock: Clock,
    private readonly log: Logger,
    private claimed: Versioned<ChasePrompt>,
    leaseMs: number,
    /** Writes the outcome (a cycle batches them); a prompt's own replace otherwise. */
    private readonly writeOutcome: PromptWriter = (p, etag) => store.prompts.replace(p, etag),
  ) {
    this.timer = setInterval(() => void this.renew(), Math.max(50, Math.floor(leaseMs / 3)));
    this.timer.unref();
  }

  get prompt(): ChasePrompt {
    return this.claimed.value;
  }

  /** Pushes the lease on; a conflict means it was taken over. */
  renew(): Promise<void> {
    this.chain = this.chain.then(async () => {
      if (this.closed || this.lost) return;
      const value = { ...this.claimed.value, renewedAt: this.clock().toISOString() };
      try {
        this.claimed = { value, etag: await this.store.prompts.replace(value, this.claimed.etag) };
      } catch (e) {
        if (e instanceof ConcurrencyConflict) {
          this.lost = true;
          this.log.warn('prompt lease taken over while sending', { owner: value.ownerEmail });
        } else this.log.warn('prompt lease not renewed', { owner: value.ownerEmail, error: e });
      }
    });
    return this.chain;
  }

  /**
   * Ends the lease with the send's outcome. `delivered` says Teams accepted the card: that always
   * wins over a takeover's "unknown". Returns the prompt as stored.
   */
  async settle(patch: Partial<ChasePrompt>, delivered: boolean): Promise<ChasePrompt | undefined> {
    clearInterval(this.timer);
    await this.chain;
    this.closed = true;
    const ours: ChasePrompt = { ...this.claimed.value, ...patch, claimedBy: undefined, renewedAt: undefined };
    if (!this.lost) {
      try {
        await this.writeOutcome(ours, this.claimed.etag);
        return ours;
      } catch (e) {
        if (!(e instanceof ConcurrencyConflict)) throw e;
        this.lost = true;
      }
    }
    for (let tries = 0; tries < 5; tries++) {
      const current = await this.store.prompts.get(ours.cycleId, ours.ownerEmail);
      if (!current) return undefined;
      const merged = mergeOutcome(current.value, ours, delivered);
      if (!merged) return current.value;
      try {
        await this.store.prompts.replace(merged, current.etag);
        this.log.info('outcome recorded over a takeover', { owner: ours.ownerEmail, state: merged.state });
        return merged;
      } catch (e) {
        if (!(e instanceof ConcurrencyConflict)) throw e;
      }
    }
    this.log.error('could not record a send outcome after a takeover', { owner: ours.ownerEmail });
    return undefined;
  }
}

/** What to store after a takeover: our outcome while nothing else has moved the prompt on; else only the delivery facts. */
function mergeOutcome(current: ChasePrompt, ours: ChasePrompt, delivered: boolean): ChasePrompt | undefined {
  if (current.state === 'sending' || current.state === 'unknown')
    return { ...ours, nudgedAt: current.nudgedAt, escalatedAt: current.escalatedAt, answered: current.answered };
  if (delivered && !current.activityId)
    return { ...current, sentAt: ours.sentAt, activityId: ours.activityId, conversationId: ours.conversationId };
  return undefined;
}
