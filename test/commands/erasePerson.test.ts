import { loadDigest } from '../../bot/digest/loadDigest';
import { importPlanRows } from '../../bot/import/importPlan';
import { parsePlanCsv } from '../../bot/import/planCsv';
import { inputKey } from '../../cards/chasePromptCard';
import { type Harness, startHarness } from '../support/botHarness';
import { NAMED_OWNER_HEADER, PEOPLE, SEED_ROWS, csvText, withOwnerNames } from '../support/fixtures';

/** The plan file's name for Ben, not the one Teams gives him ("Ben Okafor"). */
const BENS_PLAN_NAME = 'Benjamin Okafor';

/** Everything the Ledger holds, as text: current states and every history row of every plan. */
async function ledgerText(h: Harness): Promise<string> {
  const parts: unknown[] = [await h.app.store.actions.listAll()];
  for (const p of await h.app.store.plans.list()) parts.push(await h.app.store.updates.listForPlan(p.id));
  return JSON.stringify(parts);
}

describe('erase person: a pseudonym in place of a name and email, the figures kept', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.installInTeam(); // the roster: Ben's name and Entra id are stored
  });
  afterAll(() => h.stop());

  const ask = async (text: string, who = PEOPLE.sam) => {
    const before = h.connector.sent.length;
    expect(await h.say(who, text)).toBe(200);
    return String(h.connector.sent.slice(before).at(-1)?.activity.text ?? '');
  };

  test('only the secretariat may erase, and not while the person still owns open actions', async () => {
    expect(await ask(`erase person ${PEOPLE.ben.email}`, PEOPLE.amira)).toContain('is for the board secretariat');
    expect(await ask(`erase person ${PEOPLE.ben.email}`)).toMatch(/still owns 2 open actions \(HR1\.2, HR2\.1\)/);
    expect(await ask('erase person not-an-address')).toContain('is not an email address');
  });

  test("Ben's email and name leave every row; counts, figures and history length stay", async () => {
    // Ben answers, mentioning himself, then his actions are reassigned to Amira.
    // The plan file names Ben in its own way, and Amira's comment names him so.
    const named = withOwnerNames(SEED_ROWS).map((r) =>
      r[5] === PEOPLE.ben.email ? [...r.slice(0, 4), BENS_PLAN_NAME, ...r.slice(5)] : r,
    );
    await importPlanRows(h.app.store, parsePlanCsv(csvText(NAMED_OWNER_HEADER, named)).rows, h.now.value);
    expect((await h.app.store.owners.get(PEOPLE.ben.email))?.value).toMatchObject({ planName: BENS_PLAN_NAME });
    const r42 = { planId: 'lga-cpc-action-plan-2023', ref: 'R4.2', rev: 1, cycleId: '' };
    const k = inputKey(r42);
    const saved = await h.clickCard(PEOPLE.amira, 'saveUpdate', {
      ...r42,
      [`status|${k}`]: 'In progress',
      [`rag|${k}`]: 'Green',
      [`narrative|${k}`]: `Scheme agreed with ${BENS_PLAN_NAME} before his handover.`,
    });
    expect(JSON.stringify(saved)).toContain('R4.2 is recorded for the board');
    const hr = { planId: 'hr-improvement-plan', ref: 'HR1.2', rev: 1 };
    await h.clickCard(PEOPLE.ben, 'noChange', hr);
    expect(await ask(`reassign HR1.2 ${PEOPLE.amira.email}`)).toContain('now belongs to');
    expect(await ask(`reassign HR2.1 ${PEOPLE.amira.email}`)).toContain('now belongs to');
    const before = await loadDigest(h.app.store, {}, h.now.value);
    const historyBefore = (await h.app.store.updates.listForPlan('hr-improvement-plan')).length;
    expect((await ledgerText(h)).toLowerCase()).toContain(PEOPLE.ben.email);
    // A change of his reachability was kept (Owners, partition 'reach', keyed by his email).
    await h.app.store.owners.save({ email: PEOPLE.ben.email, reachability: 'unreachable', unreachableReason: '403' });
    expect([...(await h.app.store.owners.reachabilityAt('9999')).keys()]).toContain(PEOPLE.ben.email);

    // Amira named him her delegate; he named Carys his (each pointed to from the Owners table).
    await h.app.store.owners.save({ email: PEOPLE.amira.email, delegate: { email: PEOPLE.ben.email, at: 'x' } });
    await h.app.store.owners.save({ email: PEOPLE.ben.email, delegate: { email: PEOPLE.carys.email, at: 'x' } });

    // He chose a board with `use` (a deployment of several boards keeps that by his Entra id in the shared settings).
    await h.app.store.shared.set(`boardChoice:${PEOPLE.ben.aadObjectId}`, 'tab');

    const reply = await ask(`erase person ${PEOPLE.ben.email.toUpperCase()}`);
    expect(reply).toMatch(/is now "Former member [0-9a-f]{4}" \(erased-[0-9a-f]{8}@erased\.invalid\)/);

    const after = await ledgerText(h);
    expect(after.toLowerCase()).not.toContain(PEOPLE.ben.email);
    expect(after).not.toContain(PEOPLE.ben.name);
    expect(after).not.toContain(BENS_PLAN_NAME);
    expect(after).toMatch(/Scheme agreed with Former member [0-9a-f]{4} before his handover/);
    // Nor is either name, or his address, kept anywhere else (the team roster rows, say).
    const settings = JSON.stringify(await h.app.store.settings.listPrefix(''));
    for (const gone of [PEOPLE.ben.name, BENS_PLAN_NAME, PEOPLE.ben.email]) expect(settings).not.toContain(gone);
    // Nor anything kept under his Entra id (his board choice).
    const shared = JSON.stringify(await h.app.store.shared.listPrefix(''));
    expect(shared).not.toContain(PEOPLE.ben.aadObjectId);
    expect(after).toMatch(/erased-[0-9a-f]{8}@erased\.invalid/);
    expect(await h.app.store.owners.get(PEOPLE.ben.email)).toBeUndefined();
    expect(await h.app.store.owners.getByAadObjectId(PEOPLE.ben.aadObjectId)).toBeUndefined();
    expect([...(await h.app.store.owners.reachabilityAt('9999')).keys()]).not.toContain(PEOPLE.ben.email);
    expect(JSON.stringify(await h.app.store.owners.list()).toLowerCase()).not.toContain(PEOPLE.ben.email);
    expect((await h.app.store.owners.get(PEOPLE.amira.email))?.value.delegate?.email).toMatch(/@erased\.invalid$/);
    expect(await h.app.store.owners.namingAsDelegateOrCover(PEOPLE.ben.email)).toEqual([]);
    expect(await h.app.store.owners.namingAsDelegateOrCover(PEOPLE.carys.email)).toEqual([]);
    const digest = await loadDigest(h.app.store, {}, h.now.value);
    expect({ mix: digest.mix, cot: digest.completeOrOnTarget, themes: digest.themes.map((t) => t.mix) }).toEqual({
      mix: before.mix,
      cot: before.completeOrOnTarget,
      themes: before.themes.map((t) => t.mix),
    });
    expect((await h.app.store.updates.listForPlan('hr-improvement-plan')).length).toBe(historyBefore);
    // The erasure is on record, without the address it erased.
    const records = await h.app.store.settings.listPrefix('erasure:');
    expect(records).toHaveLength(1);
    expect(records[0].value.toLowerCase()).not.toContain(PEOPLE.ben.email);
    expect(JSON.parse(records[0].value)).toMatchObject({ by: PEOPLE.sam.email, rows: expect.any(Number) });
  });
});
