import type { Logger } from '../log';
import { SendReleased } from './deliveryErrors';
import { SlidingWindowLimiter, TEAMS_PER_CONVERSATION } from './rateLimiter';
import { type BudgetPolicy, TenantBudget } from './tenantBudget';

/** What the gate did, for tests, benchmarks and logs. */
export interface GateStats {
  attempts: number;
  waitedMs: number;
  throttled: number;
}

/** One HTTP request to the Bot Connector, as the gate sees it. */
export interface GateRequest {
  method: string;
  url: string;
  /** The JSON body, when there is one (to key a new 1:1 chat by its member). */
  body?: string;
}

/**
 * The one door every HTTP attempt to Teams passes through (wired into botbuilder's HTTP pipeline
 * in bot/teams/adapter.ts, whose own retry policies are removed): Teams' per-conversation limits,
 * this instance's share of the tenant budget, and a pause for everyone after a 429. Once stopped,
 * requests still waiting for their slot are released, never sent.
 */
export class OutboundGate {
  readonly budget: TenantBudget;
  readonly stats: GateStats = { attempts: 0, waitedMs: 0, throttled: 0 };
  private readonly perConversation = new SlidingWindowLimiter(TEAMS_PER_CONVERSATION);
  private readonly waiting = new Set<() => void>();
  private stopped = false;

  constructor(
    policy: BudgetPolicy,
    /** Per-attempt timeout: a send that has not answered by then counts as "delivery unknown". */
    readonly timeoutMs: number,
    private readonly log?: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.budget = new TenantBudget(policy);
  }

  /** Waits for this request's slot; throws SendReleased if the instance stops first. */
  async before(req: GateRequest): Promise<void> {
    if (this.stopped) throw new SendReleased();
    // Teams' per-conversation windows are booked ahead; the tenant budget is taken at the moment of leaving.
    let wait = this.perConversation.reserve(keyOf(req), this.now());
    for (;;) {
      if (wait > 0) {
        this.stats.waitedMs += wait;
        await this.sleep(wait);
      }
      if (this.stopped) throw new SendReleased();
      wait = this.budget.waitMs(this.now());
      if (wait === 0) break;
    }
    this.budget.take(this.now());
    this.stats.attempts += 1;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        reject(new SendReleased());
      };
      const timer = setTimeout(() => {
        this.waiting.delete(wake);
        resolve();
      }, ms);
      this.waiting.add(wake);
    });
  }

  /** Hears how an attempt ended: a 429 pauses and slows every sender in this process. */
  after(status: number | undefined, retryAfterMs: number | undefined): void {
    if (status !== 429) return;
    this.stats.throttled += 1;
    const wait = retryAfterMs ?? 1_000;
    this.budget.throttled(this.now(), wait);
    this.log?.warn('Teams throttled us: everyone pauses', { waitMs: wait, perSecond: this.budget.perSecond });
  }

  /** No new attempt starts from now on; those waiting for a slot are released. */
  stop(): void {
    this.stopped = true;
    for (const wake of [...this.waiting]) wake();
  }
}

/** The conversation a request counts against: its id, or the member of a new 1:1 chat. */
function keyOf(req: GateRequest): string {
  const path = new URL(req.url, 'http://x').pathname;
  const m = /\/v3\/conversations\/([^/]+)/.exec(path);
  if (m) return decodeURIComponent(m[1]);
  try {
    const body = req.body ? (JSON.parse(req.body) as { members?: { id?: string }[] }) : undefined;
    return `new:${body?.members?.[0]?.id ?? ''}`;
  } catch {
    return 'new:';
  }
}

/** Reads Retry-After (seconds or an HTTP date) as milliseconds. */
export function retryAfterMs(value: string | undefined | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
