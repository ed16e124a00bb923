import http from 'node:http';
import { loadConfig } from '../../bot/config';
import { type Harness, startHarness, waitFor } from '../support/botHarness';
import { PEOPLE, TENANT } from '../support/fixtures';

/** Local mode (no app credentials) has no authentication, so it must not be reachable from anywhere else. */
describe('local mode fails closed', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  const url = () => `${h.app.url}/api/messages`;
  /** "status R6.2" from Amira, as a web page could write it into an HTML form posted to the bot. */
  const formFields = (serviceUrl: string) =>
    new URLSearchParams({
      type: 'message',
      text: 'status R6.2',
      channelId: 'msteams',
      serviceUrl,
      id: `form-${Math.random()}`,
      'from[id]': PEOPLE.amira.id,
      'from[aadObjectId]': PEOPLE.amira.aadObjectId,
      'recipient[id]': 'board-chaser-local',
      'conversation[id]': `a:1on1-${PEOPLE.amira.id}`,
      'conversation[conversationType]': 'personal',
      'conversation[tenantId]': TENANT,
    });
  const nothingSentFor = async (ms = 1_500) => {
    const before = h.connector.sent.length;
    await new Promise((r) => setTimeout(r, ms));
    return h.connector.sent.length - before;
  };

  test('a cross-site HTML form post (urlencoded, no preflight) is refused and reads nothing', async () => {
    const r = await fetch(url(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: formFields(h.connector.url),
    });
    expect(r.status).toBe(415);
    // The same form without an Origin header (as a privacy extension may send it) is still not JSON.
    const bare = await fetch(url(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: formFields(h.connector.url),
    });
    expect(bare.status).toBe(415);
    const plain = await fetch(url(), {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(h.message(PEOPLE.amira, 'status R6.2')),
    });
    expect(plain.status).toBe(415);
    expect(await nothingSentFor()).toBe(0);
  });

  test('JSON from a page on another origin is refused', async () => {
    for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }] as Record<
      string,
      string
    >[]) {
      const r = await fetch(url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(h.message(PEOPLE.amira, 'status R6.2')),
      });
      expect({ headers, status: r.status }).toEqual({ headers, status: 403 });
    }
    expect(await nothingSentFor()).toBe(0);
  });

  test('a request for another host name (DNS rebinding) is refused', async () => {
    const u = new URL(url());
    const body = JSON.stringify(h.message(PEOPLE.amira, 'status R6.2'));
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = http.request(
        {
          hostname: u.hostname,
          port: u.port,
          path: u.pathname,
          method: 'POST',
          headers: { host: 'rebind.evil.example', 'content-type': 'application/json' },
        },
        (res) => (res.resume(), resolve(res.statusCode)),
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(status).toBe(403);
  });

  test('an activity naming a service URL that is not this computer is refused, and nothing is sent there', async () => {
    const sink = http.createServer((_req, res) => res.writeHead(200).end('{}'));
    await new Promise<void>((r) => sink.listen(0, '0.0.0.0', r));
    const port = (sink.address() as { port: number }).port;
    const seen: string[] = [];
    sink.on('request', (req) => seen.push(req.url ?? ''));
    try {
      // This machine's own non-loopback name stands for "somewhere else": local mode must not post there.
      for (const serviceUrl of [`http://${await outwardAddress()}:${port}/`, 'https://attacker.example.org/']) {
        const r = await h.post({ ...h.message(PEOPLE.amira, 'status R6.2'), serviceUrl });
        expect({ serviceUrl, status: r.status }).toEqual({ serviceUrl, status: 403 });
      }
      await new Promise((r) => setTimeout(r, 1_000));
      expect(seen).toEqual([]);
    } finally {
      await new Promise<void>((r) => sink.close(() => r()));
    }
  });

  test('a loopback service URL still works (the Playground and the stand-in)', async () => {
    const before = h.connector.sent.length;
    expect(await h.say(PEOPLE.amira, 'status R6.2')).toBe(200);
    await waitFor('the reply', () => h.connector.sent.length > before);
  });
});

describe('local mode will not listen beyond this computer', () => {
  test.each(['0.0.0.0', '::', '192.0.2.10', 'board.example.org'])(
    'HOST=%s without credentials is refused in one line',
    (host) => {
      expect(() => loadConfig({ HOST: host })).toThrow(/^Configuration error: HOST must be a loopback address[^\n]*$/);
    },
  );

  test.each(['127.0.0.1', '::1', 'localhost'])('HOST=%s is fine', (host) => {
    expect(loadConfig({ HOST: host }).host).toBe(host);
  });

  test('with credentials any host may be named', () => {
    const env = { MicrosoftAppId: 'a', MicrosoftAppPassword: 'b', MicrosoftAppTenantId: TENANT, HOST: '0.0.0.0' };
    expect(loadConfig(env).host).toBe('0.0.0.0');
  });
});

/** An IPv4 address of this machine that is not loopback (falls back to a TEST-NET address nobody answers). */
async function outwardAddress(): Promise<string> {
  const { networkInterfaces } = await import('node:os');
  const a = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal);
  return a?.address ?? '192.0.2.1';
}
