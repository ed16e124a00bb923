import { type Harness, cardOf, cardText, startHarness } from '../support/botHarness';
import { PEOPLE, type Person } from '../support/fixtures';
import { runChaseCycle } from '../../bot/jobs/chaseCycle';
import { inputKey } from '../../cards/chasePromptCard';

const CPC = 'lga-cpc-action-plan-2023';
const EVIDENCE = 'https://intranet.example.org/delegation/scheme-2026.pdf';

describe('closure by the board, end to end over HTTP (Azurite + Bot Connector stand-in)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ at: '2026-11-27T12:00:00Z' });
    await h.installInTeam();
  });
  afterEach(async () => h.stop());

  const ask = async (p: Person, text: string) => {
    const before = h.connector.sent.length;
    expect(await h.say(p, text)).toBe(200);
    const reply = h.connector.sent.slice(before).at(-1);
    return { text: String(reply?.activity.text ?? ''), card: reply ? cardOf(reply.activity) : undefined };
  };
  const action = async (ref: string) => (await h.app.store.actions.get({ planId: CPC, ref }))?.value;
  /** Amira marks an action Complete on her chase card, with an evidence link. */
  const complete = (ref: string, cycleId: string, evidence = '') => {
    const key = inputKey({ planId: CPC, ref });
    return h.clickCard(PEOPLE.amira, 'saveUpdate', {
      planId: CPC,
      ref,
      rev: 1,
      cycleId,
      [`status|${key}`]: 'Complete',
      [`narrative|${key}`]: 'Done.',
      [`evidence|${key}`]: evidence,
    });
  };

  test('an owner\'s "Complete" awaits closure; the secretariat closes several at once or returns one with a reason', async () => {
    const cycle = await runChaseCycle(h.app.chase, 'manual');
    h.now.value = new Date('2026-11-27T12:30:00Z');

    // An evidence link that is not https is refused on the card, and nothing is written.
    const refused = cardText(await complete('R4.2', cycle.cycleId, 'http://intranet.example.org/scheme.pdf'));
    expect(refused).toContain('Give an evidence link that starts with https://.');
    expect((await action('R4.2'))?.revision).toBe(1);

    const saved = cardText(await complete('R4.2', cycle.cycleId, EVIDENCE));
    expect(saved).toContain('✓ Complete, awaiting closure');
    await complete('R6.2', cycle.cycleId);
    expect(await action('R4.2')).toMatchObject({
      status: 'Complete',
      evidenceUrl: EVIDENCE,
      closure: { state: 'awaiting', by: PEOPLE.amira.email },
    });

    // The digest lists proposed for closure apart from closed, and says what "complete" counts.
    const before = cardText((await ask(PEOPLE.ben, 'digest')).card);
    expect(before).toContain('Proposed for closure (complete, awaiting the board) (2)');
    expect(before).toContain('Nothing closed this week.');
    expect(before).toMatch(/✓ Complete\n3 \(2 awaiting closure\)/);
    expect(before).toContain('66.7% complete or on target'); // (3 complete + PR1.4 green) / 6
    expect(before).toContain('closed by the board and proposed for closure alike');

    // Only the secretariat closes.
    expect((await ask(PEOPLE.amira, 'close R4.2')).text).toContain('is for the board secretariat');
    expect((await action('R4.2'))?.closure?.state).toBe('awaiting');

    h.now.value = new Date('2026-11-27T14:00:00Z');
    const closed = (await ask(PEOPLE.sam, 'close R4.2, R2.1 R9.9')).text;
    expect(closed).toContain('Closed 1 of 3');
    expect(closed).toContain('- R4.2: closed by the board.');
    expect(closed).toContain('- R2.1: not closed. R2.1 is not awaiting closure: it is already closed.');
    expect(closed).toContain('- R9.9: not closed. There is no action R9.9');
    expect(await action('R4.2')).toMatchObject({
      closure: { state: 'closed', by: PEOPLE.sam.email, at: '2026-11-27T14:00:00.000Z' },
    });
    const history = await h.app.store.updates.listForAction({ planId: CPC, ref: 'R4.2' });
    expect(history.at(-1)).toMatchObject({ kind: 'close', byEmail: PEOPLE.sam.email, status: 'Complete' });
    expect(h.connector.sentTo(PEOPLE.amira.id).some((s) => JSON.stringify(s.activity).includes('closed R4.2'))).toBe(
      true,
    );
    expect((await ask(PEOPLE.sam, 'close R4.2')).text).toContain('R4.2 is not awaiting closure: it is already closed.');

    // A return needs a reason; with one, the action is open again as it was (In progress, Red) and the owner is told.
    expect((await ask(PEOPLE.sam, 'return R6.2')).text).toContain('"return" needs a reason');
    const returned = (await ask(PEOPLE.sam, 'return R6.2 Partners have not signed the terms of reference yet.')).text;
    expect(returned).toContain(`R6.2 is returned to ${PEOPLE.amira.email} and is In progress again`);
    expect(await action('R6.2')).toMatchObject({ status: 'In progress', rag: 'Red', closure: undefined });
    expect(
      h.connector
        .sentTo(PEOPLE.amira.id)
        .some((s) =>
          JSON.stringify(s.activity).includes('Reason: Partners have not signed the terms of reference yet.'),
        ),
    ).toBe(true);

    const after = cardText((await ask(PEOPLE.ben, 'digest')).card);
    expect(after).toContain('Closed this week (1)');
    expect(after).toContain('Nothing awaiting closure.');
    expect(after).toContain('■ Red (off track) · R6.2');

    // The status card shows the closure, the evidence and the return in the history.
    const r42 = cardText((await ask(PEOPLE.ben, 'status R4.2')).card);
    expect(r42).toContain('✓ Closed by the board');
    expect(r42).toContain(`Evidence: ${EVIDENCE}`);
    expect(r42).toContain('closed by the board');
    expect(cardText((await ask(PEOPLE.ben, 'status R6.2')).card)).toContain(
      'returned to the owner: Partners have not signed the terms of reference yet.',
    );

    // A returned action is chased again in the next cycle; a closed one is not.
    h.now.value = new Date('2026-11-30T09:00:00Z');
    const sentBefore = h.connector.sentTo(PEOPLE.amira.id).length;
    await runChaseCycle(h.app.chase, 'manual', undefined, (e) => e === PEOPLE.amira.email);
    const card = cardText(cardOf(h.connector.sentTo(PEOPLE.amira.id).slice(sentBefore).at(-1)!.activity));
    expect(card).toContain('R6.2');
    expect(card).not.toContain('R4.2');
  });
});
