import { inputKey } from '../../cards/chasePromptCard';
import { type BotProcess, startBotProcess } from '../support/botProcess';
import { waitFor } from '../support/botHarness';
import { ConnectorStandIn } from '../support/connectorStandIn';
import { PEOPLE, type Person, TENANT, memberOf } from '../support/fixtures';
import { freePort } from '../support/freePort';
import { IngestionStandIn } from '../support/ingestionStandIn';
import { freshPrefix, freshStore, testConnectionString } from '../support/storage';
import { seedPlanWithOwners } from '../support/officers';

const CPC = 'lga-cpc-action-plan-2023';
const HR = 'hr-improvement-plan';
const NARRATIVE = 'Legal review of Part C slipped: counsel unavailable until 14 January (telemetry canary).';
const SIGNATURE = 'c2lnbmF0dXJlLWNhbmFyeS0xMjM0NTY';
/** The SDK's own health reports (statsbeat) go to a Microsoft endpoint, not ours: off in tests. */
const NO_STATSBEAT = {
  APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
  APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
  APPLICATIONINSIGHTS_SDKSTATS_DISABLED: 'true',
};

let ingestion: IngestionStandIn;
let connector: ConnectorStandIn;
let bot: BotProcess | undefined;
beforeEach(async () => {
  ingestion = await new IngestionStandIn().start();
  connector = await new ConnectorStandIn().start();
  connector.members = [PEOPLE.amira, PEOPLE.ben, PEOPLE.carys, PEOPLE.sam].map(memberOf);
});
afterEach(async () => {
  await bot?.kill();
  bot = undefined;
  await connector.stop();
  await ingestion.stop();
});

/** Seeds a board where Amira and Ben are reachable in Teams and Carys is not; Sam is the secretariat. */
async function seededEnv(): Promise<Record<string, string>> {
  const prefix = freshPrefix();
  const store = await freshStore(prefix);
  await seedPlanWithOwners(
    store,
    connector.url,
    [PEOPLE.amira, PEOPLE.ben, PEOPLE.sam],
    new Date(Date.now() - 10 * 86_400_000),
  );
  return {
    STORAGE_CONNECTION_STRING: testConnectionString(),
    TABLE_PREFIX: prefix,
    SECRETARIAT: PEOPLE.sam.email,
    ...NO_STATSBEAT,
  };
}

let seq = 0;
const post = (activity: Record<string, unknown>) =>
  fetch(`${bot?.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      channelId: 'msteams',
      serviceUrl: connector.url,
      recipient: { id: 'board-chaser-local', name: 'Board actions' },
      id: `in-${++seq}`,
      ...activity,
    }),
  }).then(async (r) => ({ status: r.status, text: await r.text() }));
const from = (p: Person) => ({
  from: { id: p.id, name: p.name, aadObjectId: p.aadObjectId },
  conversation: { id: `a:1on1-${p.id}`, conversationType: 'personal', tenantId: TENANT },
  channelData: { tenant: { id: TENANT } },
});
const say = (p: Person, text: string) => post({ type: 'message', text, ...from(p) });
const saveUpdate = (p: Person, ref: string, rag: string, narrative: string) => {
  const key = inputKey({ planId: CPC, ref });
  return post({
    type: 'invoke',
    name: 'adaptiveCard/action',
    ...from(p),
    value: {
      action: {
        type: 'Action.Execute',
        verb: 'saveUpdate',
        data: {
          planId: CPC,
          ref,
          rev: 1,
          [`status|${key}`]: 'In progress',
          [`rag|${key}`]: rag,
          [`narrative|${key}`]: narrative,
        },
      },
    },
  });
};

test('with a connection string: turns, Teams and storage calls and the chase counts reach Application Insights', async () => {
  const env = await seededEnv();
  // Teams throttles Ben's first card once: the 429 and the retry that follows must both be visible.
  connector.faults.push({
    match: (m, p) => m === 'POST' && p.includes(PEOPLE.ben.id) && p.includes('/activities'),
    status: 429,
    headers: { 'retry-after': '1' },
  });
  bot = await startBotProcess({ ...env, ...ingestion.env() }, await freePort());

  const chased = await say(PEOPLE.sam, 'chase');
  expect(chased.status).toBe(200);
  // The chase runs in the background; its summary to the secretariat says it is done.
  await waitFor('the chase to finish', () =>
    connector.sentTo(PEOPLE.sam.id).some((m) => String(m.activity.text ?? '').includes('prompted')),
  );
  expect(connector.sentTo(PEOPLE.amira.id)).toHaveLength(1);
  expect(connector.sentTo(PEOPLE.ben.id)).toHaveLength(1);
  expect((await saveUpdate(PEOPLE.amira, 'R4.2', 'Amber', NARRATIVE)).text).toContain('is recorded for the board');
  expect((await saveUpdate(PEOPLE.amira, 'R6.2', 'Red', ' ')).text).toContain('needs a little more');
  // The board's team installs the bot (its channel is where digests go); Sam views one digest and posts another.
  const installed = await post({
    type: 'conversationUpdate',
    from: { id: PEOPLE.sam.id, aadObjectId: PEOPLE.sam.aadObjectId },
    conversation: { id: '19:board-general@thread.tacv2', conversationType: 'channel', tenantId: TENANT },
    membersAdded: [{ id: 'board-chaser-local' }],
    channelData: { team: { id: '19:board-team@thread.tacv2' }, channel: { id: '19:board-general@thread.tacv2' } },
  });
  expect(installed.status).toBe(200);
  // Installing makes no board channel: Sam makes General the board channel, on purpose, and confirms.
  const inGeneral = {
    from: { id: PEOPLE.sam.id, name: PEOPLE.sam.name, aadObjectId: PEOPLE.sam.aadObjectId },
    conversation: {
      id: '19:board-general@thread.tacv2;messageid=setup',
      conversationType: 'channel',
      tenantId: TENANT,
    },
    channelData: { team: { id: '19:board-team@thread.tacv2' }, channel: { id: '19:board-general@thread.tacv2' } },
  };
  const mention = { type: 'mention', text: '<at>Board actions</at>', mentioned: { id: 'board-chaser-local' } };
  await post({
    type: 'message',
    text: '<at>Board actions</at> make this the board channel',
    entities: [mention],
    ...inGeneral,
  });
  const confirmed = await post({
    type: 'invoke',
    name: 'adaptiveCard/action',
    ...inGeneral,
    value: {
      action: {
        type: 'Action.Execute',
        verb: 'confirmBoardChannel',
        data: { teamId: '19:board-team@thread.tacv2', channelId: '19:board-general@thread.tacv2' },
      },
    },
  });
  expect(confirmed.text).toContain('This is the board channel');
  expect((await say(PEOPLE.sam, 'digest')).status).toBe(200);
  expect((await say(PEOPLE.sam, 'post digest')).status).toBe(200);
  // post digest is a background job too: wait for the digest to reach the board channel (a new thread there).
  await waitFor('the digest in the board channel', () =>
    connector.sent.some((m) => String(m.activity.summary ?? '').startsWith('Board digest')) ? true : undefined,
  );
  const noChange = await post({
    type: 'invoke',
    name: 'adaptiveCard/action',
    ...from(PEOPLE.ben),
    value: { action: { type: 'Action.Execute', verb: 'noChange', data: { planId: HR, ref: 'HR1.2', rev: 1 } } },
  });
  expect(noChange.text).toContain('no change recorded');
  // An export link carries its signature in the query string: it must not reach telemetry.
  const exported = await fetch(`${bot.url}/exports/board.csv?expires=1&sig=${SIGNATURE}`);
  expect(exported.status).toBeGreaterThanOrEqual(400);

  const started = Date.now();
  await bot.kill('SIGTERM'); // a clean stop flushes what is buffered
  const flushMs = Date.now() - started;
  const complaints = bot
    .output()
    .split('\n')
    .filter((l) => l.trim() && (!l.startsWith('{"time"') || /"level":"error"/.test(l)));
  expect({ exit: bot.child.exitCode, complaints }).toEqual({ exit: 0, complaints: [] });

  expect(ingestion.paths.every((p) => p === 'POST /v2.1/track')).toBe(true);
  const requests = ingestion.requests();
  const turns = requests.filter((r) => r.url?.endsWith('/api/messages'));
  expect(turns.map((r) => r.properties?.['board.activity.type'])).toEqual([
    'message',
    'invoke',
    'invoke',
    'conversationUpdate',
    'message',
    'invoke',
    'message',
    'message',
    'invoke',
  ]);
  expect(turns.filter((r) => r.properties?.['board.activity.verb'] === 'saveUpdate')).toHaveLength(2);
  expect(turns.filter((r) => r.properties?.['board.activity.verb'] === 'confirmBoardChannel')).toHaveLength(1);
  expect(turns.every((r) => r.responseCode === '200' && r.success)).toBe(true);
  expect(requests.some((r) => r.url?.includes('/healthz'))).toBe(false);
  const names = ingestion.envelopes
    .filter((e) => e.data.baseType === 'RequestData')
    .map((e) => e.tags?.['ai.operation.name']);
  expect(names).toEqual([...Array(9).fill('POST /api/messages'), 'GET /exports/:file']);

  const connectorHost = new URL(connector.url).host;
  const teamsCalls = ingestion.dependencies().filter((d) => d.target?.includes(connectorHost));
  const toBen = teamsCalls.filter(
    (d) => d.data?.includes(encodeURIComponent(PEOPLE.ben.id)) && d.data.includes('/activities'),
  );
  expect(toBen.map((d) => d.resultCode)).toEqual(['429', '201']);
  expect(teamsCalls.some((d) => d.data?.includes(encodeURIComponent(PEOPLE.amira.id)) && d.resultCode === '201')).toBe(
    true,
  );

  const azuriteHost = `127.0.0.1:${process.env.TEST_AZURITE_PORT}`;
  const storageCalls = ingestion.dependencies().filter((d) => d.target?.includes(azuriteHost));
  expect(storageCalls.length).toBeGreaterThan(0);

  expect(ingestion.metricTotal('board.chase.cycles')).toBe(1);
  expect(ingestion.metricTotal('board.chase.owners')).toBe(3);
  expect(ingestion.metricTotal('board.chase.prompted')).toBe(2);
  expect(ingestion.metricTotal('board.chase.unreachable')).toBe(1);
  expect(ingestion.metricTotal('board.chase.failed')).toBe(0);
  expect(ingestion.metricTotal('board.answers', (p) => p.outcome === 'recorded' && p.verb === 'saveUpdate')).toBe(1);
  expect(ingestion.metricTotal('board.answers', (p) => p.outcome === 'recorded' && p.verb === 'noChange')).toBe(1);
  expect(ingestion.metricTotal('board.answers', (p) => p.outcome === 'refused')).toBe(1);
  expect(ingestion.metricCount('board.digest.duration', (p) => p.kind === 'built')).toBe(2); // viewed, posted
  expect(ingestion.metricCount('board.digest.duration', (p) => p.kind === 'posted')).toBe(1);

  const sent = ingestion.bodies.join('\n');
  const canaries = [NARRATIVE, 'Legal review', SIGNATURE, PEOPLE.amira.email, encodeURIComponent(PEOPLE.amira.email)];
  expect(canaries.filter((c) => sent.includes(c))).toEqual([]);
  expect(flushMs).toBeLessThan(5_000); // flushed on stop, not after the 60 s export interval
}, 60_000);

/** Lines of the bot's output that are not JSON log lines. */
const notJson = (out: string): string[] =>
  out
    .split('\n')
    .filter((l) => l.trim())
    .filter((l) => {
      try {
        JSON.parse(l);
        return false;
      } catch {
        return true;
      }
    });

test('an Application Insights endpoint that fails does not stop the bot, and its complaints are JSON lines', async () => {
  const env = await seededEnv();
  // Something that does not speak TLS where the exporter expects ingestion (the connector stand-in's plain HTTP port).
  const broken = `InstrumentationKey=00000000-0000-4000-8000-00000000c0de;IngestionEndpoint=${connector.url}/`;
  bot = await startBotProcess({ ...env, APPLICATIONINSIGHTS_CONNECTION_STRING: broken }, await freePort());
  expect((await say(PEOPLE.sam, 'chase')).status).toBe(200);
  // The chase runs in the background; its summary to the secretariat says it is done.
  await waitFor('the chase to finish', () =>
    connector.sentTo(PEOPLE.sam.id).some((m) => String(m.activity.text ?? '').includes('prompted')),
  );
  expect(connector.sentTo(PEOPLE.amira.id)).toHaveLength(1);
  await bot.kill('SIGTERM');
  expect({ exit: bot.child.exitCode, notJson: notJson(bot.output()) }).toEqual({ exit: 0, notJson: [] });
}, 60_000);

test('without a connection string nothing is sent and nothing is said about telemetry', async () => {
  const env = await seededEnv();
  // A blank setting (as an empty App Service setting arrives) is off; OpenTelemetry's own variables alone do not switch it on.
  bot = await startBotProcess(
    {
      ...env,
      APPLICATIONINSIGHTS_CONNECTION_STRING: '',
      OTEL_EXPORTER_OTLP_ENDPOINT: ingestion.url,
      NODE_EXTRA_CA_CERTS: ingestion.env().NODE_EXTRA_CA_CERTS,
    },
    await freePort(),
  );
  expect((await say(PEOPLE.sam, 'chase')).status).toBe(200);
  // The chase runs in the background; its summary to the secretariat says it is done.
  await waitFor('the chase to finish', () =>
    connector.sentTo(PEOPLE.sam.id).some((m) => String(m.activity.text ?? '').includes('prompted')),
  );
  expect(connector.sentTo(PEOPLE.amira.id)).toHaveLength(1);
  await bot.kill('SIGTERM');
  expect(bot.child.exitCode).toBe(0);
  expect(ingestion.paths).toEqual([]);
  expect(notJson(bot.output())).toEqual([]);
  expect(bot.output()).not.toMatch(/telemetry|opentelemetry|application ?insights|azure monitor/i);
}, 60_000);
