import { runChaseCycle } from '../../bot/jobs/chaseCycle';
import { type Harness, startHarness } from '../support/botHarness';
import { PEOPLE } from '../support/fixtures';

let h: Harness;
afterEach(async () => h?.stop());

test('a weekly chase to owners whose chat is already known leaves their owner rows alone', async () => {
  h = await startHarness({ at: '2026-11-23T09:00:00Z' });
  await h.installInTeam();
  expect((await runChaseCycle(h.app.chase, 'schedule')).prompted).toBe(3);
  const owners = [PEOPLE.amira, PEOPLE.ben, PEOPLE.carys];
  const rows = async () => Promise.all(owners.map(async (p) => (await h.app.store.owners.get(p.email))?.etag));
  const before = await rows();

  h.now.value = new Date('2026-11-30T09:00:00Z');
  expect((await runChaseCycle(h.app.chase, 'schedule')).prompted).toBe(3);
  // The chats are the same chats: nothing about the owners changed, so nothing was written.
  expect(await rows()).toEqual(before);
});
