import { seedOfficers } from '../support/officers';
import { ConnectorStandIn } from '../support/connectorStandIn';
import { runChaseProcess } from '../support/chaseProcess';
import { startBotProcess } from '../support/botProcess';
import { freePort } from '../support/freePort';
import { PEOPLE, TENANT, memberOf } from '../support/fixtures';
import { freshPrefix, freshStore, testConnectionString } from '../support/storage';
import { duplicatesIn } from './ledger';
import { cardsIn, recordMeasured } from './figures';

let connector: ConnectorStandIn;
afterEach(async () => connector?.stop());

const OWNERS = 30;
const email = (i: number) => `officer.${String(i).padStart(2, '0')}@example.org`;

test('SIGTERM mid-chase: the bot exits within 10 s, and a restart finishes the cycle with nobody prompted twice', async () => {
  connector = await new ConnectorStandIn().start();
  connector.latencyMs = 30;
  connector.members = [memberOf(PEOPLE.sam)];
  const prefix = freshPrefix();
  const store = await freshStore(prefix);
  await seedOfficers(store, { count: OWNERS, email: email }, connector.url);
  const env = {
    STORAGE_CONNECTION_STRING: testConnectionString(),
    TABLE_PREFIX: prefix,
    LOAD_DEMO_PLAN: 'false',
    SCHEDULER_ENABLED: 'false',
    SECRETARIAT: PEOPLE.sam.email,
    CHASE_CONCURRENCY: '4',
    // A slow tenant, so the chase is still going when the signal comes.
    TENANT_RATE_PER_SECOND: '4',
  };
  const bot = await startBotProcess(env, await freePort());
  const cardsSoFar = () => cardsIn(connector.sent);
  const someSent = new Promise<void>((resolve, reject) => {
    const deadline = Date.now() + 30_000;
    const timer = setInterval(() => {
      if (cardsSoFar() >= 5) resolve();
      else if (Date.now() > deadline) reject(new Error(`no chase started: ${bot.output().slice(-1500)}`));
      else return;
      clearInterval(timer);
    }, 20);
  });
  // The secretariat types "chase" in the bot's chat.
  void fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: 'chase-1',
      text: 'chase',
      channelId: 'msteams',
      serviceUrl: connector.url,
      timestamp: new Date().toISOString(),
      from: { id: PEOPLE.sam.id, name: PEOPLE.sam.name, aadObjectId: PEOPLE.sam.aadObjectId },
      recipient: { id: 'board-chaser-local', name: 'Board actions' },
      conversation: { id: `a:1on1-${PEOPLE.sam.id}`, conversationType: 'personal', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
    }),
  }).catch(() => undefined);
  await someSent;
  const signalled = Date.now();
  await bot.kill('SIGTERM');
  const exitMs = Date.now() - signalled;
  const cardsAtStop = cardsSoFar();
  const [cycle] = await store.cycles.list();
  const atStop = (await store.prompts.listCycle(cycle.id)).map((p) => p.value.state);
  const count = (states: string[], s: string) => states.filter((x) => x === s).length;

  const resumed = await runChaseProcess(env, cycle.id);
  expect(resumed.code).toBe(0);
  const cards = Array.from({ length: OWNERS }, (_, i) => cardsIn(connector.sentTo(`29:officer-${i}`)));
  const after = (await store.prompts.listCycle(cycle.id)).map((p) => p.value);
  recordMeasured({
    fault: 'SIGTERM mid-chase, then a restart',
    repliesLost: 0,
    duplicatePrompts: duplicatesIn(cards),
    figures: {
      exitMs,
      exitCode: String(bot.child.exitCode),
      cardsAtStop,
      sentAtStop: count(atStop, 'sent'),
      pendingAtStop: count(atStop, 'pending'),
      sendingAtStop: count(atStop, 'sending'),
      promptedOnRestart: Number(resumed.report?.prompted),
    },
  });
  expect(exitMs).toBeLessThan(10_000);
  expect(bot.child.exitCode).toBe(0);
  // It stopped mid-chase: some owners were left for the restart, released rather than left claimed.
  expect(count(atStop, 'pending')).toBeGreaterThan(0);
  expect(count(atStop, 'sending')).toBe(0);
  expect(duplicatesIn(cards)).toBe(0);
  expect(after.filter((p) => p.state === 'sent')).toHaveLength(OWNERS);
  expect(cards.every((c) => c === 1)).toBe(true);
}, 120_000);
