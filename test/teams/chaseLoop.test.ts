import { loadCurrentAsks } from '../../bot/jobs/currentAsks';
import { type Harness, cardOf, cardText, startHarness } from '../support/botHarness';
import { PEOPLE } from '../support/fixtures';
import { runChaseCycle } from '../../bot/jobs/chaseCycle';
import { inputKey } from '../../cards/chasePromptCard';

const CPC = 'lga-cpc-action-plan-2023';
const key = (ref: string, planId = CPC) => inputKey({ planId, ref });

describe('the chase loop, end to end over HTTP against a Bot Connector stand-in and Azurite', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.installInTeam();
  });
  afterEach(async () => h.stop());

  test('installing in the team reads the roster and maps plan emails to Entra object ids', async () => {
    const amira = (await h.app.store.owners.get(PEOPLE.amira.email))?.value;
    expect(amira?.aadObjectId).toBe(PEOPLE.amira.aadObjectId);
    expect(amira?.teamsUserId).toBe(PEOPLE.amira.id);
    expect((await h.app.commands.access.channel())?.conversation).toContain('19:board-general@thread.tacv2');
    expect(h.connector.requests.some((r) => r.path.endsWith('/pagedmembers'))).toBe(true);
  });

  test('one card per owner listing all their open actions, then a reply replaces the card in place', async () => {
    const report = await runChaseCycle(h.app.chase, 'schedule');
    expect(report).toMatchObject({ prompted: 3, unreachable: 0, failed: 0 });
    const toAmira = h.connector.sentTo(PEOPLE.amira.id);
    expect(toAmira).toHaveLength(1);
    const card = cardOf(toAmira[0].activity);
    expect(card.version).toBe('1.5');
    const text = cardText(card);
    expect(text).toContain('R4.2');
    expect(text).toContain('R6.2');
    expect(text).not.toContain('R2.1'); // complete: not chased
    expect(text).not.toContain('HR1.2'); // Ben's
    expect(JSON.stringify(card)).not.toContain('${');
    expect(h.connector.sentTo(PEOPLE.sam.id)).toHaveLength(0); // no actions, no prompt

    const prompt = (await h.app.store.prompts.get(report.cycleId, PEOPLE.amira.email))?.value;
    expect(prompt).toMatchObject({ state: 'sent', activityId: toAmira[0].activityId });

    h.now.value = new Date('2026-11-23T09:41:00Z');
    // Amber without a comment: refused, typed values kept, nothing stored.
    const before = (await h.app.store.updates.listForAction({ planId: CPC, ref: 'R4.2' })).length;
    const refused = await h.clickCard(PEOPLE.amira, 'saveUpdate', {
      planId: CPC,
      ref: 'R4.2',
      rev: 1,
      cycleId: report.cycleId,
      [`status|${key('R4.2')}`]: 'In progress',
      [`rag|${key('R4.2')}`]: 'Amber',
      [`narrative|${key('R4.2')}`]: '  ',
      [`percent|${key('R4.2')}`]: '55',
    });
    expect(cardText(refused)).toContain('The board needs a comment for Amber');
    expect(JSON.stringify(refused)).toContain('"value":55');
    expect((await h.app.store.updates.listForAction({ planId: CPC, ref: 'R4.2' })).length).toBe(before);
    expect((await h.app.store.actions.get({ planId: CPC, ref: 'R4.2' }))?.value.rag).toBe('Green');

    // With a comment: stored, and the card shows what was recorded.
    const confirmed = await h.clickCard(PEOPLE.amira, 'saveUpdate', {
      planId: CPC,
      ref: 'R4.2',
      rev: 1,
      cycleId: report.cycleId,
      [`status|${key('R4.2')}`]: 'In progress',
      [`rag|${key('R4.2')}`]: 'Amber',
      [`narrative|${key('R4.2')}`]: 'Legal review of Part C has slipped to January.',
      [`percent|${key('R4.2')}`]: '55',
      [`date|${key('R4.2')}`]: '2027-01-29',
      [`reason|${key('R4.2')}`]: 'Legal capacity over Christmas',
    });
    const shown = cardText(confirmed);
    expect(shown).toContain('R4.2 is recorded');
    expect(shown).toMatch(/✓ Recorded at \d\d:\d\d: ▲ Amber \(at risk\) · In progress · 55%/);
    expect(shown).toContain('R6.2'); // the other action is still there to answer
    const action = (await h.app.store.actions.get({ planId: CPC, ref: 'R4.2' }))?.value;
    expect(action).toMatchObject({
      rag: 'Amber',
      percentComplete: 55,
      narrative: 'Legal review of Part C has slipped to January.',
      revision: 2,
    });
    expect(action?.revisedDate).toMatchObject({
      date: '2027-01-29',
      state: 'proposed',
      reason: 'Legal capacity over Christmas',
    });
    expect(action?.dueDate).toBe('2026-12-18'); // the original stays
    const history = await h.app.store.updates.listForAction({ planId: CPC, ref: 'R4.2' });
    expect(history.map((u) => u.kind)).toEqual(['import', 'update']);
    expect(history[1]).toMatchObject({ byEmail: PEOPLE.amira.email, rag: 'Amber', cycleId: report.cycleId });

    // "No change" on the other action completes her answer for the cycle.
    const done = await h.clickCard(PEOPLE.amira, 'noChange', {
      planId: CPC,
      ref: 'R6.2',
      rev: 1,
      cycleId: report.cycleId,
    });
    expect(cardText(done)).toContain('Thank you: your update is recorded');
    // She is no longer waited for: not a non-responder, not to be nudged.
    const answered = (await loadCurrentAsks(h.app.store, new Date().toISOString())).get(PEOPLE.amira.email);
    expect(answered?.state).toBe('answered');
    expect(answered?.answered).toHaveLength(2);
    expect((await h.app.store.updates.listForAction({ planId: CPC, ref: 'R6.2' })).map((u) => u.kind)).toEqual([
      'import',
      'noChange',
    ]);
  });

  test("someone else cannot update an owner's action, and nothing is written", async () => {
    const report = await runChaseCycle(h.app.chase, 'schedule');
    const before = await h.app.store.updates.listForAction({ planId: CPC, ref: 'R4.2' });
    const reply = await h.clickCard(PEOPLE.ben, 'saveUpdate', {
      planId: CPC,
      ref: 'R4.2',
      rev: 1,
      cycleId: report.cycleId,
      [`status|${key('R4.2')}`]: 'Complete',
    });
    expect(cardText(reply)).toContain('is not one of your actions');
    expect(await h.app.store.updates.listForAction({ planId: CPC, ref: 'R4.2' })).toEqual(before);
    expect((await h.app.store.actions.get({ planId: CPC, ref: 'R4.2' }))?.value.status).toBe('In progress');
  });

  test('a stranger, a made-up action and a malformed click are refused clearly', async () => {
    const stranger = {
      name: 'Visitor',
      email: 'visitor@example.org',
      aadObjectId: 'ffffffff-0000-4000-8000-000000000000',
      id: '29:visitor',
    };
    expect(cardText(await h.clickCard(stranger, 'noChange', { planId: CPC, ref: 'R4.2', rev: 1 }))).toContain(
      'could not match your Teams account',
    );
    // A made-up action reads like someone else's: the answer does not say whether it exists.
    expect(cardText(await h.clickCard(PEOPLE.amira, 'noChange', { planId: CPC, ref: 'R99.9', rev: 1 }))).toContain(
      'R99.9 is not one of your actions',
    );
    expect(cardText(await h.clickCard(PEOPLE.amira, 'deleteEverything', { planId: CPC }))).toContain(
      'nothing was recorded',
    );
    expect(cardText(await h.clickCard(PEOPLE.amira, 'noChange', { planId: CPC, ref: 'R4.2', rev: 'abc' }))).toContain(
      'nothing was recorded',
    );
  });

  test('a click on a card that is out of date shows the current state instead of overwriting it', async () => {
    const report = await runChaseCycle(h.app.chase, 'schedule');
    await h.clickCard(PEOPLE.amira, 'noChange', { planId: CPC, ref: 'R4.2', rev: 1, cycleId: report.cycleId });
    const stale = await h.clickCard(PEOPLE.amira, 'saveUpdate', {
      planId: CPC,
      ref: 'R4.2',
      rev: 1,
      cycleId: report.cycleId,
      [`status|${key('R4.2')}`]: 'Complete',
    });
    expect(cardText(stale)).toContain('R4.2 changed since this card was sent');
    expect((await h.app.store.actions.get({ planId: CPC, ref: 'R4.2' }))?.value.status).toBe('In progress');
  });

  test('"not my action" flags it for the secretariat and it is not chased again until reassigned', async () => {
    const first = await runChaseCycle(h.app.chase, 'schedule');
    const card = await h.clickCard(PEOPLE.ben, 'notMine', {
      planId: 'hr-improvement-plan',
      ref: 'HR2.1',
      rev: 1,
      cycleId: first.cycleId,
    });
    expect(cardText(card)).toContain('The secretariat will reassign HR2.1');
    expect((await h.app.store.actions.get({ planId: 'hr-improvement-plan', ref: 'HR2.1' }))?.value.notMine?.by).toBe(
      PEOPLE.ben.email,
    );
    h.now.value = new Date('2026-11-30T09:00:00Z');
    const next = await runChaseCycle(h.app.chase, 'schedule');
    const prompt = (await h.app.store.prompts.get(next.cycleId, PEOPLE.ben.email))?.value;
    expect(prompt?.actions.map((a) => a.ref)).toEqual(['HR1.2']);
  });

  test('owners who replied in the last days are not chased; the chat command "my actions" gives a fresh card', async () => {
    const first = await runChaseCycle(h.app.chase, 'schedule');
    await h.clickCard(PEOPLE.carys, 'noChange', {
      planId: 'procurement-improvement-plan',
      ref: 'PR1.4',
      rev: 1,
      cycleId: first.cycleId,
    });
    h.now.value = new Date('2026-11-25T10:00:00Z');
    const manual = await runChaseCycle(h.app.chase, 'manual');
    expect((await h.app.store.prompts.get(manual.cycleId, PEOPLE.carys.email))?.value).toMatchObject({
      state: 'skipped',
    });
    expect(h.connector.sentTo(PEOPLE.carys.id)).toHaveLength(1);

    expect(await h.say(PEOPLE.ben, 'my actions')).toBe(200);
    const last = h.connector.sent.at(-1)!;
    expect(cardText(cardOf(last.activity))).toContain('HR1.2');
  });

  test('an owner the bot cannot reach is recorded as unreachable with the reason, not skipped silently', async () => {
    h.connector.faults.push({
      match: (m, p) => m === 'POST' && p.includes(PEOPLE.ben.id) && p.includes('/activities'),
      status: 403,
      body: { error: { code: 'MessageWritesBlocked', message: 'The bot is blocked by the user' } },
    });
    const report = await runChaseCycle(h.app.chase, 'schedule');
    expect(report.unreachable).toBe(1);
    const ben = (await h.app.store.prompts.get(report.cycleId, PEOPLE.ben.email))?.value;
    expect(ben?.state).toBe('unreachable');
    expect(ben?.reason).toContain('403');
    expect((await h.app.store.owners.get(PEOPLE.ben.email))?.value.reachability).toBe('unreachable');
  });
});
