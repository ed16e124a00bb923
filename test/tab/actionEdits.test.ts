import { type TabApp, as, startTabApp } from './support/tabApp';
import { PEOPLE } from '../support/fixtures';
import { cardText } from '../support/botHarness';
import { buildOwnerCard } from '../../bot/replies/ownerCard';
import { saveOwnerUpdate } from '../../bot/replies/saveUpdate';
import { actionAt } from '../../bot/domain/history';

/**
 * The secretariat edits the plan in the Board report tab (HTTP, Azurite): adds an action, changes its title, theme,
 * owner or due date, retires it with a reason; each one commit with its history row, a stale edit refused, anyone
 * else 403, and the owner's next card shows the change.
 */
const CPC = 'lga-cpc-action-plan-2023';
const key = (ref: string) => ({ planId: CPC, ref });

describe('editing actions in the Board report tab', () => {
  let t: TabApp;
  beforeEach(async () => {
    t = await startTabApp({ at: '2026-11-23T09:00:00Z' });
    await t.meet(PEOPLE.amira, PEOPLE.ben);
  });
  afterEach(async () => t.stop());

  const sam = as(PEOPLE.sam.email);
  const stored = async (ref: string) => (await t.app.store.actions.get(key(ref)))?.value;
  const history = async (ref: string) => t.app.store.updates.listForAction(key(ref));
  /** History alone rebuilds the state the edits stored (so any past week's digest and paper shows them). */
  const replays = async (ref: string) => {
    const now = (await stored(ref))!;
    expect(actionAt(now, await history(ref), '~')).toEqual(now);
  };
  const newAction = {
    plan: 'LGA CPC Action Plan 2023',
    theme: 'Recommendation 9: Strengthen scrutiny',
    reference: 'R9.1',
    title: 'Agree a scrutiny work programme with the Overview and Scrutiny Committee.',
    ownerEmail: 'Ben.Okafor@example.org',
    dueDate: '26/02/2027',
  };

  test('adds an action: one commit with its history row by the secretariat, in the timeline and on the owner’s card', async () => {
    const r = await t.post('/api/tab/actions', newAction, sam);
    expect(r.status).toBe(200);
    expect(r.body.message).toBe('R9.1 is added to LGA CPC Action Plan 2023; the addition is in its history.');
    expect(await stored('R9.1')).toMatchObject({
      ownerEmail: PEOPLE.ben.email,
      dueDate: '2027-02-26',
      status: 'Not started',
      revision: 1,
    });
    const h = await history('R9.1');
    expect(h).toHaveLength(1);
    expect(h[0]).toMatchObject({ kind: 'add', byEmail: PEOPLE.sam.email });
    const page = await t.get(`/api/tab/actions/${CPC}/R9.1`, sam);
    expect(page.body.timeline[0]).toMatchObject({ label: 'Added by the board secretariat', byEmail: PEOPLE.sam.email });
    const card = cardText(await buildOwnerCard({ store: t.app.store }, PEOPLE.ben, undefined, t.now.value));
    expect(card).toContain('R9.1');
    await replays('R9.1');
  });

  test('an addition is judged by the import’s rules: bad fields in its words, a reference already used, nothing written', async () => {
    const bad = await t.post('/api/tab/actions', { ...newAction, dueDate: '31/02/2027', ownerEmail: 'ben' }, sam);
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual({
      dueDate: '"31/02/2027" is not a date; write 23/11/2026 or 2026-11-23',
      ownerEmail: 'is not an email address',
    });
    const taken = await t.post('/api/tab/actions', { ...newAction, reference: 'r4.2' }, sam);
    expect(taken.status).toBe(422);
    expect(taken.body.errors.reference).toBe('R4.2 is already in LGA CPC Action Plan 2023: open it to change it');
    expect((await history('R4.2')).length).toBe(1);
    const clash = await t.post('/api/tab/actions', { ...newAction, plan: 'LGA-CPC action plan 2023' }, sam);
    expect(clash.status).toBe(422);
    expect(clash.body.errors.plan).toContain('write "LGA CPC Action Plan 2023"');
    expect(await stored('R9.1')).toBeUndefined();
  });

  test('changes title, theme, owner and due date in one commit; the timeline says what moved; the new owner’s card has it', async () => {
    const before = (await stored('R4.2'))!;
    const r = await t.post(
      `/api/tab/actions/${CPC}/R4.2/edit`,
      {
        rev: before.revision,
        title: 'Review the scheme of delegation and publish it.',
        theme: before.theme,
        ownerEmail: PEOPLE.ben.email,
        dueDate: '2027-01-29',
      },
      sam,
    );
    expect(r.status).toBe(200);
    expect(r.body.message).toBe('R4.2 is changed (title, owner, due date); the change is in its history.');
    expect(await stored('R4.2')).toMatchObject({
      title: 'Review the scheme of delegation and publish it.',
      ownerEmail: PEOPLE.ben.email,
      dueDate: '2027-01-29',
      revision: before.revision + 1,
    });
    const h = await history('R4.2');
    expect(h.at(-1)).toMatchObject({ kind: 'edit', byEmail: PEOPLE.sam.email, revision: before.revision + 1 });
    const page = await t.get(`/api/tab/actions/${CPC}/R4.2`, sam);
    expect(page.body.revision).toBe(before.revision + 1);
    expect(page.body.timeline[0].label).toBe('Changed by the board secretariat');
    expect(page.body.timeline[0].changes).toEqual([
      'Due date changed from Fri, 18 Dec 2026 to Fri, 29 Jan 2027',
      `Owner changed from ${PEOPLE.amira.name} (${PEOPLE.amira.email}) to ${PEOPLE.ben.name} (${PEOPLE.ben.email})`,
      'Title changed from "Review the scheme of delegation for routine decisions." to "Review the scheme of delegation and publish it."',
    ]);
    const bens = cardText(await buildOwnerCard({ store: t.app.store }, PEOPLE.ben, undefined, t.now.value));
    expect(bens).toContain('Review the scheme of delegation and publish it.');
    const amiras = cardText(await buildOwnerCard({ store: t.app.store }, PEOPLE.amira, undefined, t.now.value));
    expect(amiras).not.toContain('R4.2');
    await replays('R4.2');
  });

  test('a stale edit (the action changed since the page loaded) is refused with 409, nothing written', async () => {
    const seen = (await stored('R4.2'))!.revision;
    await saveOwnerUpdate(
      t.app.store,
      PEOPLE.amira,
      { planId: CPC, ref: 'R4.2', rev: seen },
      { status: 'In progress', rag: 'Amber', narrative: 'Legal capacity is short.' },
      t.now.value,
    );
    const rows = (await history('R4.2')).length;
    const r = await t.post(`/api/tab/actions/${CPC}/R4.2/edit`, { rev: seen, dueDate: '2027-01-29' }, sam);
    expect(r.status).toBe(409);
    expect(r.body.outcome).toBe('stale');
    expect(r.body.message).toBe(
      'R4.2 changed since you opened it (by amira.khan@example.org), so nothing was changed. Its current state is shown; make your change again if you still need it.',
    );
    expect((await stored('R4.2'))?.dueDate).toBe('2026-12-18');
    expect(await history('R4.2')).toHaveLength(rows);
    const retire = await t.post(`/api/tab/actions/${CPC}/R4.2/retire`, { rev: seen, reason: 'Superseded.' }, sam);
    expect(retire.status).toBe(409);
    expect((await stored('R4.2'))?.retired).toBeUndefined();
  });

  test('an edit that changes nothing is refused, and writes nothing', async () => {
    const a = (await stored('R4.2'))!;
    const r = await t.post(`/api/tab/actions/${CPC}/R4.2/edit`, { rev: a.revision, title: a.title }, sam);
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('Nothing to change: R4.2 already has that title, theme, owner and due date.');
    expect(await history('R4.2')).toHaveLength(1);
  });

  test('retires an action with its reason: in the timeline, off the owner’s card; a second retirement is refused', async () => {
    const a = (await stored('R6.2'))!;
    const empty = await t.post(`/api/tab/actions/${CPC}/R6.2/retire`, { rev: a.revision, reason: ' ' }, sam);
    expect(empty.status).toBe(422);
    expect(empty.body.errors.reason).toBe('give the reason it is taken out of the plan');
    const r = await t.post(
      `/api/tab/actions/${CPC}/R6.2/retire`,
      { rev: a.revision, reason: 'Merged into R6.1 by the board on 14 December.' },
      sam,
    );
    expect(r.status).toBe(200);
    expect(r.body.message).toBe('R6.2 is taken out of the plan; it is kept with its history.');
    expect((await stored('R6.2'))?.retired).toMatchObject({
      by: PEOPLE.sam.email,
      reason: 'Merged into R6.1 by the board on 14 December.',
    });
    const page = await t.get(`/api/tab/actions/${CPC}/R6.2`, sam);
    expect(page.body.timeline[0]).toMatchObject({
      label: 'Taken out of the plan',
      changes: ['Reason: Merged into R6.1 by the board on 14 December.'],
    });
    const card = cardText(await buildOwnerCard({ store: t.app.store }, PEOPLE.amira, undefined, t.now.value));
    expect(card).not.toContain('R6.2');
    await replays('R6.2');
    const again = await t.post(`/api/tab/actions/${CPC}/R6.2/retire`, { rev: a.revision + 1, reason: 'Again.' }, sam);
    expect(again.status).toBe(422);
    expect(again.body.message).toBe('R6.2 has been taken out of the plan, so nothing was recorded.');
  });

  test('only open work can be retired (as in an upload)', async () => {
    const a = (await stored('R2.1'))!;
    const r = await t.post(`/api/tab/actions/${CPC}/R2.1/retire`, { rev: a.revision, reason: 'Done anyway.' }, sam);
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('R2.1 is Complete: only open actions can be taken out of the plan.');
  });

  test('a board member, an owner and an unknown person get 403 for every edit, and nothing is written', async () => {
    const rev = (await stored('R4.2'))!.revision;
    for (const who of [PEOPLE.amira.email, 'stranger@example.org']) {
      const calls = [
        t.post('/api/tab/actions', newAction, as(who)),
        t.post(`/api/tab/actions/${CPC}/R4.2/edit`, { rev, dueDate: '2027-01-29' }, as(who)),
        t.post(`/api/tab/actions/${CPC}/R4.2/retire`, { rev, reason: 'No.' }, as(who)),
      ];
      for (const r of await Promise.all(calls)) expect(r.status).toBe(403);
    }
    expect(await stored('R9.1')).toBeUndefined();
    expect(await history('R4.2')).toHaveLength(1);
  });

  test('a body that is not as expected is 400', async () => {
    const r = await t.post(`/api/tab/actions/${CPC}/R4.2/edit`, { rev: 'one', dueDate: 7 }, sam);
    expect(r.status).toBe(400);
  });
});
