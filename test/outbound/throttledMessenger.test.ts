import { ConnectorMessenger } from '../../bot/teams/connectorMessenger';
import { createAdapter } from '../../bot/teams/adapter';
import { ThrottledMessenger } from '../../bot/outbound/throttledMessenger';
import { DeliveryFailed } from '../../bot/domain/ports';
import { silentLogger } from '../../bot/log';
import { ConnectorStandIn } from '../support/connectorStandIn';
import { PEOPLE, TENANT, testConfig } from '../support/fixtures';

let connector: ConnectorStandIn;
beforeEach(async () => (connector = await new ConnectorStandIn().start()));
afterEach(async () => connector.stop());

const messenger = (retries = 3) => {
  const inner = new ConnectorMessenger(createAdapter(testConfig('', 'x'), silentLogger), '', 'board-chaser-local');
  return new ThrottledMessenger(inner, {
    tenantPerSecond: 50,
    maxRetries: retries,
    baseBackoffMs: 20,
    maxBackoffMs: 200,
  });
};
const ben = () => ({
  email: PEOPLE.ben.email,
  aadObjectId: PEOPLE.ben.aadObjectId,
  teamsUserId: PEOPLE.ben.id,
  tenantId: TENANT,
  serviceUrl: connector.url,
});
const toBen = (m: string, p: string) => m === 'POST' && p.includes(PEOPLE.ben.id) && p.includes('/activities');

test('a 429 without Retry-After (which botbuilder does not retry) is retried with backoff and delivered once', async () => {
  connector.faults.push({ match: toBen, status: 429 });
  const m = messenger();
  const sent = await m.sendText(ben(), 'Reminder');
  expect(sent.activityId).toMatch(/^act-/);
  expect(connector.sentTo(PEOPLE.ben.id)).toHaveLength(1);
  expect(m.stats).toMatchObject({ retries: 1, throttled: 1, sent: 1 });
});

test("a 429 with Retry-After is honoured (by botbuilder's own pipeline) and not retried twice by us", async () => {
  connector.faults.push({ match: toBen, status: 429, headers: { 'retry-after': '1' } });
  const m = messenger();
  const started = Date.now();
  await m.sendText(ben(), 'Reminder');
  expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  expect(connector.sentTo(PEOPLE.ben.id)).toHaveLength(1);
  expect(m.stats.retries).toBe(0);
});

test('403 MessageWritesBlocked is not retried: it surfaces as a permanent failure', async () => {
  connector.faults.push({
    match: toBen,
    status: 403,
    body: { error: { code: 'MessageWritesBlocked', message: 'blocked' } },
  });
  const m = messenger();
  const err = await m.sendText(ben(), 'Reminder').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DeliveryFailed);
  expect(err).toMatchObject({ permanent: true, status: 403 });
  expect(connector.requests.filter((r) => toBen(r.method, r.path))).toHaveLength(1);
});

test('412 is retried after a pause; a burst of 503s beyond the retry budget fails without a storm', async () => {
  connector.faults.push({ match: toBen, status: 412 });
  const m = messenger(2);
  await m.sendText(ben(), 'one');
  expect(m.stats.retries).toBe(1);
  for (let i = 0; i < 20; i++) connector.faults.push({ match: toBen, status: 503 });
  const before = connector.requests.length;
  const err = await m.sendText(ben(), 'two').catch((e: unknown) => e);
  expect(err).toMatchObject({ status: 503, permanent: false });
  // Measured: botbuilder's pipeline makes 5 requests per call on 503 (1 + 4 retries, backing off from 1 s);
  // we add at most 2 more calls: 15 requests in all, then a clear failure, never an open-ended storm.
  expect(connector.requests.length - before).toBe(15);
}, 120_000);
