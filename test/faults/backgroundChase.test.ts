import { parsePlanCsv } from '../../bot/import/planCsv';
import { importPlanRows } from '../../bot/import/importPlan';
import type { BoardStore } from '../../bot/domain/ports';
import { quiet, waitFor } from '../support/botHarness';
import { type BotProcess, startBotProcess } from '../support/botProcess';
import { ConnectorStandIn } from '../support/connectorStandIn';
import { type CsvRow, PEOPLE, TENANT, planCsv } from '../support/fixtures';
import { freePort } from '../support/freePort';
import { freshPrefix, freshStore, testConnectionString } from '../support/storage';
import { duplicatesIn, recordOutcome } from './ledger';

const email = (i: number) => `officer.${i}@example.org`;
const memberId = (i: number) => `29:officer-${i}`;
const SAM_CHAT = `a:1on1-${PEOPLE.sam.id}`;

let connector: ConnectorStandIn;
let bot: BotProcess | undefined;
afterEach(async () => {
  await bot?.kill();
  await connector?.stop();
});

/** A plan with one open action per owner, every owner reachable in Teams, and Sam of the secretariat. */
async function seed(owners: number): Promise<{ store: BoardStore; prefix: string }> {
  const prefix = freshPrefix();
  const store = await freshStore(prefix);
  const rows: CsvRow[] = Array.from({ length: owners }, (_, i) => [
    'LGA CPC Action Plan 2023',
    'Recommendation 1',
    `R1.${i}`,
    `Action ${i}`,
    email(i),
    '2027-01-29',
    'In progress',
    'Green',
    'On track.',
  ]);
  await importPlanRows(store, parsePlanCsv(planCsv(rows)).rows, new Date(Date.now() - 7 * 86_400_000));
  const save = (i: number) =>
    store.owners.save({
      email: email(i),
      aadObjectId: `10000000-0000-4000-8000-0000000${String(i).padStart(5, '0')}`,
      teamsUserId: memberId(i),
      tenantId: TENANT,
      serviceUrl: connector.url,
    });
  for (let i = 0; i < owners; i += 25)
    await Promise.all(Array.from({ length: Math.min(25, owners - i) }, (_, k) => save(i + k)));
  await store.owners.save({
    email: PEOPLE.sam.email,
    name: PEOPLE.sam.name,
    aadObjectId: PEOPLE.sam.aadObjectId,
    teamsUserId: PEOPLE.sam.id,
    tenantId: TENANT,
    serviceUrl: connector.url,
  });
  return { store, prefix };
}

/** Sam's message as Teams POSTs it. */
const fromSam = (id: string, text: string) => ({
  type: 'message',
  id,
  text,
  channelId: 'msteams',
  serviceUrl: connector.url,
  timestamp: new Date().toISOString(),
  from: { id: PEOPLE.sam.id, name: PEOPLE.sam.name, aadObjectId: PEOPLE.sam.aadObjectId },
  recipient: { id: 'board-chaser-local', name: 'Board actions' },
  conversation: { id: SAM_CHAT, conversationType: 'personal', tenantId: TENANT },
  channelData: { tenant: { id: TENANT } },
});

/** POSTs an activity to the bot and measures how long the HTTP answer took. */
async function post(url: string, activity: object): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  const r = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  await r.text();
  return { status: r.status, ms: performance.now() - t0 };
}

const samSees = () => connector.sent.filter((s) => s.conversationId === SAM_CHAT).map((s) => String(s.activity.text));
const summaries = () => samSees().filter((t) => /\d+ prompted/.test(t));
const cardsPerOwner = (owners: number) =>
  Array.from({ length: owners }, (_, i) => connector.sentTo(memberId(i)).length);
const envFor = (prefix: string, extra: Record<string, string> = {}) => ({
  STORAGE_CONNECTION_STRING: testConnectionString(),
  TABLE_PREFIX: prefix,
  SECRETARIAT: PEOPLE.sam.email,
  ...extra,
});

test('"chase all" with 500 owners answers in under 2 s while the chase goes on; a second one and a redelivery chase nobody twice', async () => {
  const OWNERS = 500;
  connector = await new ConnectorStandIn().start();
  const { prefix } = await seed(OWNERS);
  bot = await startBotProcess(envFor(prefix), await freePort());

  const chaseAll = fromSam('chase-1', 'chase all');
  const reply = await post(bot.url, chaseAll);
  const cardsAtReply = cardsPerOwner(OWNERS).reduce((a, b) => a + b, 0);
  console.info(
    `"chase all", ${OWNERS} owners: the POST was answered in ${Math.round(reply.ms)} ms, with ${cardsAtReply} cards sent by then`,
  );
  expect(reply.status).toBe(200);
  expect(reply.ms).toBeLessThan(2_000);
  expect(samSees()[0]).toContain(`Chasing ${OWNERS} owners now`);
  expect(cardsAtReply).toBeLessThan(OWNERS); // the chase goes on after the answer

  // Teams delivers the same activity again, and Sam types "chase all" again, both while the chase runs.
  expect((await post(bot.url, chaseAll)).status).toBe(200);
  const typedAgain = await post(bot.url, fromSam('chase-2', 'chase all'));
  expect(typedAgain.ms).toBeLessThan(2_000);
  expect(samSees()[1]).toMatch(/A chase of every owner started at \d\d:\d\d is still running/);

  await waitFor('the chase summary', () => summaries().length > 0, 90_000);
  await quiet(connector, 1_500);
  const counts = cardsPerOwner(OWNERS);
  recordOutcome({
    fault: '"chase all" redelivered and typed twice, 500 owners',
    duplicatePrompts: duplicatesIn(counts),
  });
  expect(counts.filter((c) => c !== 1)).toEqual([]);
  expect(summaries()).toHaveLength(1);
  expect(summaries()[0]).toContain(`${OWNERS} prompted`);
  expect(samSees()).toHaveLength(3); // the acknowledgement, "still running", the summary
}, 120_000);

test('a bot killed with SIGKILL during a background chase resumes it after a restart: everyone prompted once, Sam told once', async () => {
  const OWNERS = 200;
  connector = await new ConnectorStandIn().start();
  const { store, prefix } = await seed(OWNERS);
  // One owner at a time, killed as a card reaches Teams: that card is delivered, the rest wait in storage.
  const env = envFor(prefix, { CHASE_CONCURRENCY: '1', JOB_LEASE_MS: '2000', JOB_POLL_MS: '250' });
  bot = await startBotProcess(env, await freePort());
  const first = bot;
  let cards = 0;
  connector.onRequest = (m, p) => {
    if (m === 'POST' && p.includes('officer') && p.includes('/activities') && ++cards === 50)
      void first.kill('SIGKILL');
  };
  const reply = await post(first.url, fromSam('chase-1', 'chase all')).catch(() => undefined);
  expect(reply?.status).toBe(200); // answered before the kill
  await waitFor('the kill', () => first.child.signalCode === 'SIGKILL', 60_000);
  connector.onRequest = undefined;
  const beforeRestart = cardsPerOwner(OWNERS).reduce((a, b) => a + b, 0);
  expect(beforeRestart).toBeLessThan(OWNERS);
  expect(summaries()).toHaveLength(0);

  bot = await startBotProcess(env, await freePort());
  await waitFor('the chase summary', () => summaries().length > 0, 90_000);
  await quiet(connector, 1_500);
  const counts = cardsPerOwner(OWNERS);
  recordOutcome({
    fault: 'kill -9 during a background chase, then a restart',
    duplicatePrompts: duplicatesIn(counts),
  });
  console.info(
    `killed after ${beforeRestart} of ${OWNERS} cards; after the restart ${counts.filter((c) => c === 1).length} owners have exactly one`,
  );
  expect(counts.filter((c) => c !== 1)).toEqual([]);
  expect(summaries()).toHaveLength(1);
  console.info(`Sam was told: ${summaries()[0]}`);
  const cycles = await store.cycles.list();
  expect(cycles).toHaveLength(1); // resumed, not started again
}, 150_000);
