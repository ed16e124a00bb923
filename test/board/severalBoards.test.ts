import { importPlanRows } from '../../bot/import/importPlan';
import { parsePlanCsv } from '../../bot/import/planCsv';
import { runChaseCycle } from '../../bot/jobs/chaseCycle';
import { inputKey } from '../../cards/chasePromptCard';
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
import { type CsvRow, OUTSIDERS, PEOPLE, type Person, memberOf, planCsv } from '../support/fixtures';

const BOARDS = [
  { id: 'tab', name: 'Transformation Advisory Board', secretariat: [PEOPLE.sam.email] },
  { id: 'children', name: "Children's Improvement Board", secretariat: [PEOPLE.carys.email] },
];
const CHILDREN_TEAM: Team = {
  id: '19:children-team@thread.tacv2',
  name: "Children's Improvement Board",
  general: '19:children-general@thread.tacv2',
};
/** The children's board's plan (from an Ofsted-style improvement plan): Amira owns actions on both boards. */
const CHILDREN_ROWS: CsvRow[] = [
  [
    "Children's Services Improvement Plan",
    'Priority 1: Practice',
    'C1.1',
    'Embed the practice framework in every social work team.',
    PEOPLE.amira.email,
    '29/01/2027',
    'In progress',
    'Amber',
    'Training is half done.',
  ],
  [
    "Children's Services Improvement Plan",
    'Priority 2: Workforce',
    'C2.1',
    'Bring agency social workers under 15% of the workforce.',
    PEOPLE.ben.email,
    '31/03/2027',
    'In progress',
    'Red',
    'Agency use is at 24%.',
  ],
];

/** Two boards in one deployment and one store: each its own plans, secretariat, team, channel and digest. */
describe('several boards in one deployment (Azurite + Bot Connector stand-in)', () => {
  let h: Harness;
  const everyone = [PEOPLE.amira, PEOPLE.ben, PEOPLE.carys, PEOPLE.sam].map(memberOf);
  beforeEach(async () => {
    h = await startHarness({ at: '2026-11-27T12:00:00Z', boards: BOARDS });
    await importPlanRows(h.app.boards[1].store, parsePlanCsv(planCsv(CHILDREN_ROWS)).rows, h.now.value);
    // The board teams: Sam's with Amira and Ben; Carys's with Ben.
    h.connector.members = [PEOPLE.amira, PEOPLE.ben, PEOPLE.sam].map(memberOf);
    await h.installInTeam();
    h.connector.members = [PEOPLE.carys, PEOPLE.ben].map(memberOf);
    await h.addToTeam(CHILDREN_TEAM);
    const { confirmed } = await h.makeBoardChannel(PEOPLE.carys, CHILDREN_TEAM);
    expect(cardText(confirmed)).toContain('This is the board channel');
    h.connector.members = everyone;
  });
  afterEach(async () => h.stop());

  const say = async (p: Person, text: string) => {
    expect(await h.say(p, text)).toBe(200);
    return String(h.chatWith(p).at(-1)?.text ?? '');
  };

  const digestsIn = (team: Team) =>
    h.connector.sent
      .filter((s) => s.conversationId.split(';')[0] === team.general && cardOf(s.activity))
      .map((s) => cardText(cardOf(s.activity)))
      .filter((t) => t.includes('Board digest'));

  test("each board's channel gets its own digest, and only its own plans' actions", async () => {
    expect(await h.app.boards[0].commands.access.channel()).toMatchObject({ teamId: BOARD_TEAM.id });
    expect(await h.app.boards[1].commands.access.channel()).toMatchObject({ teamId: CHILDREN_TEAM.id });
    expect(await say(PEOPLE.sam, 'post digest')).toContain('Posting the digest to the board channel now');
    await waitFor("the board's digest", () => digestsIn(BOARD_TEAM).length === 1);
    expect(await say(PEOPLE.carys, 'post digest')).toContain('Posting the digest to the board channel now');
    await waitFor("the children's board's digest", () => digestsIn(CHILDREN_TEAM).length === 1);
    const [board] = digestsIn(BOARD_TEAM);
    const [children] = digestsIn(CHILDREN_TEAM);
    expect(board).toContain('R6.2'); // Red on the board's plan
    expect(board).not.toMatch(/C1\.1|C2\.1|Children's Services/);
    expect(children).toContain('C2.1'); // Red on the children's plan
    expect(children).not.toMatch(/R6\.2|R4\.2|LGA CPC/);
    // A third team installing the app changes neither board's channel, and gets no digest.
    expect((await h.addToTeam(OTHER_TEAM)).status).toBe(200);
    expect(await h.app.boards[0].commands.access.channel()).toMatchObject({ teamId: BOARD_TEAM.id });
    expect(await h.app.boards[1].commands.access.channel()).toMatchObject({ teamId: CHILDREN_TEAM.id });
    expect(await h.app.boards[0].postDigest()).toBe('posted'); // Friday: the weekly digest
    expect(digestsIn(BOARD_TEAM)).toHaveLength(2);
    expect(digestsIn(CHILDREN_TEAM)).toHaveLength(1);
    expect(digestsIn(OTHER_TEAM)).toEqual([]);
  });

  test('erasing a person erases them from every board, or refuses while they own an open action on any', async () => {
    const done = (plan: string, ref: string): CsvRow => [
      plan,
      'Closed actions',
      ref,
      'Agree the interim arrangements.',
      OUTSIDERS.dana.email,
      '30/09/2026',
      'Complete',
      'Green',
      'Agreed by the board in September.',
    ];
    await importPlanRows(h.app.boards[0].store, parsePlanCsv(planCsv([done('Interim plan', 'X1')])).rows, h.now.value);
    const childrenRows = [done("Children's Services Improvement Plan", 'C9.1')];
    const open: CsvRow = [...childrenRows[0]];
    open[2] = 'C9.2';
    open[6] = 'In progress';
    await importPlanRows(h.app.boards[1].store, parsePlanCsv(planCsv([...childrenRows, open])).rows, h.now.value);
    expect(await say(PEOPLE.sam, `erase person ${OUTSIDERS.dana.email}`)).toContain('on another board');
    const named = async (i: number) =>
      JSON.stringify(await h.app.boards[i].store.actions.listAll()).includes(OUTSIDERS.dana.email);
    expect([await named(0), await named(1)]).toEqual([true, true]); // refused: nothing erased
    await importPlanRows(
      h.app.boards[1].store,
      parsePlanCsv(planCsv([open.map((v, i) => (i === 6 ? 'Complete' : v)) as CsvRow])).rows,
      h.now.value,
    );
    expect(await say(PEOPLE.sam, `erase person ${OUTSIDERS.dana.email}`)).toContain('Done');
    expect([await named(0), await named(1)]).toEqual([false, false]);
    const history = await h.app.boards[1].store.updates.listForAction({
      planId: (await h.app.boards[1].store.actions.listAll()).find((a) => a.ref === 'C9.1')?.planId ?? '',
      ref: 'C9.1',
    });
    expect(JSON.stringify(history)).not.toContain('dana');
  });

  test("commands answer from the asker's board only, both ways", async () => {
    expect(await say(PEOPLE.sam, 'status R6.2')).toBe(''); // a card: R6.2 is the board's
    expect(cardText(cardOf(h.chatWith(PEOPLE.sam).at(-1) ?? {}))).toContain('R6.2');
    expect(await say(PEOPLE.sam, 'status C1.1')).toMatch(/no action|not find|I can't find/i);
    // Carys is the children's board's secretariat and owns an action on the other: she is asked, not guessed for.
    expect(await say(PEOPLE.carys, 'status R6.2')).toContain('You are on 2 boards');
    expect(await say(PEOPLE.carys, 'use children')).toContain("now for Children's Improvement Board");
    expect(await say(PEOPLE.carys, 'status R6.2')).toMatch(/no action|not find|I can't find/i);
    await say(PEOPLE.carys, 'status C1.1');
    expect(cardText(cardOf(h.chatWith(PEOPLE.carys).at(-1) ?? {}))).toContain('C1.1');
    // In the children's board's channel, Sam is no secretariat: its secretariat commands are refused.
    const refused = await h.inChannel(PEOPLE.sam, CHILDREN_TEAM, 'nonresponders');
    expect(refused?.text).toContain('is for the board secretariat');
    // Carys's digest in her 1:1 is her board's.
    await say(PEOPLE.carys, 'digest');
    const digest = cardText(cardOf(h.chatWith(PEOPLE.carys).at(-1) ?? {}));
    expect(digest).toContain('C2.1');
    expect(digest).not.toContain('R6.2');
  });

  test("an export link serves its own board's actions, and cannot be turned to the other board", async () => {
    const text = await say(PEOPLE.carys, 'export csv');
    const link = /https?:\/\/\S+/.exec(text)?.[0] ?? '';
    expect(link).toContain('board=children');
    const csv = await (await fetch(link)).text();
    expect(csv).toContain('C1.1');
    expect(csv).not.toContain('R6.2');
    const turned = await fetch(link.replace('board=children', 'board=tab'));
    expect(turned.status).toBe(403);
    const none = await fetch(link.replace('board=children&', ''));
    expect(none.status).toBe(403);
  });

  test("the tab answers for the board the page names, to that board's readers only, both ways", async () => {
    const register = (as: Person, board: string) =>
      fetch(`${h.app.url}/api/tab/register`, { headers: { 'x-board-as': as.email, 'x-board': board } });
    const refs = async (r: Response) => ((await r.json()) as { rows: { ref: string }[] }).rows.map((x) => x.ref).sort();
    const samOnBoard = await register(PEOPLE.sam, 'tab');
    expect(samOnBoard.status).toBe(200);
    expect(await refs(samOnBoard)).toEqual(expect.arrayContaining(['R4.2', 'R6.2']));
    expect(await refs(await register(PEOPLE.carys, 'children'))).toEqual(['C1.1', 'C2.1']);
    expect((await register(PEOPLE.sam, 'children')).status).toBe(403);
    expect((await register(PEOPLE.carys, 'tab')).status).toBe(403);
    expect((await register(PEOPLE.sam, 'nosuch')).status).toBe(404);
    // A channel tab names its channel: the board whose channel it is answers, whoever is looking.
    const inChildrenChannel = (as: Person) =>
      fetch(`${h.app.url}/api/tab/register`, {
        headers: { 'x-board-as': as.email, 'x-board-channel': CHILDREN_TEAM.general },
      });
    expect(await refs(await inChildrenChannel(PEOPLE.carys))).toEqual(['C1.1', 'C2.1']);
    expect((await inChildrenChannel(PEOPLE.sam)).status).toBe(403);
    // No board named: the board the person chose in chat.
    expect(await say(PEOPLE.carys, 'use children')).toContain("now for Children's Improvement Board");
    const me = (await (
      await fetch(`${h.app.url}/api/tab/me`, { headers: { 'x-board-as': PEOPLE.carys.email } })
    ).json()) as { board: unknown; boards: { id: string }[] };
    expect(me.board).toEqual({ id: 'children', name: "Children's Improvement Board" });
    expect(me.boards.map((b: { id: string }) => b.id)).toEqual(['tab', 'children']);
  });

  test('an owner on both boards gets one card per board, and an answer on a card is recorded on its board', async () => {
    h.now.value = new Date('2026-11-30T09:00:00Z'); // Monday: chase day
    await runChaseCycle(h.app.boards[0].chase, 'schedule');
    await runChaseCycle(h.app.boards[1].chase, 'schedule');
    const cards = h.connector.sentTo(PEOPLE.amira.id).map((s) => cardOf(s.activity));
    expect(cards).toHaveLength(2);
    const children = cards.find((c) => cardText(c).includes('C1.1'));
    expect(cardText(children)).not.toContain('R4.2');
    const save = JSON.stringify(children).match(/"verb":"saveUpdate","data":(\{[^}]*\})/);
    const data = JSON.parse(save?.[1] ?? '{}');
    expect(data).toMatchObject({ board: 'children', ref: 'C1.1' });
    const k = inputKey({ planId: data.planId, ref: 'C1.1' });
    const answered = await h.clickCard(PEOPLE.amira, 'saveUpdate', {
      ...data,
      [`status|${k}`]: 'In progress',
      [`rag|${k}`]: 'Green',
      [`narrative|${k}`]: 'Every team trained by the end of January.',
      [`percent|${k}`]: '70',
    });
    expect(cardText(answered)).toContain('C1.1 is recorded');
    const c11 = { planId: data.planId, ref: 'C1.1' };
    expect((await h.app.boards[1].store.actions.get(c11))?.value.rag).toBe('Green');
    expect(await h.app.boards[0].store.actions.get(c11)).toBeUndefined();
    // Amira is on two boards: asked which one her commands are for, then kept to her choice.
    expect(await say(PEOPLE.amira, 'my actions')).toContain('You are on 2 boards');
    expect(await say(PEOPLE.amira, 'use children')).toContain("Children's Improvement Board");
    await say(PEOPLE.amira, 'my actions');
    const mine = cardText(cardOf(h.chatWith(PEOPLE.amira).at(-1) ?? {}));
    expect(mine).toContain('C1.1');
    expect(mine).not.toContain('R4.2');
  });
});
