import { startApp } from '../../bot/app';
import { runChaseCycle } from '../../bot/jobs/chaseCycle';
import { silentLogger } from '../../bot/log';
import { type Harness, quiet, startHarness } from '../support/botHarness';
import { PEOPLE, testConfig } from '../support/fixtures';
import { freshPrefix, testConnectionString } from '../support/storage';

let h: Harness;
afterEach(async () => h?.stop());

test('a cycle handed back unsent by a stopping instance is finished when the bot starts again, not at the next chase time', async () => {
  const prefix = freshPrefix();
  const storage = testConfig(testConnectionString(), prefix).storage;
  h = await startHarness({ config: { storage } });
  await h.installInTeam();
  // The instance is stopping as the 09:00 cycle begins: it plans every prompt and sends none.
  const stopped = await runChaseCycle({ ...h.app.chase, stopping: () => true }, 'schedule', '2026-11-23');
  expect(stopped.prompted).toBe(0);
  await h.app.stop();
  const before = h.connector.sent.length;

  // The restart comes at 09:05, hours before tomorrow's chase time: the owners are prompted now.
  const clock = () => new Date('2026-11-23T09:05:00Z');
  const restarted = await startApp(
    testConfig(testConnectionString(), prefix, { schedulerEnabled: true }),
    silentLogger,
    clock,
  );
  try {
    const owners = [PEOPLE.amira, PEOPLE.ben, PEOPLE.carys];
    const deadline = Date.now() + 20_000;
    while (owners.some((p) => h.connector.sentTo(p.id).length === 0) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    await quiet(h.connector, 1_000);
    expect(owners.map((p) => h.connector.sentTo(p.id).length)).toEqual([1, 1, 1]);
    expect(h.connector.sent.length - before).toBe(3);
    expect((await restarted.store.cycles.get('2026-11-23'))?.value.completedAt).toBeDefined();
  } finally {
    await restarted.stop();
  }
});
