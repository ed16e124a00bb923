import { type Harness, cardOf, cardText, startHarness } from '../support/botHarness';
import { PEOPLE, type Person } from '../support/fixtures';
import { inputKey } from '../../cards/chasePromptCard';

const CPC = 'lga-cpc-action-plan-2023';

describe('away, cover and delegates, end to end over HTTP (Azurite + Bot Connector stand-in)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ at: '2026-11-23T09:00:00Z' }); // a Monday: the weekly cycle's day
    await h.installInTeam();
  });
  afterEach(async () => h.stop());

  const ask = async (p: Person, text: string) => {
    const before = h.connector.sent.length;
    expect(await h.say(p, text)).toBe(200);
    const reply = h.connector.sent.slice(before).at(-1);
    return { text: String(reply?.activity.text ?? ''), card: reply ? cardOf(reply.activity) : undefined };
  };
  const cardsTo = (p: Person) =>
    h.connector
      .sentTo(p.id)
      .filter((s) => cardOf(s.activity))
      .map((s) => cardText(cardOf(s.activity)));
  const lastHistory = async (ref: string) => (await h.app.store.updates.listForAction({ planId: CPC, ref })).at(-1);

  test('away until a date: no prompt or nudge until then, the cover is chased instead and answers for the owner', async () => {
    expect(await h.app.tick()).toMatchObject({ startedCycle: '2026-11-23' });
    h.now.value = new Date('2026-11-23T09:30:00Z');

    // A date in the past and a person the bot cannot identify are refused, and nothing is changed.
    expect((await ask(PEOPLE.amira, 'away until 20/11/2026')).text).toContain(
      'The date you are back (2026-11-20) must be after today (2026-11-23). Nothing was changed.',
    );
    expect((await ask(PEOPLE.amira, 'away until 07/12/2026 cover nobody@example.org')).text).toContain(
      'I cannot identify nobody@example.org in Teams, so nothing was changed.',
    );
    expect((await ask(PEOPLE.amira, 'away until someday')).text).toContain('is not a date like 12/01/2027');
    expect((await h.app.store.owners.get(PEOPLE.amira.email))?.value.away).toBeUndefined();

    const set = await ask(PEOPLE.amira, `away until 07/12/2026 cover ${PEOPLE.ben.email}`);
    expect(set.text).toContain('You are away until Mon, 7 Dec 2026: no prompts or reminders before then');
    expect(set.text).toContain(`${PEOPLE.ben.name} (${PEOPLE.ben.email}) is asked about your 2 open actions instead`);
    expect(
      h.connector.sentTo(PEOPLE.ben.id).some((s) => JSON.stringify(s.activity).includes('named you as cover')),
    ).toBe(true);

    // Two working days on, Ben and Carys are nudged about their unanswered cards; Amira, away, is not.
    const toAmira = h.connector.sentTo(PEOPLE.amira.id).length;
    h.now.value = new Date('2026-11-25T09:00:00Z');
    expect(await h.app.tick()).toMatchObject({ nudged: 2 });
    expect(h.connector.sentTo(PEOPLE.amira.id)).toHaveLength(toAmira);

    // The next Monday: no card for Amira; Ben gets one card with his actions and hers, marked as hers.
    h.now.value = new Date('2026-11-30T09:00:00Z');
    const benCards = cardsTo(PEOPLE.ben).length;
    expect(await h.app.tick()).toMatchObject({ startedCycle: '2026-11-30' });
    expect(h.connector.sentTo(PEOPLE.amira.id)).toHaveLength(toAmira);
    const benCard = cardsTo(PEOPLE.ben).slice(benCards);
    expect(benCard).toHaveLength(1);
    expect(benCard[0]).toContain('R6.2');
    expect(benCard[0]).toContain('HR1.2');
    expect(benCard[0]).toContain(`for ${PEOPLE.amira.name} (${PEOPLE.amira.email})`);
    const toSam = h.connector.sentTo(PEOPLE.sam.id).map((s) => JSON.stringify(s.activity));
    expect(toSam.some((t) => t.includes('have not answered') && t.includes(PEOPLE.amira.email))).toBe(false);

    // Ben answers R6.2 for Amira: the history says by Ben for Amira.
    h.now.value = new Date('2026-11-30T10:00:00Z');
    const key = inputKey({ planId: CPC, ref: 'R6.2' });
    const saved = cardText(
      await h.clickCard(PEOPLE.ben, 'saveUpdate', {
        planId: CPC,
        ref: 'R6.2',
        rev: 1,
        cycleId: '2026-11-30',
        [`status|${key}`]: 'In progress',
        [`rag|${key}`]: 'Amber',
        [`narrative|${key}`]: 'Terms of reference agreed in principle; sign-off at the December meeting.',
      }),
    );
    expect(saved).toContain('R6.2 is recorded for the board');
    expect(await lastHistory('R6.2')).toMatchObject({
      kind: 'update',
      byEmail: PEOPLE.ben.email,
      forEmail: PEOPLE.amira.email,
      rag: 'Amber',
    });
    expect(cardText((await ask(PEOPLE.sam, 'status R6.2')).card)).toContain(
      `by ${PEOPLE.ben.name} (${PEOPLE.ben.email}) for ${PEOPLE.amira.name} (${PEOPLE.amira.email}) · update`,
    );

    // The digest shows she is away beside her actions.
    expect(cardText((await ask(PEOPLE.sam, 'digest')).card)).toContain(
      `${PEOPLE.amira.name} (${PEOPLE.amira.email}) (away until Mon, 7 Dec 2026, cover: ${PEOPLE.ben.name})`,
    );

    // On the day she is back she is prompted again, and Ben no longer about her actions.
    h.now.value = new Date('2026-12-07T09:00:00Z');
    const amiraCards = cardsTo(PEOPLE.amira).length;
    const benBefore = cardsTo(PEOPLE.ben).length;
    expect(await h.app.tick()).toMatchObject({ startedCycle: '2026-12-07' });
    const back = cardsTo(PEOPLE.amira).slice(amiraCards);
    expect(back).toHaveLength(1);
    expect(back[0]).toContain('R4.2');
    expect(cardsTo(PEOPLE.ben).slice(benBefore).join('\n')).not.toContain('R4.2');
  });

  test('a delegate answers for the owner ("by" and "for" both recorded); once revoked, they are refused', async () => {
    expect((await ask(PEOPLE.amira, 'delegate nobody@example.org')).text).toContain(
      'I cannot identify nobody@example.org in Teams',
    );
    expect((await ask(PEOPLE.amira, `delegate ${PEOPLE.amira.email}`)).text).toContain('cannot name yourself');
    expect((await ask(PEOPLE.amira, 'revoke delegate')).text).toBe('You have no delegate.');

    const named = await ask(PEOPLE.amira, `delegate ${PEOPLE.carys.email}`);
    expect(named.text).toContain(
      `${PEOPLE.carys.name} (${PEOPLE.carys.email}) may now answer for you; their answers are recorded "by ${PEOPLE.carys.name} for ${PEOPLE.amira.name}"`,
    );

    const mine = cardText((await ask(PEOPLE.carys, 'my actions')).card);
    expect(mine).toContain('PR1.4');
    expect(mine).toContain('R4.2');
    expect(mine).toContain(`for ${PEOPLE.amira.name} (${PEOPLE.amira.email})`);

    h.now.value = new Date('2026-11-23T10:00:00Z');
    await h.clickCard(PEOPLE.carys, 'noChange', { planId: CPC, ref: 'R4.2', rev: 1 });
    expect(await lastHistory('R4.2')).toMatchObject({
      kind: 'noChange',
      byEmail: PEOPLE.carys.email,
      forEmail: PEOPLE.amira.email,
    });

    expect((await ask(PEOPLE.amira, 'revoke delegate')).text).toBe(
      `${PEOPLE.carys.email} may no longer answer for you.`,
    );
    const key = inputKey({ planId: CPC, ref: 'R6.2' });
    const refused = cardText(
      await h.clickCard(PEOPLE.carys, 'saveUpdate', {
        planId: CPC,
        ref: 'R6.2',
        rev: 1,
        [`status|${key}`]: 'In progress',
        [`rag|${key}`]: 'Green',
      }),
    );
    expect(refused).toContain('R6.2 is not one of your actions, so your change was not recorded');
    expect((await h.app.store.actions.get({ planId: CPC, ref: 'R6.2' }))?.value.revision).toBe(1);
    expect(cardText((await ask(PEOPLE.carys, 'my actions')).card)).not.toContain('R4.2');
  });
});
