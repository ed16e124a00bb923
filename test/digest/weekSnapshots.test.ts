import { loadDigest } from '../../bot/digest/loadDigest';
import { weekEndIso } from '../../bot/digest/weekSnapshots';
import { mixOf } from '../../bot/domain/digest';
import { actionAt, historyByRef } from '../../bot/domain/history';
import { importPlanRows } from '../../bot/import/importPlan';
import { parsePlanCsv } from '../../bot/import/planCsv';
import { commitChange } from '../../bot/replies/recordReply';
import type { BoardStore } from '../../bot/domain/ports';
import type { Reply } from '../../bot/domain/recordReply';
import { PEOPLE, SEED_ROWS, planCsv } from '../support/fixtures';
import { StorageGate } from '../support/storageGate';
import { freshPrefix, testConnectionString } from '../support/storage';
import { openTableStore } from '../../bot/store';

const CPC = 'lga-cpc-action-plan-2023';
const HR = 'hr-improvement-plan';

/** The seed plan imported on Monday 2 Nov 2026 (W45), then answers over four weeks. */
async function boardWithHistory(store: BoardStore): Promise<void> {
  await importPlanRows(store, parsePlanCsv(planCsv(SEED_ROWS)).rows, new Date('2026-11-02T08:00:00Z'));
  const answer = async (planId: string, ref: string, by: string, reply: Reply, at: string) =>
    expect(
      (await commitChange(store, { planId, ref }, { reply, actor: { email: by, role: 'owner' } }, new Date(at))).kind,
    ).toBe('recorded');
  const upd = (rag: 'Green' | 'Amber' | 'Red', status: 'In progress' | 'Complete' = 'In progress'): Reply => ({
    kind: 'update',
    fields: { status, rag: status === 'Complete' ? undefined : rag, narrative: `Now ${rag}.` },
  });
  await answer(CPC, 'R4.2', PEOPLE.amira.email, upd('Amber'), '2026-11-10T10:00:00Z'); // W46
  await answer(HR, 'HR1.2', PEOPLE.ben.email, upd('Green'), '2026-11-11T10:00:00Z'); // W46
  await answer(CPC, 'R6.2', PEOPLE.amira.email, upd('Amber'), '2026-11-17T10:00:00Z'); // W47
  await answer(CPC, 'R4.2', PEOPLE.amira.email, upd('Green', 'Complete'), '2026-11-25T10:00:00Z'); // W48
}

describe('closed weeks are kept, so a digest reads the board, not its history', () => {
  test("each week's trend figures are exactly what replaying the whole history to that week's end gives", async () => {
    const store = await openTableStore(testConnectionString(), freshPrefix());
    await boardWithHistory(store);
    const d = await loadDigest(store, {}, new Date('2026-12-02T12:00:00Z')); // W49
    expect(d.trend.map((t) => t.week)).toEqual([
      '2026-W42',
      '2026-W43',
      '2026-W44',
      '2026-W45',
      '2026-W46',
      '2026-W47',
      '2026-W48',
      '2026-W49',
    ]);
    const plans = (await store.plans.list()).map((p) => p.id);
    expect(plans.length).toBe(3);
    const all = await store.actions.listAll();
    const history = historyByRef((await Promise.all(plans.map((id) => store.updates.listForPlan(id)))).flat());
    for (const t of d.trend.slice(0, -1)) {
      const end = weekEndIso(t.week);
      const replayed = all.flatMap((a) => actionAt(a, history.get(a.ref) ?? [], end) ?? []);
      expect({ week: t.week, mix: t.mix }).toEqual({ week: t.week, mix: mixOf(replayed) });
    }
    expect(d.trend.find((t) => t.week === '2026-W47')?.mix).toMatchObject({ total: 6, amber: 2, complete: 1 });
    expect(d.previous?.mix).toEqual(d.trend.find((t) => t.week === '2026-W48')?.mix);
  });

  test('work an owner completed since Monday is proposed for closure, not closed; a past week shows what was complete at its end', async () => {
    const store = await openTableStore(testConnectionString(), freshPrefix());
    await boardWithHistory(store);
    const thisWeek = await loadDigest(store, {}, new Date('2026-11-27T12:00:00Z')); // Friday of W48
    expect(thisWeek.proposedForClosure.map((l) => l.ref)).toEqual(['R4.2']);
    expect(thisWeek.completedThisWeek).toEqual([]);
    expect(thisWeek.mix).toMatchObject({ complete: 2, awaitingClosure: 1 });
    const w47 = await loadDigest(store, { week: '2026-W47' }, new Date('2026-12-02T12:00:00Z'));
    expect(w47.completedThisWeek).toEqual([]);
    // At the end of W47: R6.2 had gone from Red to Amber, R4.2 was Amber, HR1.2 back to Green.
    expect(w47.exceptions.map((l) => [l.ref, l.rag])).toEqual([
      ['R6.2', 'Amber'],
      ['R4.2', 'Amber'],
    ]);
  });

  test('once its closed weeks are kept, a digest reads no history at all', async () => {
    const gate = await StorageGate.forConnectionString(testConnectionString()).start();
    try {
      const store = await openTableStore(gate.connectionString(testConnectionString()), freshPrefix());
      await boardWithHistory(store);
      const at = new Date('2026-12-02T12:00:00Z');
      await loadDigest(store, {}, at); // keeps W45-W48
      const before = gate.seen.length;
      // Challenge flags included: they are read off each action's record, not its history.
      await loadDigest(store, {}, at);
      await loadDigest(store, { week: '2026-W48' }, at);
      const reads = gate.seen.slice(before).map((r) => decodeURIComponent(r.path));
      expect(reads.filter((p) => /RowKey ge 't\|/.test(p))).toEqual([]);
      expect(reads.filter((p) => /RowKey ge 'h\|/.test(p))).toEqual([]);
      expect(reads.some((p) => /RowKey ge 'f\|/.test(p))).toBe(true);
    } finally {
      await gate.stop();
    }
  });
});
