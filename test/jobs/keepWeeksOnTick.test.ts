import { lastClosedWeek } from '../../bot/digest/weekSnapshots';
import { type Harness, startHarness } from '../support/botHarness';

let h: Harness;
afterEach(async () => h?.stop());

test("the Monday tick keeps the week that closed, so no one's digest pays for folding it", async () => {
  h = await startHarness({ at: '2026-11-16T09:00:00Z' });
  await h.installInTeam();
  h.now.value = new Date('2026-11-30T09:00:00Z');
  await h.app.tick();
  const plans = await h.app.store.plans.list();
  expect(plans.length).toBeGreaterThan(0);
  for (const p of plans) expect(await h.app.store.snapshots.latestWeek(p.id, '9999')).toBe(lastClosedWeek(h.now.value));
});
