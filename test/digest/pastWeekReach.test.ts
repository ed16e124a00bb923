import { loadDigest } from '../../bot/digest/loadDigest';
import { runChaseCycle } from '../../bot/jobs/chaseCycle';
import { type Harness, startHarness } from '../support/botHarness';
import { PEOPLE } from '../support/fixtures';

let h: Harness;
afterEach(async () => h?.stop());

test("a past week's digest lists the owners who could not be reached then, with the reason then, though they are reachable now", async () => {
  h = await startHarness({ at: '2026-11-23T09:00:00Z' });
  await h.installInTeam();
  // Week 48: Ben has blocked the app, so his chase card is refused.
  h.connector.faults.push({
    match: (m, p) => m === 'POST' && p.includes(PEOPLE.ben.id) && p.includes('/activities'),
    status: 403,
    body: { error: { code: 'MessageWritesBlocked', message: 'The bot is blocked by the user' } },
  });
  expect((await runChaseCycle(h.app.chase, 'schedule')).unreachable).toBe(1);

  // Week 49: he unblocks it and is chased again, and reached.
  h.now.value = new Date('2026-11-30T09:00:00Z');
  expect((await runChaseCycle(h.app.chase, 'schedule')).prompted).toBe(3);

  const now = new Date('2026-12-02T12:00:00Z');
  const then = await loadDigest(h.app.store, { week: '2026-W48' }, now);
  expect(then.unreachable.map((u) => u.email)).toEqual([PEOPLE.ben.email]);
  expect(then.unreachable[0].detail).toContain('403');
  const current = await loadDigest(h.app.store, {}, now);
  expect(current.unreachable).toEqual([]);
});
