import { type Harness, cardText, startHarness } from '../support/botHarness';
import { PEOPLE, SEED_ROWS, planCsv } from '../support/fixtures';
import { StorageGate } from '../support/storageGate';
import { testConnectionString } from '../support/storage';
import { inputKey } from '../../cards/chasePromptCard';
import { importPlanRows } from '../../bot/import/importPlan';
import { parsePlanCsv } from '../../bot/import/planCsv';

const CPC = 'lga-cpc-action-plan-2023';
const R42 = { planId: CPC, ref: 'R4.2' };
const k = (ref: string) => inputKey({ planId: CPC, ref });

/** The inputs of a Save on the chase card for one action. */
const save = (ref: string, rev: number, fields: Record<string, string>) => ({
  planId: CPC,
  ref,
  rev,
  ...Object.fromEntries(Object.entries(fields).map(([name, v]) => [`${name}|${k(ref)}`, v])),
});

/**
 * The record under races, each made real: the bot talks to Azurite through a gate that holds one of
 * its storage writes while someone else's change lands, as two people acting at once would cause.
 */
describe('one true record: every change judged on the state it replaces', () => {
  let h: Harness;
  let gate: StorageGate;
  beforeEach(async () => {
    gate = await StorageGate.forConnectionString(testConnectionString()).start();
    h = await startHarness({
      at: '2026-11-23T09:00:00Z',
      connectionString: gate.connectionString(testConnectionString()),
    });
    await h.installInTeam();
  });
  afterEach(async () => {
    await h.stop();
    await gate.stop();
  });

  const history = async (ref: string) => h.app.store.updates.listForAction({ planId: CPC, ref });
  const asSecretariat = async (text: string) => {
    const before = h.connector.sent.length;
    expect(await h.say(PEOPLE.sam, text)).toBe(200);
    return String(h.connector.sent.slice(before).at(-1)?.activity.text ?? '');
  };

  test('P1: an action reassigned while its former owner was saving is not changed by her', async () => {
    const held = gate.holdNextWrite((r) => r.path.includes('$batch'));
    const saving = h.clickCard(
      PEOPLE.amira,
      'saveUpdate',
      save('R4.2', 1, { status: 'Complete', narrative: 'Scheme adopted.' }),
    );
    const release = await held;
    expect(await asSecretariat(`reassign R4.2 ${PEOPLE.ben.email}`)).toContain('now belongs to ben.okafor@example.org');
    release();
    const card = cardText(await saving);
    expect(card).toContain('is not one of your actions');
    expect(card).not.toContain('is recorded');
    const now = (await h.app.store.actions.get(R42))?.value;
    expect(now).toMatchObject({ ownerEmail: PEOPLE.ben.email, status: 'In progress', rag: 'Green' });
    expect((await history('R4.2')).map((u) => [u.kind, u.byEmail])).toEqual([
      ['import', 'plan import'],
      ['reassign', PEOPLE.sam.email],
    ]);
  });

  test('P2: approve date approves the date the secretariat was shown, never one proposed meanwhile', async () => {
    const propose = (rev: number, date: string) =>
      h.clickCard(
        PEOPLE.amira,
        'saveUpdate',
        save('R4.2', rev, {
          status: 'In progress',
          rag: 'Amber',
          narrative: 'Cabinet moved.',
          date,
          reason: 'Cabinet meeting moved.',
        }),
      );
    expect(cardText(await propose(1, '2027-01-29'))).toContain('is recorded');
    const held = gate.holdNextWrite((r) => r.path.includes('$batch'));
    const approving = asSecretariat('approve date R4.2');
    const release = await held;
    expect(cardText(await propose(2, '2027-06-30'))).toContain('is recorded');
    release();
    const answer = await approving;
    expect(answer).toContain('now 2027-06-30, not 2027-01-29');
    const revised = (await h.app.store.actions.get(R42))?.value.revisedDate;
    expect(revised).toMatchObject({ date: '2027-06-30', state: 'proposed' });
    expect((await history('R4.2')).some((u) => u.kind === 'dateDecision')).toBe(false);
  });

  test("P3: an owner's Red given while a plan import runs stays the action's state, not only its history", async () => {
    const changed = SEED_ROWS.map((r) =>
      r[2] === 'R4.2' ? ([...r.slice(0, 5), '31/01/2027', ...r.slice(6)] as typeof r) : r,
    );
    const held = gate.holdNextWrite((r) => r.path.includes('$batch'));
    const importing = importPlanRows(
      h.app.store,
      parsePlanCsv(planCsv(changed)).rows,
      new Date('2026-11-23T09:05:00Z'),
    );
    const release = await held;
    const red = save('R4.2', 1, { status: 'In progress', rag: 'Red', narrative: 'Legal has no capacity until March.' });
    expect(cardText(await h.clickCard(PEOPLE.amira, 'saveUpdate', red))).toContain('is recorded');
    release();
    await importing;
    const now = (await h.app.store.actions.get(R42))?.value;
    // Both changes are there: her Red and the file's new due date.
    expect(now).toMatchObject({ rag: 'Red', narrative: 'Legal has no capacity until March.', dueDate: '2027-01-31' });
    expect((await history('R4.2')).map((u) => u.kind)).toEqual(['import', 'update', 'import']);
  });

  test('P8: "no change to all" with one action reassigned meanwhile records the others and says which was not', async () => {
    expect(await asSecretariat(`reassign R6.2 ${PEOPLE.ben.email}`)).toContain('now belongs');
    const card = cardText(
      await h.clickCard(PEOPLE.amira, 'noChangeAll', {
        items: [
          { planId: CPC, ref: 'R4.2', rev: 1 },
          { planId: CPC, ref: 'R6.2', rev: 1 },
        ],
      }),
    );
    expect(card).toContain('"No change" recorded for 1 action.');
    expect(card).toContain('R6.2 is no longer yours, so nothing was recorded for it.');
    expect(card).not.toContain('your change was not recorded');
    expect((await history('R4.2')).map((u) => u.kind)).toEqual(['import', 'noChange']);
    expect((await history('R6.2')).map((u) => u.kind)).toEqual(['import', 'reassign']);
  });

  test('an owner cannot defer an action or approve her own reschedule from the card', async () => {
    for (const status of ['Deferred', 'Rescheduled (approved)']) {
      const card = cardText(
        await h.clickCard(PEOPLE.amira, 'saveUpdate', save('R4.2', 1, { status, rag: 'Green', narrative: 'x' })),
      );
      expect(card).toContain('decided by the board secretariat');
      expect(card).not.toContain('is recorded');
    }
    expect((await h.app.store.actions.get(R42))?.value).toMatchObject({ status: 'In progress', revision: 1 });
    expect(await history('R4.2')).toHaveLength(1);
  });

  test('the same Save delivered twice is recorded once, and both answers say it is recorded', async () => {
    const click = save('R4.2', 1, { status: 'In progress', rag: 'Amber', narrative: 'Legal capacity is stretched.' });
    const first = cardText(await h.clickCard(PEOPLE.amira, 'saveUpdate', click));
    const again = cardText(await h.clickCard(PEOPLE.amira, 'saveUpdate', click));
    expect(first).toContain('R4.2 is recorded');
    expect(again).toContain('R4.2 is recorded');
    expect(again).not.toContain('changed since');
    expect((await history('R4.2')).map((u) => u.kind)).toEqual(['import', 'update']);
  });
});
