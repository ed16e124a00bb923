/** How the tenant budget paces, and how it reacts to 429s. */
export interface BudgetPolicy {
  /** The tenant's configured rate (requests per second for the app, all instances together). */
  tenantPerSecond: number;
  /** The share of it this fleet uses, so that timing jitter never tips us over (0.9 = 10% headroom). */
  headroom: number;
}

/**
 * The requests per second this process may make: the tenant rate less headroom, split evenly
 * between the live instances, and cut further while Teams answers 429. Sliding window over one
 * second; pure: time is passed in, nothing sleeps here.
 */
export class TenantBudget {
  /** When the requests of the last second left. */
  private readonly sent: number[] = [];
  private instances = 1;
  private pausedUntil = 0;
  /** 1 normally; cut by a quarter on each 429 (down to a quarter), restored step by step after calm seconds. */
  private factor = 1;
  private lastThrottleAt = 0;

  constructor(private readonly policy: BudgetPolicy) {}

  /** Requests per second this process may make now. */
  get perSecond(): number {
    const fleet = Math.floor(this.policy.tenantPerSecond * this.policy.headroom);
    return Math.max(1, Math.floor((fleet / this.instances) * this.factor));
  }

  /** How many live instances share the tenant budget (this one included). */
  setInstances(n: number): void {
    this.instances = Math.max(1, n);
  }

  /** Nothing is sent before `at` (a newcomer waits until the others have seen it and cut their share). */
  holdUntil(at: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, at);
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
    while (this.sent.length > 0 && this.sent[0] <= now - 1_000) this.sent.shift();
    if (this.pausedUntil > now) return this.pausedUntil - now;
    const limit = this.perSecond;
    // Evenly spaced, not in bursts: a burst that leaves exactly as the last one drops out of the window
    // reaches Teams inside one second as soon as the network delays them unequally.
    const spaced = (this.sent.at(-1) ?? -Infinity) + Math.floor(1_000 / limit) - now;
    const windowFull = this.sent.length >= limit ? this.sent[this.sent.length - limit] + 1_000 - now : 0;
    const wait = Math.max(spaced, windowFull);
    return wait > 0 ? Math.max(1, Math.ceil(wait)) : 0;
  }

  /** Records that a request left at `now`. */
  take(now: number): void {
    this.sent.push(now);
  }
}
