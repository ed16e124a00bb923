import { ConcurrencyConflict } from '../../bot/domain/ports';
import type { ChasePrompt } from '../../bot/domain/types';
import { PEOPLE, anAction } from '../support/fixtures';
import { freshStore } from '../support/storage';

const promptFor = (ownerEmail: string, cycleId = '2026-11-23'): ChasePrompt => ({
  cycleId,
  ownerEmail,
  state: 'pending',
  actions: [{ planId: 'lga-cpc-action-plan-2023', ref: 'R4.2' }],
  answered: [],
  attempts: 0,
});

const people = [PEOPLE.amira, PEOPLE.ben, PEOPLE.carys].map((p) => p.email);

test("a batch of prompt writes returns each prompt's new ETag, good for its next conditional write", async () => {
  const store = await freshStore();
  await store.prompts.createMany(people.map((e) => promptFor(e)));
  const found = await store.prompts.listCycle('2026-11-23');
  const etags = await store.prompts.replaceMany(
    found.map((f) => ({ prompt: { ...f.value, state: 'sending' }, etag: f.etag })),
  );
  // A claim's lease renews with the ETag the claim returned: it must be the stored one.
  for (const [i, f] of found.entries())
    await store.prompts.replace({ ...f.value, state: 'sent', sentAt: '2026-11-23T09:00:00Z' }, etags[i]);
  expect((await store.prompts.listCycle('2026-11-23')).map((p) => p.value.state)).toEqual(['sent', 'sent', 'sent']);
});

test('a batch with one prompt moved on writes none of them', async () => {
  const store = await freshStore();
  await store.prompts.createMany(people.map((e) => promptFor(e)));
  const found = await store.prompts.listCycle('2026-11-23');
  await store.prompts.replace({ ...found[1].value, state: 'sending', claimedBy: 'other' }, found[1].etag);
  await expect(
    store.prompts.replaceMany(found.map((f) => ({ prompt: { ...f.value, state: 'sending' }, etag: f.etag }))),
  ).rejects.toBeInstanceOf(ConcurrencyConflict);
  const states = (await store.prompts.listCycle('2026-11-23')).map((p) => [p.value.state, p.value.claimedBy]);
  expect(states).toEqual([
    ['pending', undefined],
    ['sending', 'other'],
    ['pending', undefined],
  ]);
});

test('planning a cycle again creates only the prompts that are missing, leaving the others as they are', async () => {
  const store = await freshStore();
  await store.prompts.create({ ...promptFor(PEOPLE.ben.email), state: 'sent', sentAt: '2026-11-23T09:00:00Z' });
  await store.prompts.createMany(people.map((e) => promptFor(e)));
  const byOwner = Object.fromEntries(
    (await store.prompts.listCycle('2026-11-23')).map((p) => [p.value.ownerEmail, p.value.state]),
  );
  expect(byOwner).toEqual({
    [PEOPLE.amira.email]: 'pending',
    [PEOPLE.ben.email]: 'sent',
    [PEOPLE.carys.email]: 'pending',
  });
});

test("an action's commit returns the ETag of its new state: the next change against it is accepted, a stale one refused", async () => {
  const store = await freshStore();
  const action = anAction();
  const update = {
    planId: action.planId,
    ref: action.ref,
    id: 'u1',
    at: '2026-11-20T09:00:00Z',
    kind: 'import' as const,
    byEmail: 'sam@example.org',
    status: action.status,
  };
  const first = await store.actions.commit({ action, update });
  const second = { ...action, rag: 'Amber' as const, revision: 2 };
  const etag = await store.actions.commit({
    action: second,
    etag: first,
    update: { ...update, id: 'u2', kind: 'update' },
  });
  expect(etag).toBe((await store.actions.get(action))?.etag);
  await expect(
    store.actions.commit({ action: { ...second, revision: 3 }, etag: first, update: { ...update, id: 'u3' } }),
  ).rejects.toBeInstanceOf(ConcurrencyConflict);
});
