import { loadDigest } from '../../bot/digest/loadDigest';
import { importPlanRows } from '../../bot/import/importPlan';
import { parsePlanCsv } from '../../bot/import/planCsv';
import { PEOPLE, SEED_ROWS, planCsv } from '../support/fixtures';
import { freshStore } from '../support/storage';

test('P5: an owner reached again after a refusal is no longer shown as unreachable anywhere', async () => {
  const store = await freshStore();
  await importPlanRows(store, parsePlanCsv(planCsv(SEED_ROWS)).rows, new Date('2026-11-16T08:00:00Z'));
  await store.owners.save({
    email: PEOPLE.amira.email,
    reachability: 'unreachable',
    unreachableReason: 'Teams answered 403: the bot is blocked',
  });
  await store.owners.save({ email: PEOPLE.amira.email, reachability: 'reachable', unreachableReason: undefined });
  const stored = (await store.owners.get(PEOPLE.amira.email))?.value;
  expect(stored?.reachability).toBe('reachable');
  expect(stored?.unreachableReason).toBeUndefined();
  const digest = await loadDigest(store, {}, new Date('2026-11-20T12:00:00Z'));
  expect(digest.unreachable.map((u) => u.email)).not.toContain(PEOPLE.amira.email);
});

test('saving one field keeps the others (a roster read does not forget the chat)', async () => {
  const store = await freshStore();
  await store.owners.save({ email: PEOPLE.ben.email, name: PEOPLE.ben.name, conversation: '{"id":"a:1on1"}' });
  await store.owners.save({ email: PEOPLE.ben.email, welcomedAt: '2026-11-16T09:00:00.000Z', name: undefined });
  expect((await store.owners.get(PEOPLE.ben.email))?.value).toMatchObject({
    name: PEOPLE.ben.name,
    conversation: '{"id":"a:1on1"}',
    welcomedAt: '2026-11-16T09:00:00.000Z',
  });
});
