import { challengeFlags, flagsOf } from '../../bot/domain/challengeFlags';
import { actionAt } from '../../bot/domain/history';
import type { Reply } from '../../bot/domain/recordReply';
import { importPlanRows } from '../../bot/import/importPlan';
import { parsePlanCsv } from '../../bot/import/planCsv';
import { commitChange } from '../../bot/replies/recordReply';
import { PEOPLE, SEED_ROWS, planCsv } from '../support/fixtures';
import { freshStore } from '../support/storage';

test('the record an action carries, kept by each commit, is what replaying its history gives: its flags need no history', async () => {
  const store = await freshStore();
  await importPlanRows(store, parsePlanCsv(planCsv(SEED_ROWS)).rows, new Date('2026-09-01T09:00:00Z'));
  const [first] = await store.actions.listAll();
  const key = { planId: first.planId, ref: first.ref };
  const owner = { email: first.ownerEmail, role: 'owner' as const };
  const secretariat = { email: PEOPLE.sam.email, role: 'secretariat' as const };
  const steps: [string, Reply, typeof owner | typeof secretariat][] = [
    [
      '2026-09-07T09:00:00Z',
      { kind: 'update', fields: { status: 'In progress', rag: 'Red', narrative: 'Blocked on Legal.' } },
      owner,
    ],
    [
      '2026-09-14T09:00:00Z',
      {
        kind: 'update',
        fields: {
          status: 'In progress',
          rag: 'Red',
          narrative: 'Blocked on Legal.',
          proposedDate: '2027-01-29',
          proposedDateReason: 'Legal review',
        },
      },
      owner,
    ],
    ['2026-09-15T09:00:00Z', { kind: 'dateDecision', decision: 'approved', date: '2027-01-29' }, secretariat],
    ['2026-09-21T09:00:00Z', { kind: 'noChange' }, owner],
    [
      '2026-10-05T09:00:00Z',
      {
        kind: 'update',
        fields: {
          status: 'In progress',
          rag: 'Red',
          proposedDate: '2027-03-31',
          proposedDateReason: 'Still with Legal',
        },
      },
      owner,
    ],
  ];
  for (const [at, reply, actor] of steps) {
    const current = await store.actions.get(key);
    const outcome = await commitChange(store, key, { reply, actor, basis: current?.value.revision }, new Date(at));
    expect(outcome.kind).toBe('recorded');
  }
  const stored = (await store.actions.get(key))?.value;
  const history = await store.updates.listForAction(key);
  const replayed = actionAt(stored!, history, '9999');
  expect(stored?.record).toEqual(replayed?.record);
  expect(stored?.record).toMatchObject({
    redSince: '2026-09-07T09:00:00.000Z',
    lastCommentAt: '2026-09-07T09:00:00.000Z',
  });
  expect(stored?.record?.proposals.map((p) => [p.date, p.approved])).toEqual([
    ['2027-01-29', true],
    ['2027-03-31', false],
  ]);
  // Seven weeks on: stuck Red, slipping and stale, the same from the record as from the history.
  const asOf = '2026-10-26T09:00:00Z';
  const fromRecord = flagsOf(stored!, asOf);
  expect(fromRecord.map((f) => f.kind).sort()).toEqual(['slipping', 'stale', 'stuckRed']);
  expect(fromRecord).toEqual(challengeFlags(stored!, history, asOf));
});
