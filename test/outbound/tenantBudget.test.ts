import { TenantBudget } from '../../bot/outbound/tenantBudget';

/** Sends as fast as the budget allows for `ms` of simulated time; returns when each request left. */
function drive(budget: TenantBudget, from: number, ms: number): number[] {
  const left: number[] = [];
  for (let now = from; now < from + ms; ) {
    const wait = budget.waitMs(now);
    if (wait > 0) now += wait;
    else {
      budget.take(now);
      left.push(now);
    }
  }
  return left;
}
/** The same, with every timer firing late by `lateMs` (a busy event loop): the budget must not lose the time. */
function driveLate(budget: TenantBudget, from: number, ms: number, lateMs: (i: number) => number): number[] {
  const left: number[] = [];
  for (let now = from, i = 0; now < from + ms; i++) {
    const wait = budget.waitMs(now);
    if (wait > 0) now += wait + lateMs(i);
    else {
      budget.take(now);
      left.push(now);
    }
  }
  return left;
}
const busiest = (times: number[]) => Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1_000).length));

test('one instance uses the tenant rate less headroom, evenly spaced', () => {
  const b = new TenantBudget({ tenantPerSecond: 50, headroom: 0.9 });
  const left = drive(b, 0, 10_000);
  expect(busiest(left)).toBe(Math.floor(50 * 0.9));
  const gaps = left.slice(1).map((t, i) => t - left[i]);
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(Math.floor(1_000 / Math.floor(50 * 0.9)));
});

test('two instances split it: together they never exceed the tenant rate', () => {
  const [a, b] = [0, 1].map(() => new TenantBudget({ tenantPerSecond: 50, headroom: 0.9 }));
  for (const x of [a, b]) x.setInstances(2, 0);
  const both = [...drive(a, 0, 10_000), ...drive(b, 7, 10_000)].sort((x, y) => x - y);
  expect(busiest(both)).toBeLessThanOrEqual(50 * 0.9);
});

test('a 429 pauses everyone for its Retry-After and slows the pace until calm returns', () => {
  const b = new TenantBudget({ tenantPerSecond: 50, headroom: 0.9 });
  const full = b.perSecond;
  b.throttled(1_000, 2_000);
  expect(b.waitMs(1_000)).toBe(2_000);
  expect(b.perSecond).toBeLessThan(full);
  const later = drive(b, 3_000, 20_000);
  expect(busiest(later.filter((t) => t > 15_000))).toBe(full);
});

test('a peer gone: the bigger share only a second later (its last sends may still be in the window); a newcomer cuts it at once', () => {
  const b = new TenantBudget({ tenantPerSecond: 10, headroom: 0.9 });
  b.setInstances(2, 0);
  drive(b, 0, 5_000);
  b.setInstances(1, 5_000);
  const after = drive(b, 5_000, 3_000);
  expect(after.filter((t) => t < 6_000).length).toBeLessThanOrEqual(4);
  expect(after.filter((t) => t >= 6_500 && t < 7_500).length).toBe(9);
  b.setInstances(3, 8_000);
  expect(b.perSecond).toBe(3);
});

test('timers that fire late cost no rate: a busy bot still sends its whole share, never more', () => {
  const b = new TenantBudget({ tenantPerSecond: 50, headroom: 0.95 });
  const share = b.perSecond;
  // Every timer 1 to 3 ms late, as on a loaded machine: the sends keep to the pace, not to the lateness.
  const left = driveLate(b, 0, 20_000, (i) => 1 + (i % 3));
  expect(left.length).toBeGreaterThanOrEqual(share * 20 * 0.98);
  expect(busiest(left)).toBeLessThanOrEqual(share);
  const gaps = left.slice(1).map((t, i) => t - left[i]);
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1_000 / share / 2);
});
