import { type Delivered, DeliveryFailed, type Messenger, type Recipient } from '../domain/ports';
import type { Logger } from '../log';
import { DeliveryUnknown, NotDelivered, SendReleased, isReleased } from './deliveryErrors';

/** How hard to push Teams, and how to back off. */
export interface OutboundPolicy {
  /** Requests per second for the whole app in this tenant, all instances together (Teams: 50). */
  tenantPerSecond: number;
  /** Our retries after a failure that did not deliver (botbuilder's own retry policy is switched off). */
  maxRetries: number;
  /** The first pause after a 429 without Retry-After (at least 1 s), doubled while 429s continue. */
  baseBackoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_OUTBOUND: OutboundPolicy = {
  tenantPerSecond: 50,
  maxRetries: 6,
  baseBackoffMs: 1_000,
  maxBackoffMs: 30_000,
};

/** Statuses that prove Teams did not store the message: another try after a pause is safe. */
const NOT_DELIVERED = new Set([412, 429]);

/**
 * Decides every retry of a send, on top of the outbound gate that paces each HTTP attempt. A
 * 429 or 412 (nothing stored) is tried again after Retry-After, else after a backoff from 1 s with
 * jitter that grows while they continue. A failure after the request may have reached Teams
 * (DeliveryUnknown) is never retried: resending it could show the owner two cards. Starting the
 * 1:1 chat is retried by the connector messenger, as it is safe. A permanent refusal passes on.
 */
export class ThrottledMessenger implements Messenger {
  /** What the retries did, for benchmarks and logs. */
  readonly stats = { sent: 0, waitedMs: 0, retries: 0, throttled: 0, unknown: 0 };
  private readonly sleeping = new Set<() => void>();
  private stopped = false;
  private inFlight = 0;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly inner: Messenger,
    private readonly policy: OutboundPolicy = DEFAULT_OUTBOUND,
    private readonly log?: Logger,
    private readonly random: () => number = Math.random,
  ) {}

  sendCard(to: Recipient, card: object, summary: string): Promise<Delivered> {
    return this.run(() => this.inner.sendCard(to, card, summary));
  }

  sendText(to: Recipient, text: string): Promise<Delivered> {
    return this.run(() => this.inner.sendText(to, text));
  }

  updateCard(conversation: string, activityId: string, card: object): Promise<void> {
    // Replacing a card twice shows the same card: an update is safe to retry even after a 5xx.
    return this.run(() => this.inner.updateCard(conversation, activityId, card), true);
  }

  /** No new attempt from now on: sends waiting to retry are released (SendReleased). */
  stop(): void {
    this.stopped = true;
    for (const wake of [...this.sleeping]) wake();
  }

  /** Resolves when no send is in progress (or after `ms`); true when idle. */
  idle(ms: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private pause(ms: number): Promise<void> {
    this.stats.waitedMs += ms;
    return new Promise((resolve, reject) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleeping.delete(wake);
        reject(new SendReleased());
      };
      const timer = setTimeout(() => {
        this.sleeping.delete(wake);
        resolve();
      }, ms);
      this.sleeping.add(wake);
    });
  }

  private async run<T>(send: () => Promise<T>, idempotent = false): Promise<T> {
    this.inFlight += 1;
    try {
      let throttledInARow = 0;
      for (let attempt = 0; ; attempt++) {
        if (this.stopped) throw new SendReleased();
        try {
          const result = await send();
          this.stats.sent += 1;
          return result;
        } catch (e) {
          if (isReleased(e)) throw new SendReleased();
          if (e instanceof DeliveryUnknown && !idempotent) {
            this.stats.unknown += 1;
            throw e;
          }
          const failure = e instanceof DeliveryFailed ? e : undefined;
          const safe =
            failure &&
            !failure.permanent &&
            (failure instanceof NotDelivered || NOT_DELIVERED.has(failure.status ?? 0) || idempotent);
          if (!failure || !safe || attempt >= this.policy.maxRetries) throw e;
          const wait = this.backoff(failure, failure.status === 429 ? throttledInARow++ : attempt);
          if (failure.status === 429) this.stats.throttled += 1;
          this.stats.retries += 1;
          this.log?.warn('send retried', { status: failure.status, attempt: attempt + 1, waitMs: wait });
          await this.pause(wait);
        }
      }
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  /** Retry-After when Teams gave it; else at least the base (1 s), doubling per consecutive failure, with jitter. */
  private backoff(failure: DeliveryFailed, streak: number): number {
    const grown = Math.min(this.policy.maxBackoffMs, this.policy.baseBackoffMs * 2 ** streak);
    const jitter = Math.round(this.random() * grown * 0.5);
    if (failure.retryAfterMs !== undefined) return failure.retryAfterMs + Math.round(this.random() * 250);
    return grown + jitter;
  }
}
