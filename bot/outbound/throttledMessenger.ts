import { type Delivered, DeliveryFailed, type Messenger, type Recipient } from '../domain/ports';
import type { Logger } from '../log';
import { type RateWindow, SlidingWindowLimiter, TEAMS_PER_CONVERSATION } from './rateLimiter';

/** How hard to push Teams, and how to back off. */
export interface OutboundPolicy {
  /** Requests per second for the whole app in this tenant (Teams: 50). */
  tenantPerSecond: number;
  perConversation?: RateWindow[];
  /** Retries of our own on top of botbuilder's (which already retries 429 with Retry-After and 5xx three times). */
  maxRetries: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_OUTBOUND: OutboundPolicy = {
  tenantPerSecond: 50,
  maxRetries: 4,
  baseBackoffMs: 500,
  maxBackoffMs: 30_000,
};

/** Statuses worth another try after a pause; 403 and 404 never are (blocked, removed, gone). */
const RETRYABLE = new Set([412, 429, 502, 503, 504]);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Keeps every send inside Teams' limits before it leaves (per conversation and per tenant), and
 * retries what Teams says to retry: after Retry-After when given, else exponential backoff with
 * full jitter up to a cap. A permanent refusal is passed straight on.
 */
export class ThrottledMessenger implements Messenger {
  private readonly perConversation: SlidingWindowLimiter;
  private readonly tenant: SlidingWindowLimiter;
  /** What the limiter and retries did, for benchmarks and logs. */
  readonly stats = { sent: 0, waitedMs: 0, retries: 0, throttled: 0 };

  constructor(
    private readonly inner: Messenger,
    private readonly policy: OutboundPolicy = DEFAULT_OUTBOUND,
    private readonly log?: Logger,
    private readonly now: () => number = Date.now,
    private readonly pause: (ms: number) => Promise<void> = sleep,
  ) {
    this.perConversation = new SlidingWindowLimiter(policy.perConversation ?? TEAMS_PER_CONVERSATION);
    this.tenant = new SlidingWindowLimiter([{ limit: policy.tenantPerSecond, ms: 1_000 }]);
  }

  sendCard(to: Recipient, card: object, summary: string): Promise<Delivered> {
    return this.run(this.keyOf(to), to.conversation ? 1 : 2, () => this.inner.sendCard(to, card, summary));
  }

  sendText(to: Recipient, text: string): Promise<Delivered> {
    return this.run(this.keyOf(to), to.conversation ? 1 : 2, () => this.inner.sendText(to, text));
  }

  updateCard(conversation: string, activityId: string, card: object): Promise<void> {
    return this.run(conversation, 1, () => this.inner.updateCard(conversation, activityId, card));
  }

  private keyOf(to: Recipient): string {
    return to.conversation ?? `new:${to.aadObjectId ?? to.teamsUserId ?? to.email}`;
  }

  private async slot(key: string, requests: number): Promise<void> {
    const now = this.now();
    let wait = this.perConversation.reserve(key, now);
    for (let i = 0; i < requests; i++) wait = Math.max(wait, this.tenant.reserve('tenant', now));
    if (wait > 0) {
      this.stats.waitedMs += wait;
      await this.pause(wait);
    }
  }

  private async run<T>(key: string, requests: number, send: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      await this.slot(key, requests);
      try {
        const result = await send();
        this.stats.sent += 1;
        return result;
      } catch (e) {
        const failure = e instanceof DeliveryFailed ? e : undefined;
        if (failure?.status === 429) this.stats.throttled += 1;
        if (!failure || failure.permanent || !RETRYABLE.has(failure.status ?? 0) || attempt >= this.policy.maxRetries)
          throw e;
        const backoff = Math.min(this.policy.maxBackoffMs, this.policy.baseBackoffMs * 2 ** attempt);
        const wait = failure.retryAfterMs ?? Math.round(backoff / 2 + Math.random() * (backoff / 2));
        this.stats.retries += 1;
        this.log?.warn('send retried', { status: failure.status, attempt: attempt + 1, waitMs: wait });
        await this.pause(wait);
      }
    }
  }
}
