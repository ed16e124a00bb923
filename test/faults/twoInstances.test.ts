import { seedOfficers } from '../support/officers';
import { ConnectorStandIn } from '../support/connectorStandIn';
import { runChaseProcess } from '../support/chaseProcess';
import { freshPrefix, freshStore, testConnectionString } from '../support/storage';
import { duplicatesIn, recordOutcome } from './ledger';

let connector: ConnectorStandIn;
afterEach(async () => connector?.stop());

const OWNERS = 40;
const ownerEmail = (i: number) => `officer.${String(i).padStart(2, '0')}@example.org`;

test('two bot processes sharing one storage account run the same cycle: every owner gets exactly one prompt', async () => {
  connector = await new ConnectorStandIn().start();
  const prefix = freshPrefix();
  const store = await freshStore(prefix);
  await seedOfficers(store, { count: OWNERS, email: ownerEmail, actionsEach: 2 }, connector.url);
  // Slow answers widen the window in which the two processes compete for the same owners.
  connector.latencyMs = 40;
  const env = {
    STORAGE_CONNECTION_STRING: testConnectionString(),
    TABLE_PREFIX: prefix,
    LOAD_DEMO_PLAN: 'false',
    SCHEDULER_ENABLED: 'false',
    CHASE_CONCURRENCY: '4',
  };
  const [a, b] = await Promise.all([runChaseProcess(env, '2026-11-23'), runChaseProcess(env, '2026-11-23')]);
  expect([a.code, b.code]).toEqual([0, 0]);
  const counts = Array.from({ length: OWNERS }, (_, i) => connector.sentTo(`29:officer-${i}`).length);
  recordOutcome({
    fault: 'two instances run the same cycle at once',
    duplicatePrompts: duplicatesIn(counts),
  });
  expect(counts.every((c) => c === 1)).toBe(true);
  // Both did real work: the owners were shared between them, not all taken by one.
  expect(Number(a.report?.prompted) + Number(b.report?.prompted)).toBe(OWNERS);
  expect(Math.min(Number(a.report?.prompted), Number(b.report?.prompted))).toBeGreaterThan(0);
  const states = (await store.prompts.listCycle('2026-11-23')).map((p) => p.value.state);
  expect(states.filter((s) => s === 'sent')).toHaveLength(OWNERS);
}, 120_000);
