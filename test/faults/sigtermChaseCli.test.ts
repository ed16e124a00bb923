import { ConnectorStandIn } from '../support/connectorStandIn';
import { runChaseProcess } from '../support/chaseProcess';
import { PEOPLE } from '../support/fixtures';
import { seedPlanWithOwners } from '../support/officers';
import { freshPrefix, freshStore, testConnectionString } from '../support/storage';
import { duplicatesIn, recordOutcome } from './ledger';

let connector: ConnectorStandIn;
afterEach(async () => connector?.stop());

test('SIGTERM to `npm run chase` mid-send: the send in flight is recorded, the rest handed back, and a rerun prompts each owner once', async () => {
  connector = await new ConnectorStandIn().start();
  const prefix = freshPrefix();
  const store = await freshStore(prefix);
  await seedPlanWithOwners(store, connector.url);
  // Teams takes two seconds over Ben's card; the tool is told to stop as it goes out.
  const toBen = (m: string, p: string) => m === 'POST' && p.includes(PEOPLE.ben.id) && p.includes('/activities');
  connector.faults.push({ match: toBen, status: 201, deliverAnyway: true, delayMs: 2_000 });
  const env = {
    STORAGE_CONNECTION_STRING: testConnectionString(),
    TABLE_PREFIX: prefix,
    LOAD_DEMO_PLAN: 'false',
    SCHEDULER_ENABLED: 'false',
    CHASE_CONCURRENCY: '1',
  };
  const stopped = await runChaseProcess(env, 'sigterm-cli', (kill) => {
    connector.onRequest = (m, p) => toBen(m, p) && kill('SIGTERM');
  });
  expect(stopped.code).toBe(143);
  const mid = Object.fromEntries(
    (await store.prompts.listCycle('sigterm-cli')).map((p) => [p.value.ownerEmail, p.value.state]),
  );
  // Nothing left "sending": Ben's card, delivered while the tool wound down, is recorded; Carys's was never claimed.
  expect(mid).toEqual({ [PEOPLE.amira.email]: 'sent', [PEOPLE.ben.email]: 'sent', [PEOPLE.carys.email]: 'pending' });

  connector.onRequest = undefined;
  const rerun = await runChaseProcess(env, 'sigterm-cli');
  expect(rerun.code).toBe(0);
  const counts = [PEOPLE.amira, PEOPLE.ben, PEOPLE.carys].map((p) => connector.sentTo(p.id).length);
  recordOutcome({ fault: 'SIGTERM to the chase tool mid-send', duplicatePrompts: duplicatesIn(counts) });
  expect(counts).toEqual([1, 1, 1]);
}, 60_000);
