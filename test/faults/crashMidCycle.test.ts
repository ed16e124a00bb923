import { ConnectorStandIn } from '../support/connectorStandIn';
import { runChaseProcess } from '../support/chaseProcess';
import { PEOPLE } from '../support/fixtures';
import { seedPlanWithOwners } from '../support/officers';
import { freshPrefix, freshStore, testConnectionString } from '../support/storage';
import { duplicatesIn, recordOutcome } from './ledger';

let connector: ConnectorStandIn;
afterEach(async () => connector?.stop());

test('a chase cycle killed mid-send resumes in a new process without prompting anyone twice', async () => {
  connector = await new ConnectorStandIn().start();
  const prefix = freshPrefix();
  const store = await freshStore(prefix);
  await seedPlanWithOwners(store, connector.url);
  // Teams stores Ben's card, then the process dies before it hears back.
  connector.faults.push({
    match: (m, p) => m === 'POST' && p.includes(PEOPLE.ben.id) && p.includes('/activities'),
    status: 201,
    deliverAnyway: true,
    delayMs: 30_000,
  });
  const env = {
    STORAGE_CONNECTION_STRING: testConnectionString(),
    TABLE_PREFIX: prefix,
    LOAD_DEMO_PLAN: 'false',
    SCHEDULER_ENABLED: 'false',
    CHASE_CONCURRENCY: '1',
  };

  const crashed = await runChaseProcess(env, 'crash-test', (kill) => {
    connector.onRequest = (m, p) => m === 'POST' && p.includes(PEOPLE.ben.id) && p.includes('/activities') && kill();
  });
  expect(crashed.signal).toBe('SIGKILL');
  const mid = Object.fromEntries(
    (await store.prompts.listCycle('crash-test')).map((p) => [p.value.ownerEmail, p.value.state]),
  );
  expect(mid).toEqual({ [PEOPLE.amira.email]: 'sent', [PEOPLE.ben.email]: 'sending', [PEOPLE.carys.email]: 'pending' });

  connector.onRequest = undefined;
  const resumed = await runChaseProcess({ ...env, CLAIM_LEASE_MS: '0' }, 'crash-test');
  expect(resumed.code).toBe(0);
  expect(resumed.report).toMatchObject({ cycleId: 'crash-test', prompted: 1, unknown: 1 });

  const counts = [PEOPLE.amira, PEOPLE.ben, PEOPLE.carys].map((p) => connector.sentTo(p.id).length);
  recordOutcome({ fault: 'kill -9 mid-send in a chase cycle', duplicatePrompts: duplicatesIn(counts) });
  expect(counts).toEqual([1, 1, 1]);
  const after = Object.fromEntries(
    (await store.prompts.listCycle('crash-test')).map((p) => [p.value.ownerEmail, p.value]),
  );
  expect(after[PEOPLE.ben.email].state).toBe('unknown');
  expect(after[PEOPLE.ben.email].reason).toContain('not resent');
  expect(after[PEOPLE.carys.email].state).toBe('sent');
  expect((await store.cycles.get('crash-test'))?.value.completedAt).toBeDefined();
}, 60_000);
