import { SlidingWindowLimiter, TEAMS_PER_CONVERSATION } from '../../bot/outbound/rateLimiter';

/** Books `n` sends at once and returns when each may go (ms after start). */
const book = (l: SlidingWindowLimiter, key: string, n: number, at = 0) =>
  Array.from({ length: n }, () => at + l.reserve(key, at));

const maxIn = (times: number[], ms: number) =>
  Math.max(...times.map((t) => times.filter((u) => u > t - ms && u <= t).length));

test("Teams' per-conversation limits hold for a burst of 100 sends into one chat", () => {
  const times = book(new SlidingWindowLimiter(TEAMS_PER_CONVERSATION), 'chat-1', 100);
  expect(maxIn(times, 1_000)).toBeLessThanOrEqual(7);
  expect(maxIn(times, 2_000)).toBeLessThanOrEqual(8);
  expect(maxIn(times, 30_000)).toBeLessThanOrEqual(60);
  expect(times.slice(0, 7)).toEqual([0, 0, 0, 0, 0, 0, 0]); // the first seven go at once
  expect(times[60]).toBeGreaterThanOrEqual(30_000); // the 61st waits for the 30-second window
});

test('different chats do not slow each other; the tenant window does', () => {
  const perChat = new SlidingWindowLimiter(TEAMS_PER_CONVERSATION);
  expect(Array.from({ length: 200 }, (_, i) => perChat.reserve(`chat-${i}`, 0)).every((w) => w === 0)).toBe(true);
  const tenant = new SlidingWindowLimiter([{ limit: 50, ms: 1_000 }]);
  const times = book(tenant, 'tenant', 500);
  expect(maxIn(times, 1_000)).toBe(50);
  expect(times.at(-1)).toBe(9_000); // 500 requests at 50/s: the last goes in the tenth second
});

test('a slot freed by time is reused: nothing waits once the window has passed', () => {
  const l = new SlidingWindowLimiter([{ limit: 2, ms: 1_000 }]);
  expect(book(l, 'k', 3)).toEqual([0, 0, 1_000]);
  expect(l.reserve('k', 5_000)).toBe(0);
});
