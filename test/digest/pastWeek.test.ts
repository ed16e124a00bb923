import { importPlanRows } from '../../bot/import/importPlan';
import { parsePlanCsv } from '../../bot/import/planCsv';
import { loadDigest } from '../../bot/digest/loadDigest';
import { commitChange } from '../../bot/replies/recordReply';
import type { Reply } from '../../bot/domain/recordReply';
import type { BoardStore } from '../../bot/domain/ports';
import { PEOPLE, SEED_ROWS, planCsv } from '../support/fixtures';
import { freshStore } from '../support/storage';

const CPC = 'lga-cpc-action-plan-2023';
const HR = 'hr-improvement-plan';

async function reply(store: BoardStore, planId: string, ref: string, by: string, r: Reply, at: string) {
  const role = r.kind === 'update' || r.kind === 'noChange' || r.kind === 'notMine' ? 'owner' : 'secretariat';
  const outcome = await commitChange(store, { planId, ref }, { reply: r, actor: { email: by, role } }, new Date(at));
  expect(outcome.kind).toBe('recorded');
}

test('a past week is rebuilt from history exactly as it was known then, whatever was recorded since', async () => {
  const store = await freshStore();
  await importPlanRows(store, parsePlanCsv(planCsv(SEED_ROWS)).rows, new Date('2024-05-13T08:00:00Z')); // Monday of 2024-W20
  await reply(
    store,
    HR,
    'HR1.2',
    PEOPLE.ben.email,
    {
      kind: 'update',
      fields: { status: 'In progress', rag: 'Green', narrative: 'Missing directorate data received.' },
    },
    '2024-05-21T10:00:00Z',
  ); // W21
  await reply(
    store,
    CPC,
    'R6.2',
    PEOPLE.amira.email,
    {
      kind: 'update',
      fields: { status: 'In progress', rag: 'Amber', narrative: 'Terms of reference agreed in principle.' },
    },
    '2024-05-19T22:30:00Z',
  ); // Sunday 23:30 BST: still W20
  const now = new Date('2026-11-27T12:00:00Z');

  const w20 = await loadDigest(store, { week: '2024-W20' }, now);
  expect(w20.mix).toMatchObject({ total: 6, complete: 1, green: 2, amber: 2, red: 0, notRated: 1 });
  expect(w20.completeOrOnTarget).toBe(50); // (1 + 2) / 6
  expect(w20.exceptions.map((l) => `${l.ref} ${l.rag}`)).toEqual(['R6.2 Amber', 'HR1.2 Amber']); // by due date

  const w21 = await loadDigest(store, { week: '2024-W21' }, now);
  expect(w21.mix).toMatchObject({ green: 3, amber: 1 });
  expect(w21.completeOrOnTarget).toBe(66.7); // (1 + 3) / 6
  expect(w21.change).toBe(16.7);

  // Much later, everything moves on; the old weeks do not.
  await reply(
    store,
    CPC,
    'R4.2',
    PEOPLE.amira.email,
    { kind: 'update', fields: { status: 'Complete' } },
    '2026-11-24T09:00:00Z',
  );
  await reply(
    store,
    CPC,
    'R6.2',
    PEOPLE.amira.email,
    { kind: 'reassign', ownerEmail: PEOPLE.carys.email },
    '2026-11-24T09:05:00Z',
  );
  const again = await loadDigest(store, { week: '2024-W20' }, now);
  expect(again.mix).toEqual(w20.mix);
  expect(again.exceptions.find((l) => l.ref === 'R6.2')?.ownerEmail).toBe(PEOPLE.amira.email);
  expect(again.completeOrOnTarget).toBe(50);

  const current = await loadDigest(store, {}, now);
  expect(current.mix.complete).toBe(2);
  expect(current.exceptions.find((l) => l.ref === 'R6.2')?.ownerEmail).toBe(PEOPLE.carys.email);
});

test('a digest for one plan and theme counts only that scope; an unknown plan is named clearly', async () => {
  const store = await freshStore();
  await importPlanRows(store, parsePlanCsv(planCsv(SEED_ROWS)).rows, new Date('2026-11-16T08:00:00Z'));
  const hr = await loadDigest(store, { plan: 'hr improvement' }, new Date('2026-11-27T12:00:00Z'));
  expect(hr.mix.total).toBe(2);
  expect(hr.scope).toBe('HR Improvement Plan');
  const theme = await loadDigest(store, { theme: 'recommendation 6' }, new Date('2026-11-27T12:00:00Z'));
  expect(theme.mix.total).toBe(1);
  await expect(loadDigest(store, { plan: 'housing' }, new Date())).rejects.toThrow('No plan matches "housing"');
});
