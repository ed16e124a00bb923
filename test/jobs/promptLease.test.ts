import { type Harness, startHarness } from '../support/botHarness';
import { PEOPLE } from '../support/fixtures';
import { runChaseCycle } from '../../bot/jobs/chaseCycle';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await h.installInTeam();
});
afterEach(async () => h.stop());

/** The harness's date, moving in real time, so leases age as they would. */
const ticking = () => {
  const t0 = Date.now();
  const start = h.now.value.getTime();
  return () => new Date(start + Date.now() - t0);
};
const toBen = (m: string, p: string) => m === 'POST' && p.includes(PEOPLE.ben.id) && p.includes('/activities');
const benPosted = () => new Promise<void>((resolve) => (h.connector.onRequest = (m, p) => toBen(m, p) && resolve()));

test('a live sender renews its lease while Teams is slow: a second instance does not take the prompt over', async () => {
  // Teams stores Ben's card and answers 1.5 s later; the lease is 300 ms, renewed every 100 ms.
  h.connector.faults.push({ match: toBen, status: 201, deliverAnyway: true, delayMs: 1_500 });
  const deps = { ...h.app.chase, clock: ticking(), claimLeaseMs: 300 };
  const posted = benPosted();
  const first = runChaseCycle(deps, 'manual', 'lease-renewed');
  await posted;
  await new Promise((r) => setTimeout(r, 700)); // well past one lease without renewal
  const second = await runChaseCycle({ ...deps, instanceId: 'other-instance' }, 'manual', 'lease-renewed');
  expect(second.unknown).toBe(0);
  await first;
  const ben = (await h.app.store.prompts.get('lease-renewed', PEOPLE.ben.email))?.value;
  expect(ben?.state).toBe('sent');
  expect(h.connector.sentTo(PEOPLE.ben.id)).toHaveLength(1);
});

test('a lease taken over mid-send does not crash the cycle: the sender records the delivery it saw', async () => {
  h.connector.faults.push({ match: toBen, status: 201, deliverAnyway: true, delayMs: 1_000 });
  const posted = benPosted();
  const clock = ticking();
  const first = runChaseCycle({ ...h.app.chase, clock }, 'manual', 'lease-lost');
  await posted;
  // The others' deliveries are recorded (a cycle writes them in batches, within a moment of each send).
  const othersRecorded = async () =>
    (await h.app.store.prompts.listCycle('lease-lost')).filter((p) => p.value.state === 'sent').length === 2;
  while (!(await othersRecorded())) await new Promise((r) => setTimeout(r, 20));
  // Another instance with a zero lease judges Ben's claim dead and marks it "unknown" (never resent).
  const taker = await runChaseCycle(
    { ...h.app.chase, clock, instanceId: 'impatient', claimLeaseMs: 0, claimTimeoutMs: 0 } as typeof h.app.chase,
    'manual',
    'lease-lost',
  );
  expect(taker.unknown).toBe(1);
  expect((await h.app.store.prompts.get('lease-lost', PEOPLE.ben.email))?.value.state).toBe('unknown');
  // On the old code this rejected: save('sent') and then its catch both wrote with the stale ETag.
  await expect(first).resolves.toMatchObject({ cycleId: 'lease-lost' });
  const ben = (await h.app.store.prompts.get('lease-lost', PEOPLE.ben.email))?.value;
  // Nothing is both "unknown" and delivered by its own sender.
  expect(ben?.state).toBe('sent');
  expect(ben?.activityId).toBe(h.connector.sentTo(PEOPLE.ben.id)[0].activityId);
  expect(h.connector.sentTo(PEOPLE.ben.id)).toHaveLength(1);
});
