import { type Harness, startHarness } from '../support/botHarness';
import { PEOPLE } from '../support/fixtures';

/** Ids from a card or a URL are checked at the boundary: a crafted one is refused clearly, never a 500. */
describe('crafted plan, action and chase ids', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  const CRAFTED_PLANS = ["lga'cpc", 'a/b', 'a#b', 'a?b', 'a\\b', 'x'.repeat(81), 'plan\u0000id', "') or true or ('"];

  test('a card click with a crafted planId, ref or cycleId is refused as malformed and records nothing', async () => {
    const cases: Record<string, unknown>[] = [
      ...CRAFTED_PLANS.map((planId) => ({ planId, ref: 'R4.2', rev: 1 })),
      { planId: 'lga-cpc-action-plan-2023', ref: "R4.2'/#", rev: 1 },
      { planId: 'lga-cpc-action-plan-2023', ref: 'R4.2', rev: 1, cycleId: "2026-11-23'/x#" },
      { planId: 'lga-cpc-action-plan-2023', ref: 'R4.2', rev: 1, cycleId: 'a/b' },
    ];
    for (const data of cases) {
      const r = await h.post(h.invoke(PEOPLE.amira, 'noChange', data));
      expect({ data, status: r.status, said: JSON.stringify(r.body) }).toEqual({
        data,
        status: 200,
        said: expect.stringContaining('did not send what I expected'),
      });
    }
    const history = await h.app.store.updates.listForAction({ planId: 'lga-cpc-action-plan-2023', ref: 'R4.2' });
    expect(history.map((u) => u.kind)).toEqual(['import']);
  });

  test('a tab URL with a crafted plan or reference is a 400, not a 500', async () => {
    for (const [planId, ref] of [
      ...CRAFTED_PLANS.map((p) => [p, 'R4.2']),
      ['lga-cpc-action-plan-2023', "R4.2'"],
      ['lga-cpc-action-plan-2023', 'R4.2#x'],
    ]) {
      const path = `/api/tab/actions/${encodeURIComponent(planId)}/${encodeURIComponent(ref)}`;
      const r = await fetch(`${h.app.url}${path}`, { headers: { 'x-board-as': PEOPLE.sam.email } });
      expect({ planId, ref, status: r.status }).toEqual({ planId, ref, status: 400 });
    }
  });
});
