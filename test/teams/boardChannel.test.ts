import {
  BOARD_TEAM,
  type Harness,
  OTHER_TEAM,
  type Team,
  cardOf,
  cardText,
  startHarness,
  waitFor,
} from '../support/botHarness';
import { PEOPLE, type Person, TENANT, memberOf } from '../support/fixtures';

/** The board channel is chosen on purpose by the secretariat; installing the app in a team changes nothing. */
describe('the board channel (Azurite + Bot Connector stand-in)', () => {
  let h: Harness;
  beforeEach(async () => (h = await startHarness({ at: '2026-11-27T12:00:00Z' })));
  afterEach(async () => h.stop());

  /** Posts in a team's channel that have a card, new threads and replies alike. */
  const cardsIn = (team: Team) =>
    h.connector.sent.filter((s) => s.conversationId.split(';')[0] === team.general && cardOf(s.activity));
  const digestsIn = (team: Team) => cardsIn(team).filter((s) => cardText(cardOf(s.activity)).includes('Board digest'));
  const say = async (p: Person, text: string) => {
    expect(await h.say(p, text)).toBe(200);
    return String(h.chatWith(p).at(-1)?.text ?? '');
  };

  test("a second team's install does not steal the digest: it is posted in the board channel only", async () => {
    await h.installInTeam();
    h.connector.members.push(memberOf({ ...PEOPLE.carys, id: '29:comms-lead', aadObjectId: 'c0c0c0c0-1' }));
    expect((await h.addToTeam(OTHER_TEAM)).status).toBe(200);
    expect(await say(PEOPLE.sam, 'post digest')).toContain('Posting the digest to the board channel now');
    await waitFor('the digest posted', () => digestsIn(BOARD_TEAM).length + digestsIn(OTHER_TEAM).length === 1);
    expect({ board: digestsIn(BOARD_TEAM).length, other: digestsIn(OTHER_TEAM).length }).toEqual({
      board: 1,
      other: 0,
    });
    // The other team was told, once, what the app does.
    const hello = h.connector.sent.filter((s) => s.conversationId === OTHER_TEAM.general).map((s) => s.activity.text);
    expect(hello).toEqual([expect.stringContaining('adding me here changes nothing of that')]);
  });

  test('installing alone makes no board channel: no digest anywhere, and the team is told how to choose one', async () => {
    await h.installInTeam({ board: false });
    const hello = h.connector.sent.filter((s) => s.conversationId === BOARD_TEAM.general).map((s) => s.activity.text);
    expect(hello).toEqual([expect.stringContaining('"make this the board channel"')]);
    await h.addToTeam(BOARD_TEAM); // Teams sends the install again on a reload: no second hello
    expect(h.connector.sent.filter((s) => s.conversationId === BOARD_TEAM.general)).toHaveLength(1);
    expect(await say(PEOPLE.sam, 'post digest')).toContain('There is no board channel yet');
    expect(await h.app.postDigest()).toBe('no channel'); // Friday 27 November: digest day
    expect(await h.app.postDigest()).toBe('no channel');
    const told = h.connector
      .sentTo(PEOPLE.sam.id)
      .filter((s) => /was not posted: there is no board channel yet/.test(s.activity.text ?? ''));
    expect(told).toHaveLength(1); // once a week, not at every tick
    expect(digestsIn(BOARD_TEAM)).toEqual([]);
  });

  test('made on purpose: the secretariat asks in the channel, gets Confirm and Cancel, and only the secretariat can press them', async () => {
    await h.installInTeam({ board: false });
    const asked = await h.inChannel(PEOPLE.sam, BOARD_TEAM, 'make this the board channel');
    const card = cardOf(asked ?? {});
    expect(cardText(card)).toContain('Make this the board channel?');
    expect(card.actions.map((a: { verb: string; title: string }) => `${a.title}:${a.verb}`)).toEqual([
      'Confirm:confirmBoardChannel',
      'Cancel:cancelBoardChannel',
    ]);
    const thread = { id: `${BOARD_TEAM.general};messageid=x`, conversationType: 'channel', tenantId: TENANT };
    const press = async (p: Person, verb: string, data: Record<string, unknown>) =>
      (
        await h.post({
          ...h.invoke(p, verb, data),
          conversation: thread,
          channelData: {
            team: { id: BOARD_TEAM.id, name: BOARD_TEAM.name },
            channel: { id: BOARD_TEAM.general },
            tenant: { id: TENANT },
          },
        })
      ).body?.value;
    const confirm = card.actions[0].data;
    expect(cardText(await press(PEOPLE.ben, 'confirmBoardChannel', confirm))).toContain(
      'Only the board secretariat can choose the board channel',
    );
    expect(cardText(await press(PEOPLE.sam, 'cancelBoardChannel', {}))).toContain('Nothing changed');
    expect(cardText(await press(PEOPLE.sam, 'confirmBoardChannel', { teamId: BOARD_TEAM.id }))).toContain(
      'did not send what I expected',
    );
    expect(cardText(await press(PEOPLE.sam, 'confirmBoardChannel', { ...confirm, teamId: OTHER_TEAM.id }))).toContain(
      'belongs to another channel',
    );
    expect(await h.app.commands.access.channel()).toBeUndefined();
    // Asked anywhere but a channel, or by anyone else, nothing is offered.
    expect(await say(PEOPLE.sam, 'make this the board channel')).toContain('Say this in the channel');
    expect(cardOf((await h.inChannel(PEOPLE.ben, BOARD_TEAM, 'make this the board channel')) ?? {})).toBeUndefined();

    const done = await press(PEOPLE.sam, 'confirmBoardChannel', confirm);
    expect(cardText(done)).toMatch(/This is the board channel[\s\S]*The 4 people in this team can read the board/);
    expect((await h.app.commands.access.channel())?.teamId).toBe(BOARD_TEAM.id);
  });

  test('moved later to another team: the digest follows, readers are the new team, and each change is recorded', async () => {
    await h.installInTeam();
    expect(await say(PEOPLE.ben, 'digest')).toBe(''); // a card: Ben is in the board's team
    h.connector.members = [memberOf(PEOPLE.sam), memberOf(PEOPLE.carys)]; // the Comms team's roster
    await h.addToTeam(OTHER_TEAM);
    const { asked, confirmed } = await h.makeBoardChannel(PEOPLE.sam, OTHER_TEAM);
    expect(cardText(cardOf(asked ?? {}))).toContain(`The digest is posted in ${BOARD_TEAM.name} now`);
    expect(cardText(confirmed)).toContain(`it was posted in ${BOARD_TEAM.name} until now`);
    expect(await say(PEOPLE.ben, 'digest')).toMatch(/members of the board's team/);
    expect(await say(PEOPLE.sam, 'post digest')).toContain('Posting');
    await waitFor('the digest posted', () => digestsIn(OTHER_TEAM).length === 1);
    // Sam is told once it is posted; that word comes after the post, so wait for it before asking again.
    await waitFor('Sam told', () => h.chatWith(PEOPLE.sam).some((a) => /Posted the digest/.test(String(a.text))));
    expect(digestsIn(BOARD_TEAM)).toEqual([]);
    const log = await say(PEOPLE.sam, 'secretariat');
    expect(log).toMatch(
      new RegExp(`2026-11-27 12:00 UTC, ${reEscape(PEOPLE.sam.name)}: made ${BOARD_TEAM.name} .* the board channel`),
    );
    expect(log).toMatch(new RegExp(`${reEscape(PEOPLE.sam.name)}: moved the board channel to Comms`));
  });
});

describe('the secretariat, managed in Teams', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ at: '2026-11-27T12:00:00Z' });
    await h.installInTeam();
  });
  afterEach(async () => h.stop());
  const say = async (p: Person, text: string) => {
    expect(await h.say(p, text)).toBe(200);
    return String(h.chatWith(p).at(-1)?.text ?? '');
  };

  test('the first from SECRETARIAT adds another; never the last one removed; each change recorded (who, when)', async () => {
    expect(await say(PEOPLE.ben, `add secretariat ${PEOPLE.ben.email}`)).toContain('is for the board secretariat');
    expect(await say(PEOPLE.sam, 'add secretariat nobody@example.org')).toContain('I have not met nobody@example.org');
    expect(await say(PEOPLE.sam, `add secretariat ${PEOPLE.ben.email}`)).toContain(
      'Ben Okafor is now in the board secretariat (2 members)',
    );
    expect(await say(PEOPLE.sam, `add secretariat ${PEOPLE.ben.aadObjectId}`)).toContain(
      'already in the board secretariat',
    );
    expect(await say(PEOPLE.ben, 'nonresponders')).toContain('No chase has run yet');
    expect(await say(PEOPLE.ben, `remove secretariat ${PEOPLE.sam.email}`)).toContain(
      'is no longer in the board secretariat',
    );
    expect(await say(PEOPLE.sam, 'nonresponders')).toContain('is for the board secretariat');
    expect(await say(PEOPLE.ben, `remove secretariat ${PEOPLE.ben.email}`)).toContain(
      'is the last member of the board secretariat, so cannot be removed',
    );
    const changes = await h.app.commands.access.changes();
    expect(changes.map((c) => `${c.at} ${c.byName}: ${c.what}`)).toEqual([
      expect.stringMatching(/Sam Patel .*: made .* the board channel/),
      `2026-11-27T12:00:00.000Z ${PEOPLE.sam.name}: added Ben Okafor (${PEOPLE.ben.aadObjectId}) to the secretariat`,
      `2026-11-27T12:00:00.000Z ${PEOPLE.ben.name}: removed Sam Patel (secretariat) (${PEOPLE.sam.aadObjectId}) from the secretariat`,
    ]);
  });
});

const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
