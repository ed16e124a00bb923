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
 * second; pure: time is passed in.
 */
export class TenantBudget {
  private readonly booked: number[] = [];
  private instances = 1;
  private pausedUntil = 0;
  /** 1 normally; halved on each 429 (down to a tenth), restored step by step after calm seconds. */
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

  /** Teams said 429: nobody in this process sends before `now + waitMs`, and the pace is halved for a while. */
  throttled(now: number, waitMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, now + waitMs);
    this.factor = Math.max(0.1, this.factor / 2);
    this.lastThrottleAt = now;
  }

  /** Books the earliest instant at or after `now` that fits the window; returns how long to wait for it. */
  reserve(now: number): number {
    // Every five calm seconds after a 429, the pace climbs back by a quarter.
    if (this.factor < 1 && now - this.lastThrottleAt > 5_000) {
      this.factor = Math.min(1, this.factor + 0.25);
      this.lastThrottleAt = now;
    }
    const limit = this.perSecond;
    while (this.booked.length > 0 && this.booked[0] <= now - 1_000) this.booked.shift();
    let at = Math.max(now, this.pausedUntil, this.booked.at(-1) ?? now);
    const inWindow = this.booked.filter((t) => t > at - 1_000);
    if (inWindow.length >= limit) at = Math.max(at, inWindow[inWindow.length - limit] + 1_000);
    this.booked.push(at);
    return at - now;
  }
}
