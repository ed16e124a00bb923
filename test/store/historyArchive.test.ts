import { TableClient } from '@azure/data-tables';
import { loadDigest } from '../../bot/digest/loadDigest';
import { keepAndMoveClosedWeeks, lastClosedWeek, weekEndIso } from '../../bot/digest/weekSnapshots';
import { pseudonymOf } from '../../bot/domain/personalData';
import type { BoardStore } from '../../bot/domain/ports';
import type { Reply } from '../../bot/domain/recordReply';
import { importPlanRows } from '../../bot/import/importPlan';
import { parsePlanCsv } from '../../bot/import/planCsv';
import { commitChange } from '../../bot/replies/recordReply';
import { openTableStore } from '../../bot/store';
import { PEOPLE, SEED_ROWS, planCsv } from '../support/fixtures';
import { freshPrefix, testConnectionString } from '../support/storage';

const CPC = 'lga-cpc-action-plan-2023';
const R42 = { planId: CPC, ref: 'R4.2' };

/** Every row of one table of the store, raw, as Table storage holds it. */
async function rowsOf(prefix: string, table: string): Promise<Record<string, unknown>[]> {
  const client = TableClient.fromConnectionString(testConnectionString(), `${prefix}${table}`, {
    allowInsecureConnection: true,
  });
  const out: Record<string, unknown>[] = [];
  for await (const e of client.listEntities()) out.push(e);
  return out;
}

/** The scheduler's weekly step for every plan: keep the closed weeks and move their history; rows moved. */
async function moveAll(store: BoardStore, now: Date): Promise<number> {
  let moved = 0;
  for (const plan of await store.plans.list()) moved += await keepAndMoveClosedWeeks(store, plan, lastClosedWeek(now));
  return moved;
}

const answer = (rag: 'Green' | 'Amber' | 'Red', narrative: string): Reply => ({
  kind: 'update',
  fields: { status: 'In progress', rag, narrative },
});

/** The seed plan imported on Monday 2 Nov 2026 (W45), then Amira's answers on R4.2 in W46, W47 and W48. */
async function boardWithHistory(prefix: string): Promise<BoardStore> {
  const store = await openTableStore(testConnectionString(), prefix);
  await importPlanRows(store, parsePlanCsv(planCsv(SEED_ROWS)).rows, new Date('2026-11-02T08:00:00Z'));
  for (const [rag, at] of [
    ['Amber', '2026-11-10T10:00:00Z'],
    ['Red', '2026-11-17T10:00:00Z'],
    ['Amber', '2026-11-24T10:00:00Z'],
  ] as const) {
    const actor = { email: PEOPLE.amira.email, role: 'owner' as const };
    const r = await commitChange(store, R42, { reply: answer(rag, `${rag} as of ${at}.`), actor }, new Date(at));
    expect(r.kind).toBe('recorded');
  }
  return store;
}

describe('the Ledger keeps the board, not its past: folded weeks move to the History table', () => {
  test('after the weeks are kept, no history of a closed week is left in the Ledger, and every view still shows it all', async () => {
    const prefix = freshPrefix();
    const store = await boardWithHistory(prefix);
    const timelineBefore = await store.updates.listForAction(R42);
    const planBefore = await store.updates.listForPlan(CPC);
    expect(timelineBefore.map((u) => u.rag)).toEqual(['Green', 'Amber', 'Red', 'Amber']); // the import, three answers
    const w47Before = await loadDigest(store, { week: '2026-W47' }, new Date('2026-11-25T12:00:00Z'));

    const now = new Date('2026-12-02T12:00:00Z'); // W49: weeks up to W48 are closed
    const closedEnd = weekEndIso('2026-W48');
    const oldInLedger = async () =>
      (await rowsOf(prefix, 'Ledger')).filter((r) => /^[ht]\|/.test(String(r.rowKey)) && String(r.at) <= closedEnd);
    // A digest folds the closed weeks but leaves the move to the scheduler: no request waits for it.
    await loadDigest(store, {}, now);
    const everyUpdate = (
      await Promise.all((await store.plans.list()).map((p) => store.updates.listForPlan(p.id)))
    ).flat();
    expect((await oldInLedger()).length).toBe(2 * everyUpdate.length); // its h and t rows
    expect(await moveAll(store, now)).toBeGreaterThan(0);
    expect(await moveAll(store, now)).toBe(0); // the plan rows say it is done: the next tick reads nothing
    const ledger = await rowsOf(prefix, 'Ledger');
    expect(await oldInLedger()).toEqual([]);
    expect(ledger.filter((r) => String(r.rowKey).startsWith('a|')).length).toBe(SEED_ROWS.length);
    expect((await rowsOf(prefix, 'History')).filter((r) => r.partitionKey === CPC).length).toBe(2 * planBefore.length);

    // Every view of history reads the moved rows as before.
    expect(await store.updates.listForAction(R42)).toEqual(timelineBefore);
    expect(await store.updates.listForPlan(CPC)).toEqual(planBefore);
    expect(await store.updates.getUpdate(R42, 2)).toEqual(timelineBefore.find((u) => u.revision === 2));
    const w47 = await loadDigest(store, { week: '2026-W47' }, now);
    expect(w47.exceptions.map((l) => [l.ref, l.rag])).toEqual(w47Before.exceptions.map((l) => [l.ref, l.rag]));
    expect(w47.exceptions.find((l) => l.ref === 'R4.2')?.rag).toBe('Red');

    // This week's answer lands in the Ledger, beside the moved ones in the action's timeline.
    const actor = { email: PEOPLE.amira.email, role: 'owner' as const };
    const r = await commitChange(store, R42, { reply: answer('Green', 'Back on track.'), actor }, now);
    expect(r.kind).toBe('recorded');
    const timeline = await store.updates.listForAction(R42);
    expect(timeline.map((u) => u.revision)).toEqual([...timelineBefore.map((u) => u.revision), 5]);
    expect(timeline.at(-1)?.narrative).toBe('Back on track.');
  });

  test('erasing a person rewrites the moved rows too, and leaves no week state naming them', async () => {
    const prefix = freshPrefix();
    const store = await boardWithHistory(prefix);
    await moveAll(store, new Date('2026-12-02T12:00:00Z'));
    expect(JSON.stringify(await rowsOf(prefix, 'History'))).toContain(PEOPLE.amira.email);
    const person = { email: PEOPLE.amira.email, name: PEOPLE.amira.name };
    for (const p of await store.plans.list())
      await store.personalData.pseudonymisePlan(p.id, person, pseudonymOf('0a1b2c3d'));
    for (const table of ['Ledger', 'History', 'Weeks'])
      expect({ table, named: JSON.stringify(await rowsOf(prefix, table)).includes(PEOPLE.amira.email) }).toEqual({
        table,
        named: false,
      });
    // The figures are kept: the past week is rebuilt from the rewritten history.
    const w47 = await loadDigest(store, { week: '2026-W47' }, new Date('2026-12-02T12:00:00Z'));
    expect(w47.exceptions.find((l) => l.ref === 'R4.2')?.rag).toBe('Red');
  });

  test('week states an older version kept in the Ledger are moved to the Weeks table when history is next moved', async () => {
    const prefix = freshPrefix();
    const store = await boardWithHistory(prefix);
    const ledger = TableClient.fromConnectionString(testConnectionString(), `${prefix}Ledger`, {
      allowInsecureConnection: true,
    });
    const state = { ...(await store.actions.get(R42))?.value, planId: undefined, rag: 'Red' };
    await ledger.createEntity({ partitionKey: CPC, rowKey: 's|2026-W46|R4.2', state: JSON.stringify(state) });
    await store.snapshots.archiveUntil(CPC, weekEndIso('2026-W46'));
    expect((await rowsOf(prefix, 'Ledger')).filter((r) => String(r.rowKey).startsWith('s|'))).toEqual([]);
    expect((await store.snapshots.states(CPC, '2026-W46'))?.map((a) => [a.ref, a.rag, a.planId])).toEqual([
      ['R4.2', 'Red', CPC],
    ]);
  });
});
