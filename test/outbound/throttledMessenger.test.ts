import { ConnectorMessenger } from '../../bot/teams/connectorMessenger';
import { createAdapter } from '../../bot/teams/adapter';
import { ThrottledMessenger } from '../../bot/outbound/throttledMessenger';
import { OutboundGate } from '../../bot/outbound/outboundGate';
import { DeliveryUnknown, MessageTooBig } from '../../bot/outbound/deliveryErrors';
import { MESSAGE_BUDGET_BYTES } from '../../bot/outbound/messageSize';
import { DeliveryFailed } from '../../bot/domain/ports';
import { silentLogger } from '../../bot/log';
import { ConnectorStandIn } from '../support/connectorStandIn';
import { PEOPLE, TENANT, testConfig } from '../support/fixtures';

let connector: ConnectorStandIn;
beforeEach(async () => (connector = await new ConnectorStandIn().start()));
afterEach(async () => connector.stop());

const messenger = (retries = 3) => {
  const gate = new OutboundGate({ tenantPerSecond: 50, headroom: 0.9 }, 5_000);
  const inner = new ConnectorMessenger(
    createAdapter(testConfig('', 'x'), silentLogger, gate),
    '',
    'board-chaser-local',
  );
  const m = new ThrottledMessenger(inner, {
    tenantPerSecond: 50,
    maxRetries: retries,
    baseBackoffMs: 1_000,
    maxBackoffMs: 4_000,
  });
  return { m, gate };
};
const recipient = (p: typeof PEOPLE.ben) => ({
  email: p.email,
  aadObjectId: p.aadObjectId,
  teamsUserId: p.id,
  tenantId: TENANT,
  serviceUrl: connector.url,
});
const ben = () => recipient(PEOPLE.ben);
const postsTo = (id: string) => (m: string, p: string) => m === 'POST' && p.includes(id) && p.includes('/activities');
const toBen = postsTo(PEOPLE.ben.id);
const requestsMatching = (f: (m: string, p: string) => boolean) =>
  connector.requests.filter((r) => f(r.method, r.path));

test('a 429 without Retry-After is retried after at least 1 s (with jitter), once, and delivered once', async () => {
  connector.faults.push({ match: toBen, status: 429 });
  const { m, gate } = messenger();
  const sent = await m.sendText(ben(), 'Reminder');
  expect(sent.activityId).toMatch(/^act-/);
  expect(connector.sentTo(PEOPLE.ben.id)).toHaveLength(1);
  const [first, second] = requestsMatching(toBen);
  expect(second.at - first.at).toBeGreaterThanOrEqual(1_000);
  // Every attempt, the first and the retry, went through our gate: botbuilder made none of its own.
  expect(gate.stats.attempts).toBe(connector.requests.length);
  expect(m.stats).toMatchObject({ retries: 1, throttled: 1, sent: 1 });
});

test('a 429 with Retry-After is waited out once by us; botbuilder does not retry behind our back', async () => {
  connector.faults.push({ match: toBen, status: 429, headers: { 'retry-after': '1' } });
  const { m, gate } = messenger();
  await m.sendText(ben(), 'Reminder');
  const [first, second] = requestsMatching(toBen);
  expect(second.at - first.at).toBeGreaterThanOrEqual(950);
  expect(requestsMatching(toBen)).toHaveLength(2);
  expect(connector.sentTo(PEOPLE.ben.id)).toHaveLength(1);
  expect(gate.stats).toMatchObject({ attempts: connector.requests.length, throttled: 1 });
});

test('a 429 pauses every sender in the process, not just the request that got it', async () => {
  connector.faults.push({ match: toBen, status: 429, headers: { 'retry-after': '2' } });
  const { m } = messenger();
  await m.sendText(recipient(PEOPLE.amira), 'warm-up');
  const toBenDone = m.sendText(ben(), 'Reminder');
  await new Promise((r) => setTimeout(r, 100));
  const throttledAt = requestsMatching(toBen)[0].at;
  await m.sendText(recipient(PEOPLE.carys), 'Reminder');
  await toBenDone;
  const carys = requestsMatching(postsTo(PEOPLE.carys.id))[0];
  expect(carys.at - throttledAt).toBeGreaterThanOrEqual(1_900);
});

test('a 502 after Teams stored the message is never resent: one card, "delivery unknown"', async () => {
  connector.faults.push({ match: toBen, status: 502, deliverAnyway: true });
  const { m } = messenger();
  const err = await m.sendCard(ben(), { type: 'AdaptiveCard', version: '1.5', body: [] }, 'x').catch((e) => e);
  expect(err).toBeInstanceOf(DeliveryUnknown);
  expect(requestsMatching(toBen)).toHaveLength(1);
  expect(connector.sentTo(PEOPLE.ben.id)).toHaveLength(1);
});

test('a timeout on a send is "delivery unknown" and not resent; a 503 creating the chat is retried', async () => {
  connector.faults.push({ match: (m, p) => m === 'POST' && p === '/v3/conversations', status: 503 });
  const { m } = messenger();
  await m.sendText(ben(), 'first');
  expect(requestsMatching((m, p) => m === 'POST' && p === '/v3/conversations')).toHaveLength(2);
  expect(connector.sentTo(PEOPLE.ben.id)).toHaveLength(1);
  const slow = new ThrottledMessenger(
    new ConnectorMessenger(
      createAdapter(testConfig('', 'x'), silentLogger, new OutboundGate({ tenantPerSecond: 50, headroom: 0.9 }, 300)),
      '',
      'board-chaser-local',
    ),
  );
  connector.faults.push({ match: toBen, status: 201, deliverAnyway: true, delayMs: 1_000 });
  const before = requestsMatching(toBen).length;
  const err = await slow.sendText(ben(), 'second').catch((e) => e);
  expect(err).toBeInstanceOf(DeliveryUnknown);
  expect(requestsMatching(toBen).length - before).toBe(1);
});

test('403 MessageWritesBlocked is not retried: it surfaces as a permanent failure', async () => {
  connector.faults.push({
    match: toBen,
    status: 403,
    body: { error: { code: 'MessageWritesBlocked', message: 'blocked' } },
  });
  const { m } = messenger();
  const err = await m.sendText(ben(), 'Reminder').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DeliveryFailed);
  expect(err).toMatchObject({ permanent: true, status: 403 });
  expect(requestsMatching(toBen)).toHaveLength(1);
});

test('a card over the size budget is never sent; a 413 from Teams is permanent', async () => {
  const { m } = messenger();
  const text = 'é'.repeat(MESSAGE_BUDGET_BYTES / 2);
  const big = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text }] };
  const err = await m.sendCard(ben(), big, 'big').catch((e) => e);
  expect(err).toBeInstanceOf(MessageTooBig);
  expect(connector.requests).toHaveLength(0);
  connector.sizeLimitChars = 1_000;
  const small = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x'.repeat(1_000) }] };
  const refused = await m.sendCard(ben(), small, 'small').catch((e) => e);
  expect(refused).toMatchObject({ permanent: true, status: 413 });
  expect(requestsMatching(toBen)).toHaveLength(1);
});
