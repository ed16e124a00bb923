import { runChaseCycle } from '../../bot/jobs/chaseCycle';
import { type Harness, cardOf, cardText, startHarness } from '../support/botHarness';
import { type CsvRow, OUTSIDERS, PEOPLE, type Person, SEED_ROWS, TENANT, memberOf } from '../support/fixtures';
import { GraphStandIn, directoryUserOf } from '../support/graphStandIn';

const CPC = 'lga-cpc-action-plan-2023';
const { dana, erin } = OUTSIDERS;
const row = (ref: string, owner: Person, title: string): CsvRow => [
  'LGA CPC Action Plan 2023',
  'Recommendation 9: Make the best use of the council estate',
  ref,
  title,
  owner.email,
  '2027-02-26',
  'In progress',
  'Amber',
  'Condition surveys of the civic buildings are two months behind.',
];
const ROWS = [
  ...SEED_ROWS,
  row('R9.1', dana, 'Refresh the asset management strategy.'),
  row('R9.2', erin, 'Dispose of surplus depots.'),
];

describe('an owner in no roster, reached through Microsoft Graph (Graph, Entra ID and Bot Connector stand-ins, Azurite)', () => {
  let h: Harness;
  let graph: GraphStandIn;
  /** What the bot sent into the chat Graph created for this person. */
  const graphChat = (p: Person) =>
    h.connector.sent.filter((s) => s.conversationId === GraphStandIn.chatIdOf(p.aadObjectId));
  const toSam = () => h.chatWith(PEOPLE.sam).map((a) => String(a.text ?? ''));

  const start = async (withGraph: boolean) => {
    graph = await new GraphStandIn().start();
    graph.users = [...Object.values(PEOPLE), dana, erin].map(directoryUserOf);
    h = await startHarness({ rows: ROWS, graph: withGraph ? graph : undefined });
    await h.installInTeam();
    // Teams knows them (they are in the tenant), but they are not in the board's team: the roster read missed them.
    h.connector.members.push(memberOf(dana), memberOf(erin));
  };
  afterEach(async () => {
    await h.stop();
    await graph.stop();
  });

  test('is found by email, the app installed for them, and prompted once in the chat Graph created', async () => {
    await start(true);
    const report = await runChaseCycle(h.app.chase, 'schedule');
    expect(report).toMatchObject({ prompted: 5, unreachable: 0, failed: 0 });
    expect(graph.graphCalls('POST', /\/users\/[^/]+\/teamwork\/installedApps$/)).toBe(2);

    const cards = graphChat(dana);
    expect(cards).toHaveLength(1);
    const text = cardText(cardOf(cards[0].activity));
    expect(text).toContain('R9.1');
    expect(text).not.toContain('R9.2'); // Erin's
    // Nobody in the roster was installed for: they were reachable already.
    expect(graph.installed.has(`${PEOPLE.amira.aadObjectId}|${graph.config().catalogAppId}`)).toBe(false);

    const owner = (await h.app.store.owners.get(dana.email))?.value;
    expect(owner).toMatchObject({ aadObjectId: dana.aadObjectId, reachability: 'reachable', tenantId: TENANT });
    expect(owner?.conversation).toContain(GraphStandIn.chatIdOf(dana.aadObjectId));

    // The same cycle again (a resumed tick): nothing more for her, and Graph is not asked again.
    const posts = graph.requests.length;
    await runChaseCycle(h.app.chase, 'schedule', report.cycleId);
    expect(graphChat(dana)).toHaveLength(1);
    expect(graph.requests.length).toBe(posts);

    // Her answer is recorded like anyone's: the bot knows her by her Entra object id.
    const done = await h.clickCard(dana, 'noChange', { planId: CPC, ref: 'R9.1', rev: 1, cycleId: report.cycleId });
    expect(cardText(done)).toContain('Thank you: your update is recorded');
    expect(toSam().some((t) => t.includes('could not reach'))).toBe(false);
  });

  test('Teams telling the bot of the install mid-chase: one welcome, one card, in one chat', async () => {
    await start(true);
    graph.onInstall = async (user, chatId) => {
      if (user.id !== dana.aadObjectId) return;
      const r = await h.post({
        type: 'installationUpdate',
        action: 'add',
        id: `install-${user.id}`,
        channelId: 'msteams',
        serviceUrl: h.connector.url,
        timestamp: new Date().toISOString(),
        from: { id: dana.id, aadObjectId: dana.aadObjectId, name: dana.name },
        recipient: { id: 'board-chaser-local', name: 'Board actions' },
        conversation: { id: chatId, conversationType: 'personal', tenantId: TENANT },
        channelData: { tenant: { id: TENANT } },
      });
      expect(r.status).toBeLessThan(300);
    };
    await runChaseCycle(h.app.chase, 'schedule');
    const inChat = graphChat(dana).map((s) => s.activity);
    expect(inChat.filter((a) => a.attachments?.length)).toHaveLength(1);
    expect(inChat.filter((a) => String(a.text ?? '').startsWith('Hello Dana'))).toHaveLength(1);
    expect(h.connector.sent.filter((s) => s.conversationId.includes(dana.aadObjectId))).toHaveLength(2);
  });

  test('each Graph refusal reaches the secretariat with its reason and what to do; the others are still prompted', async () => {
    await start(true);
    graph.users = graph.users.filter((u) => u.id !== dana.aadObjectId); // no such user
    graph.faults.push({
      match: (m, p) => m === 'POST' && p === `/v1.0/users/${erin.aadObjectId}/teamwork/installedApps`,
      status: 403,
      body: { error: { code: 'Forbidden', message: 'Missing role permissions on the request.' } },
    });
    const report = await runChaseCycle(h.app.chase, 'schedule');
    expect(report).toMatchObject({ prompted: 3, unreachable: 2 });
    expect(graphChat(dana)).toHaveLength(0);
    expect(graphChat(erin)).toHaveLength(0);

    const told = toSam().find((t) => t.includes('could not reach 2 owners'));
    expect(told).toContain(`${dana.email}: no one with the address ${dana.email} in the organisation's directory`);
    expect(told).toContain("What to do: check the owner's email in the plan");
    expect(told).toContain(`${erin.email}: Microsoft Graph refused to install the app for them (403, no admin consent`);
    expect(told).toContain("What to do: ask an Entra admin to grant admin consent to the bot's app");

    // And wherever unreachable owners are listed: nonresponders, and the owner's record the digest reads.
    await h.say(PEOPLE.sam, 'nonresponders');
    const listed = toSam().at(-1);
    expect(listed).toContain(`${erin.email}: cannot be reached (Microsoft Graph refused to install the app`);
    expect((await h.app.store.owners.get(dana.email))?.value.unreachableReason).toContain('What to do:');

    // Consent granted and the address fixed: the next cycle reaches them.
    graph.users.push(directoryUserOf(dana));
    const next = await runChaseCycle(h.app.chase, 'manual');
    expect(next.unreachable).toBe(0);
    expect(graphChat(dana)).toHaveLength(1);
    expect(graphChat(erin)).toHaveLength(1);
  });

  test('Graph throttling or down: nothing is sent, nobody is called unreachable, and the next tick prompts once', async () => {
    await start(true);
    for (let i = 0; i < 3; i++)
      graph.faults.push({
        match: (m, p) => m === 'GET' && p === `/v1.0/users/${dana.email}`,
        status: 503,
        headers: { 'retry-after': '0' },
      });
    const report = await runChaseCycle(h.app.chase, 'schedule');
    expect(report).toMatchObject({ prompted: 4, unreachable: 0 });
    const prompt = (await h.app.store.prompts.get(report.cycleId, dana.email))?.value;
    expect(prompt).toMatchObject({ state: 'pending' });
    expect(prompt?.reason).toContain('could not be installed for them through Microsoft Graph yet');
    expect(graphChat(dana)).toHaveLength(0);

    await runChaseCycle(h.app.chase, 'schedule', report.cycleId);
    expect(graphChat(dana)).toHaveLength(1);
    expect(graphChat(erin)).toHaveLength(1);
  });

  test('an ambiguous failure of the card itself is never resent, even though Graph would install again', async () => {
    await start(true);
    const chat = GraphStandIn.chatIdOf(dana.aadObjectId);
    h.connector.faults.push({
      match: (m, p) => m === 'POST' && p.startsWith(`/v3/conversations/${chat}/activities`),
      status: 502,
      deliverAnyway: true,
    });
    const report = await runChaseCycle(h.app.chase, 'schedule');
    expect(report.unknown).toBe(1);
    await runChaseCycle(h.app.chase, 'schedule', report.cycleId);
    expect(graphChat(dana)).toHaveLength(1);
    expect((await h.app.store.prompts.get(report.cycleId, dana.email))?.value.state).toBe('unknown');
  });

  test('off unless configured: unreachable, and the secretariat is told the ways to reach them', async () => {
    await start(false);
    const report = await runChaseCycle(h.app.chase, 'schedule');
    expect(report).toMatchObject({ prompted: 3, unreachable: 2 });
    expect(graph.requests).toHaveLength(0);
    const told = toSam().find((t) => t.includes('could not reach 2 owners'));
    expect(told).toContain(
      `${dana.email}: not found in the board team's roster and has not installed the app in Teams (installing it for them through Microsoft Graph is off)`,
    );
    expect(told).toContain('app setup policy');
    expect(told).toContain('GRAPH_INSTALL_ENABLED');
  });
});
