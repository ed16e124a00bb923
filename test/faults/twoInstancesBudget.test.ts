import { seedOfficers } from '../support/officers';
import { ConnectorStandIn } from '../support/connectorStandIn';
import { runChaseProcess } from '../support/chaseProcess';
import { freshPrefix, freshStore, testConnectionString } from '../support/storage';
import { duplicatesIn } from './ledger';
import { cardsIn, recordMeasured } from './figures';

let connector: ConnectorStandIn;
afterEach(async () => connector?.stop());

const OWNERS = 60;
const TENANT_RATE = 10;
const email = (i: number) => `officer.${String(i).padStart(2, '0')}@example.org`;

test('two bot processes on one storage account together stay under the tenant rate', async () => {
  connector = await new ConnectorStandIn().start();
  const prefix = freshPrefix();
  const store = await freshStore(prefix);
  await seedOfficers(store, { count: OWNERS, email: email }, connector.url);
  // Teams' tenant limit, played by the stand-in: over it, 429.
  connector.chaos = {
    seed: 1,
    storeThen502: 0,
    failBefore5xx: 0,
    random429: 0,
    dropRetryAfter: 0.3,
    ratePerSecond: TENANT_RATE,
  };
  const env = {
    STORAGE_CONNECTION_STRING: testConnectionString(),
    TABLE_PREFIX: prefix,
    LOAD_DEMO_PLAN: 'false',
    SCHEDULER_ENABLED: 'false',
    CHASE_CONCURRENCY: '4',
    TENANT_RATE_PER_SECOND: String(TENANT_RATE),
    INSTANCE_HEARTBEAT_MS: '500',
  };
  const [a, b] = await Promise.all([runChaseProcess(env, '2026-11-23'), runChaseProcess(env, '2026-11-23')]);
  expect([a.code, b.code]).toEqual([0, 0]);
  const cards = Array.from({ length: OWNERS }, (_, i) => cardsIn(connector.sentTo(`29:officer-${i}`)));
  const busiest = connector.busiestSecond(ConnectorStandIn.isWrite);
  const writes = connector.requests.filter(ConnectorStandIn.isWrite);
  const span = (writes.at(-1)?.at ?? 0) - (writes[0]?.at ?? 0);
  recordMeasured({
    fault: `two instances share a ${TENANT_RATE}/s tenant budget`,
    repliesLost: 0,
    duplicatePrompts: duplicatesIn(cards),
    figures: {
      busiestSecondWrites: busiest.count,
      throttledByTeams: connector.chaosLedger.throttled,
      writes: writes.length,
      averagePerSecond: Number(((writes.length * 1000) / Math.max(1, span)).toFixed(2)),
      promptedByA: Number(a.report?.prompted),
      promptedByB: Number(b.report?.prompted),
    },
  });
  expect(cards.every((c) => c === 1)).toBe(true);
  expect(busiest.count).toBeLessThanOrEqual(TENANT_RATE);
  expect(connector.chaosLedger.throttled).toBe(0);
  // Both shared the work.
  expect(Math.min(Number(a.report?.prompted), Number(b.report?.prompted))).toBeGreaterThan(0);
}, 180_000);
