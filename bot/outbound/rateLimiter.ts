/** At most `limit` events in any `ms` milliseconds. */
export interface RateWindow {
  limit: number;
  ms: number;
}

/** Teams' limits per bot per conversation: 7 in 1 s, 8 in 2 s, 60 in 30 s, 1800 in an hour. */
export const TEAMS_PER_CONVERSATION: RateWindow[] = [
  { limit: 7, ms: 1_000 },
  { limit: 8, ms: 2_000 },
  { limit: 60, ms: 30_000 },
  { limit: 1800, ms: 3_600_000 },
];

/**
 * A sliding-window limiter over several windows at once. `reserve` books the earliest instant at
 * or after `now` when one more event fits every window for the key, and says how long to wait for
 * it. Pure: time is passed in, nothing sleeps here.
 */
export class SlidingWindowLimiter {
  private readonly booked = new Map<string, number[]>();
  private readonly longest: number;

  constructor(private readonly windows: RateWindow[]) {
    this.longest = Math.max(...windows.map((w) => w.ms));
  }

  reserve(key: string, now: number): number {
    const times = (this.booked.get(key) ?? []).filter((t) => t > now - this.longest);
    // First come, first served: never book before the last booking, so only past events can fill a window.
    let at = Math.max(now, times.at(-1) ?? now);
    for (let moved = true; moved; ) {
      moved = false;
      for (const w of this.windows) {
        const inWindow = times.filter((t) => t > at - w.ms && t <= at);
        if (inWindow.length >= w.limit) {
          // The event must wait until the oldest one that keeps the window full drops out of it.
          at = inWindow[inWindow.length - w.limit] + w.ms;
          moved = true;
        }
      }
    }
    times.push(at);
    this.booked.set(key, times);
    return at - now;
  }
}
