import { loadDigest } from '../../bot/digest/loadDigest';
import { importPlanRows } from '../../bot/import/importPlan';
import { parsePlanCsv } from '../../bot/import/planCsv';
import { PEOPLE, SEED_ROWS, planCsv } from '../support/fixtures';
import { freshPrefix, freshStore, testConnectionString } from '../support/storage';
import { answersFor } from '../../bot/domain/away';
import type { BoardStore } from '../../bot/domain/ports';
import { tableClient } from '../../bot/store/tables';
import { openTableStore } from '../../bot/store';
import { startStorageCounter } from '../../bench/storageCounter';

/** The Owners table as a version before the upgrade marker left it: the same rows, no `schema` row. */
const olderVersionOwners = async (prefix: string) => {
  const owners = tableClient(testConnectionString(), `${prefix}Owners`);
  await owners.deleteEntity('schema', 'rows-v2');
  return owners;
};

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

describe("who may answer for whom is found through one pointer row, and the owners' own rows decide", () => {
  const today = '2026-11-23';
  const answering = async (store: BoardStore, email: string) =>
    answersFor(email, await store.owners.namingAsDelegateOrCover(email), today);

  test('a delegate and a cover are found; revoked, or the owner back, they are not', async () => {
    const prefix = freshPrefix();
    const store = await freshStore(prefix);
    await store.owners.save({ email: PEOPLE.amira.email, delegate: { email: PEOPLE.carys.email, at: today } });
    await store.owners.save({
      email: PEOPLE.ben.email,
      away: { until: '2026-12-07', cover: PEOPLE.carys.email, at: today },
    });
    expect(await answering(store, PEOPLE.carys.email)).toEqual([PEOPLE.amira.email, PEOPLE.ben.email]);
    expect(await answering(store, PEOPLE.amira.email)).toEqual([]);

    await store.owners.save({ email: PEOPLE.amira.email, delegate: null });
    await store.owners.save({ email: PEOPLE.ben.email, away: null });
    expect(await answering(store, PEOPLE.carys.email)).toEqual([]);
    // A pointer left behind (a crash between the two writes) grants nothing: the owner's row decides.
    await store.owners.save({ email: PEOPLE.ben.email, delegate: { email: PEOPLE.carys.email, at: today } });
    const owners = tableClient(testConnectionString(), `${prefix}Owners`);
    await owners.updateEntity(
      { partitionKey: 'owner', rowKey: PEOPLE.ben.email, email: PEOPLE.ben.email, reachability: 'unknown' },
      'Replace',
    );
    expect(await store.owners.namingAsDelegateOrCover(PEOPLE.carys.email)).toHaveLength(1);
    expect(await answering(store, PEOPLE.carys.email)).toEqual([]);
  });

  test('a delegation stored before the pointer rows existed is found once the store is opened again', async () => {
    const prefix = freshPrefix();
    const store = await freshStore(prefix);
    await store.owners.save({ email: PEOPLE.amira.email, delegate: { email: PEOPLE.carys.email, at: today } });
    const owners = await olderVersionOwners(prefix);
    await owners.deleteEntity('standsIn', PEOPLE.carys.email);
    expect(await answering(store, PEOPLE.carys.email)).toEqual([]); // without its pointer: refused, never granted

    const reopened = await freshStore(prefix);
    expect(await answering(reopened, PEOPLE.carys.email)).toEqual([PEOPLE.amira.email]);
  });
});

test('who clicked is one row (email and name); a row written before it carried the name still answers, and is upgraded', async () => {
  const prefix = freshPrefix();
  const store = await freshStore(prefix);
  await store.owners.save({ email: PEOPLE.ben.email, name: PEOPLE.ben.name, aadObjectId: PEOPLE.ben.aadObjectId });
  expect(await store.owners.identify(PEOPLE.ben.aadObjectId)).toEqual({
    email: PEOPLE.ben.email,
    name: PEOPLE.ben.name,
  });
  await store.owners.save({ email: PEOPLE.ben.email, name: 'Ben Okafor-Hughes' });
  expect((await store.owners.identify(PEOPLE.ben.aadObjectId))?.name).toBe('Ben Okafor-Hughes');

  const owners = await olderVersionOwners(prefix);
  await owners.upsertEntity(
    { partitionKey: 'aad', rowKey: PEOPLE.ben.aadObjectId, email: PEOPLE.ben.email },
    'Replace',
  );
  expect((await store.owners.identify(PEOPLE.ben.aadObjectId))?.name).toBe('Ben Okafor-Hughes');
  await freshStore(prefix);
  expect((await owners.getEntity<{ name?: string }>('aad', PEOPLE.ben.aadObjectId)).name).toBe('Ben Okafor-Hughes');
  expect(await store.owners.identify('no-such-id')).toBeUndefined();
});

test('once brought up to date, opening the store reads one row of the Owners table, not every owner', async () => {
  const prefix = freshPrefix();
  const store = await freshStore(prefix);
  for (const p of [PEOPLE.amira, PEOPLE.ben, PEOPLE.carys]) await store.owners.save({ email: p.email, name: p.name });
  const counter = await startStorageCounter(testConnectionString());
  try {
    await openTableStore(counter.connectionString, prefix);
    const ownersCalls = counter.calls().filter((c) => c.path.includes(`${prefix}Owners`));
    expect(
      ownersCalls.filter((c) => c.method === 'GET' && !c.path.includes('Owners(PartitionKey=')).map((c) => c.path),
    ).toEqual([]);
    expect(ownersCalls.filter((c) => c.method !== 'GET')).toEqual([]);
  } finally {
    await counter.stop();
  }
});
