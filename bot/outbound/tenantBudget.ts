/** Teams counts the tenant's requests over one second. */
export const WINDOW_MS = 1_000;
/** How soon a sender not admitted (see admitBetween) looks again. */
const RECHECK_MS = 100;

/** How the tenant budget paces, and how it reacts to 429s. */
export interface BudgetPolicy {
  /** The tenant's configured rate (requests per second for the app, all instances together). */
  tenantPerSecond: number;
  /** The share of it this fleet uses, so that timing jitter never tips us over (0.9 = 10% headroom). */
  headroom: number;
}

/**
 * The requests per second this process may make: the tenant rate less headroom, split evenly
 * between the live instances, and cut further while Teams answers 429; nothing at all while the
 * fleet has not admitted this instance. Sliding window over one second; pure: time is passed in,
 * nothing sleeps here.
 */
export class TenantBudget {
  /** When the requests of the last second left. */
  private readonly sent: number[] = [];
  private instances = 1;
  /** A smaller count not yet in force: a peer gone a moment ago may still have sends in the window. */
  private fewer: { n: number; at: number } | undefined;
  /** Sends leave only from `admitFrom` until `admitUntil` (the fleet's join and fence, see admitBetween). */
  private admitFrom = -Infinity;
  private admitUntil = Infinity;
  private pausedUntil = 0;
  /** When the next request may leave, on an even grid of the share's interval (see `take`). */
  private nextSlot = -Infinity;
  /** 1 normally; cut by a quarter on each 429 (down to a quarter), restored step by step after calm seconds. */
  private factor = 1;
  private lastThrottleAt = 0;

  constructor(private readonly policy: BudgetPolicy) {}

  /** Requests per second this process may make now. */
  get perSecond(): number {
    const fleet = Math.floor(this.policy.tenantPerSecond * this.policy.headroom);
    return Math.max(1, Math.floor((fleet / this.instances) * this.factor));
  }

  /**
   * How many live instances share the tenant budget (this one included), as seen at `now`. More
   * instances cut the share at once; fewer raise it only a second later, once the sends of the
   * instance gone have left the one-second window.
   */
  setInstances(n: number, now: number): void {
    this.settle(now);
    const count = Math.max(1, n);
    if (count >= this.instances) {
      this.instances = count;
      this.fewer = undefined;
    } else if (this.fewer?.n !== count) this.fewer = { n: count, at: now + WINDOW_MS };
  }

  /**
   * Sends leave only at or after `from` and before `until`: the fleet's rules (bot/outbound/fleetRules.ts)
   * say when a join has been seen by every other instance (Infinity until then) and when the last
   * heartbeat written is too old to go on sending.
   */
  admitBetween(from: number, until: number): void {
    this.admitFrom = from;
    this.admitUntil = until;
  }

  /** Teams said 429: nobody in this process sends before `now + waitMs`, and the pace is cut for a while. */
  throttled(now: number, waitMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, now + waitMs);
    this.factor = Math.max(0.25, this.factor * 0.75);
    this.lastThrottleAt = now;
  }

  /**
   * How long to wait before one more request may leave now: zero when it fits the last second's
   * sends. Counted on the times requests really left (see `take`), not on bookings, so a timer
   * that fires late never lets a burst through.
   */
  waitMs(now: number): number {
    // Every two calm seconds after a 429, the pace climbs back by a quarter.
    if (this.factor < 1 && now - this.lastThrottleAt > 2_000) {
      this.factor = Math.min(1, this.factor + 0.25);
      this.lastThrottleAt = now;
    }
    this.settle(now);
    while (this.sent.length > 0 && this.sent[0] <= now - WINDOW_MS) this.sent.shift();
    // Not admitted: the wait is known for a join's last second, else it is looked at again shortly.
    if (now < this.admitFrom) return Number.isFinite(this.admitFrom) ? Math.ceil(this.admitFrom - now) : RECHECK_MS;
    if (now >= this.admitUntil) return RECHECK_MS;
    if (this.pausedUntil > now) return this.pausedUntil - now;
    const limit = this.perSecond;
    // Evenly spaced, not in bursts: a burst that leaves exactly as the last one drops out of the window
    // reaches Teams inside one second as soon as the network delays them unequally.
    const spaced = this.nextSlot - now;
    const windowFull = this.sent.length >= limit ? this.sent[this.sent.length - limit] + WINDOW_MS - now : 0;
    const wait = Math.max(spaced, windowFull);
    return wait > 0 ? Math.max(1, Math.ceil(wait)) : 0;
  }

  /**
   * Records that a request left at `now`. A request up to half an interval behind its slot (a timer
   * that fired late on a busy event loop) keeps the grid: the next slot is one interval after its slot,
   * so lateness costs the pace nothing; later than that (idle, or held by the window), the grid starts
   * again from `now`. Two requests never leave closer than half an interval, and the one-second window
   * still holds `perSecond`.
   */
  take(now: number): void {
    this.sent.push(now);
    const interval = WINDOW_MS / this.perSecond;
    this.nextSlot = (now - this.nextSlot <= interval / 2 ? this.nextSlot : now) + interval;
  }

  /** A smaller count of instances comes into force once its second has passed. */
  private settle(now: number): void {
    if (this.fewer && now >= this.fewer.at) {
      this.instances = this.fewer.n;
      this.fewer = undefined;
    }
  }
}
