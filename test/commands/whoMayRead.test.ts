import { BOARD_TEAM, type Harness, MENTION, cardOf, cardText, startHarness, waitFor } from '../support/botHarness';
import { type CsvRow, PEOPLE, type Person, SEED_ROWS, TENANT, memberOf } from '../support/fixtures';

/**
 * Who may read the board in chat: the secretariat and the members of the board's team. Olu is in the
 * council's tenant and has the app (he opened a chat with the bot) but is not in the board's team; he
 * owns one action (R9.1), which he sees and updates, and nothing else.
 */
const OLU: Person = {
  name: 'Olu Adeyemi',
  email: 'olu.adeyemi@example.org',
  aadObjectId: '0b1c2d3e-0000-4000-8000-00000000e005',
  id: '29:olu',
};
const OLU_ROW: CsvRow = [
  'LGA CPC Action Plan 2023',
  'Recommendation 9: Communications',
  'R9.1',
  'Refresh the internal communications plan.',
  OLU.email,
  '2027-02-26',
  'In progress',
  'Green',
  'Plan drafted.',
];
const REFUSED = /for the board secretariat and the members of the board's team/;
const READS = ['digest', 'preview', 'exceptions', 'overdue', 'status R4.2', 'status R404', 'digest hr'];
const SECRETARIAT_READS = ['export csv', 'export html', 'nonresponders', 'post digest'];

describe('who may read the board in chat (Azurite + Bot Connector stand-in)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ at: '2026-11-27T12:00:00Z', rows: [...SEED_ROWS, OLU_ROW] });
    await h.installInTeam(); // the board team's roster: Amira, Ben, Carys and Sam
    h.connector.members.push(memberOf(OLU)); // in the tenant, not in the board's team
  });
  afterEach(async () => h.stop());

  /** What the bot answered in this conversation to one message. */
  const ask = async (p: Person, text: string) => {
    const before = h.connector.sent.length;
    expect(await h.say(p, text)).toBe(200);
    const reply = h.connector.sent.slice(before).at(-1);
    return { text: String(reply?.activity.text ?? ''), card: reply && cardOf(reply.activity) };
  };
  /** Everything the bot has sent this person in any conversation, as text. */
  const allSentTo = (p: Person) =>
    h.connector.sent
      .filter((s) => s.conversationId === `a:1on1-${p.id}`)
      .map((s) => `${s.activity.text ?? ''} ${cardText(cardOf(s.activity))}`)
      .join('\n');

  test('an outsider who typed "help" once reads nothing of the board: every read command is refused', async () => {
    await ask(OLU, 'help');
    for (const command of READS) {
      const r = await ask(OLU, command);
      expect({ command, text: r.text, card: r.card }).toEqual({
        command,
        text: expect.stringMatching(REFUSED),
        card: undefined,
      });
    }
    for (const command of SECRETARIAT_READS)
      expect((await ask(OLU, command)).text).toContain('is for the board secretariat');
    const seen = allSentTo(OLU);
    for (const secret of ['R6.2', 'HR1.2', 'Partners have not yet agreed', 'complete or on target'])
      expect(seen).not.toContain(secret);
    expect(cardText((await ask(OLU, 'help')).card)).not.toMatch(/^digest/m);
    // Not even whether an action exists: R4.2 and R404 get the same answer, with no "did you mean".
    expect((await ask(OLU, 'status R4.2')).text).toBe((await ask(OLU, 'status R404')).text);
  });

  test('the outsider still sees and updates his own action: my actions, and status of R9.1', async () => {
    const mine = await ask(OLU, 'my actions');
    expect(cardText(mine.card)).toContain('R9.1');
    expect(cardText(mine.card)).not.toContain('R6.2');
    expect(cardText((await ask(OLU, 'status R9.1')).card)).toContain('R9.1: Refresh the internal communications plan.');
    const saved = await h.clickCard(OLU, 'noChange', { planId: 'lga-cpc-action-plan-2023', ref: 'R9.1', rev: 1 });
    expect(cardText(saved)).toContain('R9.1: no change recorded');
  });

  test('a member of the board team reads every view in the 1:1 chat', async () => {
    for (const command of ['digest', 'exceptions', 'overdue', 'preview']) {
      const r = await ask(PEOPLE.ben, command);
      expect({ command, board: cardText(r.card).includes('R6.2') }).toEqual({ command, board: true });
    }
    expect(cardText((await ask(PEOPLE.ben, 'status R6.2')).card)).toContain('R6.2: Refresh the partnership');
    expect(cardText((await ask(PEOPLE.ben, 'help')).card)).toMatch(/^digest/m);
  });

  test('in a group chat: a sender with no identity gets nothing; a member gets the board in their 1:1 chat only', async () => {
    const group = (from: Record<string, unknown>, text: string) =>
      h.post({
        type: 'message',
        id: `g-${text}-${String(from.id)}`,
        channelId: 'msteams',
        serviceUrl: h.connector.url,
        recipient: { id: 'board-chaser-local' },
        text: `<at>Board actions</at> ${text}`,
        entities: [MENTION],
        from,
        conversation: { id: '19:group-chat@thread.v2', conversationType: 'groupChat', tenantId: TENANT },
        channelData: { tenant: { id: TENANT } },
      });
    const inGroup = () => h.connector.sent.filter((s) => s.conversationId === '19:group-chat@thread.v2');
    for (const command of ['digest', 'exceptions', 'overdue', 'status R6.2'])
      await group({ id: '29:guest', name: 'Guest' }, command);
    expect(inGroup().map((s) => s.activity.text)).toEqual(Array(4).fill(expect.stringMatching(REFUSED)));
    expect(inGroup().some((s) => cardOf(s.activity))).toBe(false);

    await group({ id: PEOPLE.ben.id, name: PEOPLE.ben.name, aadObjectId: PEOPLE.ben.aadObjectId }, 'digest');
    expect(String(inGroup().at(-1)?.activity.text)).toContain('I have sent that to you in our 1:1 chat');
    expect(inGroup().some((s) => cardOf(s.activity))).toBe(false);
    await waitFor('the digest in Ben’s 1:1 chat', () =>
      h.connector.sentTo(PEOPLE.ben.id).some((s) => cardText(cardOf(s.activity)).includes('Board digest')),
    );
  });

  test('the roster is kept current: a member who leaves the team is refused, one who joins reads', async () => {
    const update = (change: 'membersAdded' | 'membersRemoved', p: Person) =>
      h.post({
        type: 'conversationUpdate',
        id: `u-${change}-${p.id}`,
        channelId: 'msteams',
        serviceUrl: h.connector.url,
        recipient: { id: 'board-chaser-local' },
        from: { id: PEOPLE.sam.id },
        conversation: { id: BOARD_TEAM.general, conversationType: 'channel', tenantId: TENANT },
        [change]: [{ id: p.id, aadObjectId: p.aadObjectId }],
        channelData: {
          team: { id: BOARD_TEAM.id },
          tenant: { id: TENANT },
          eventType: change === 'membersAdded' ? 'teamMemberAdded' : 'teamMemberRemoved',
        },
      });
    expect((await update('membersRemoved', PEOPLE.ben)).status).toBe(200);
    expect((await ask(PEOPLE.ben, 'digest')).text).toMatch(REFUSED);
    expect((await update('membersAdded', OLU)).status).toBe(200);
    expect(cardText((await ask(OLU, 'digest')).card)).toContain('Board digest');
  });
});

describe('the secretariat is known by Entra object id, in the home tenant only', () => {
  test('SECRETARIAT as an object id counts before any roster is read', async () => {
    const h = await startHarness({ config: { secretariat: [PEOPLE.sam.aadObjectId] } });
    try {
      expect(await h.say(PEOPLE.sam, 'nonresponders')).toBe(200);
      expect(String(h.chatWith(PEOPLE.sam).at(-1)?.text)).toContain('No chase has run yet');
    } finally {
      await h.stop();
    }
  });

  test("someone in another tenant whose roster email is the secretariat's gets nothing at all, and nothing is stored", async () => {
    const h = await startHarness();
    try {
      await h.installInTeam();
      const OTHER = '9a9a9a9a-0000-4000-8000-0000000000bb';
      const impostor: Person = { ...PEOPLE.sam, aadObjectId: '0b1c2d3e-0000-4000-8000-0000000000ee', id: '29:imp' };
      h.connector.members.push({ ...memberOf(impostor), tenantId: OTHER });
      const before = h.connector.sent.length;
      for (const text of ['nonresponders', 'digest', 'add secretariat 0b1c2d3e-0000-4000-8000-0000000000ee']) {
        const m = h.message(impostor, text);
        const r = await h.post({
          ...m,
          conversation: { id: 'a:1on1-imp', conversationType: 'personal', tenantId: OTHER },
          channelData: { tenant: { id: OTHER } },
        });
        expect(r.status).toBe(200);
      }
      expect(h.connector.sent.slice(before)).toEqual([]);
      expect((await h.app.store.owners.get(PEOPLE.sam.email))?.value.aadObjectId).toBe(PEOPLE.sam.aadObjectId);
      expect(await h.app.store.owners.getByAadObjectId(impostor.aadObjectId)).toBeUndefined();
    } finally {
      await h.stop();
    }
  });

  test('a card press from another tenant is refused (403) and records nothing', async () => {
    const h = await startHarness();
    try {
      const OTHER = '9a9a9a9a-0000-4000-8000-0000000000bb';
      const press = h.invoke(PEOPLE.amira, 'noChange', { planId: 'lga-cpc-action-plan-2023', ref: 'R4.2', rev: 1 });
      const r = await h.post({ ...press, channelData: { tenant: { id: OTHER } } });
      expect(r.status).toBe(403);
      const history = await h.app.store.updates.listForAction({ planId: 'lga-cpc-action-plan-2023', ref: 'R4.2' });
      expect(history.map((u) => u.kind)).toEqual(['import']);
    } finally {
      await h.stop();
    }
  });
});
