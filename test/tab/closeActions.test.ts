import { type TabApp, startTabApp } from './support/tabApp';
import { PEOPLE } from '../support/fixtures';
import { saveOwnerUpdate } from '../../bot/replies/saveUpdate';

const CPC = 'lga-cpc-action-plan-2023';

describe('closure by the board in the Board report tab, several at once (HTTP, Azurite)', () => {
  let t: TabApp;
  beforeEach(async () => {
    t = await startTabApp({ at: '2026-11-23T09:00:00Z' });
    await t.meet(PEOPLE.amira);
    for (const ref of ['R4.2', 'R6.2'])
      await saveOwnerUpdate(
        t.app.store,
        PEOPLE.amira,
        { planId: CPC, ref, rev: 1 },
        { status: 'Complete', narrative: 'Done.' },
        t.now.value,
      );
  });
  afterEach(async () => t.stop());
  const as = (p: { email: string }) => `?as=${encodeURIComponent(p.email)}`;
  const closure = async (ref: string) => (await t.app.store.actions.get({ planId: CPC, ref }))?.value.closure;

  test('the register marks what awaits closure; the secretariat closes several at once, each on its own', async () => {
    const register = await t.get(`/api/tab/register${as(PEOPLE.sam)}&status=Complete`);
    expect(
      register.body.rows
        .filter((r: { awaitingClosure?: boolean }) => r.awaitingClosure)
        .map((r: { ref: string }) => r.ref),
    ).toEqual(expect.arrayContaining(['R4.2', 'R6.2']));
    const r = await t.post(`/api/tab/closure${as(PEOPLE.sam)}`, {
      actions: [
        { planId: CPC, ref: 'R4.2' },
        { planId: CPC, ref: 'R2.1' },
        { planId: CPC, ref: 'R6.2' },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.message).toBe("Closed 2 of 3; each closure is in its action's history.");
    expect(r.body.lines.map((l: { message: string }) => l.message)).toEqual([
      'R4.2: closed by the board.',
      'R2.1 is not awaiting closure: it is already closed.',
      'R6.2: closed by the board.',
    ]);
    expect(await closure('R4.2')).toMatchObject({ state: 'closed', by: PEOPLE.sam.email });
    expect(await closure('R6.2')).toMatchObject({ state: 'closed' });
  });

  test('anyone but the secretariat gets 403 and nothing is closed', async () => {
    const r = await t.post(`/api/tab/closure${as(PEOPLE.amira)}`, { actions: [{ planId: CPC, ref: 'R4.2' }] });
    expect(r.status).toBe(403);
    expect(await closure('R4.2')).toMatchObject({ state: 'awaiting' });
  });
});
