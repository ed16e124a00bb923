import { type App, startApp } from '../../bot/app';
import { silentLogger } from '../../bot/log';
import { loadConfig } from '../../bot/config';
import { freshPrefix, testConnectionString } from '../support/storage';
import { PEOPLE, TENANT } from '../support/fixtures';
import { type SigningKey, newSigningKey, signToken, startOpenIdServer } from '../support/botTokens';

const APP_ID = '3f6d2a10-7c1e-4b7a-9d51-2b8e4c0a9f11';
const SERVICE_URL = 'https://smba.trafficmanager.net/uk/';

describe('with app credentials, every inbound request must carry a valid Bot Framework token', () => {
  let app: App;
  let openId: Awaited<ReturnType<typeof startOpenIdServer>>;
  const trusted = newSigningKey('board-test-key');
  const attacker = newSigningKey('board-test-key'); // same key id, different key

  beforeAll(async () => {
    openId = await startOpenIdServer([trusted]);
    const config = loadConfig({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-used-here',
      MicrosoftAppTenantId: TENANT,
      BOT_OPENID_METADATA_URL: openId.metadataUrl,
      STORAGE_CONNECTION_STRING: testConnectionString(),
      TABLE_PREFIX: freshPrefix(),
      LOAD_DEMO_PLAN: 'false',
      SCHEDULER_ENABLED: 'false',
      PORT: '1',
      HOST: '127.0.0.1',
    });
    app = await startApp({ ...config, port: 0 }, silentLogger);
  });
  afterAll(async () => {
    await app.stop();
    await openId.stop();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const claims = (over: Record<string, unknown> = {}) => ({
    iss: 'https://api.botframework.com',
    aud: APP_ID,
    nbf: now() - 60,
    exp: now() + 600,
    serviceurl: SERVICE_URL,
    ...over,
  });
  const click = (authorization?: string, serviceUrl = SERVICE_URL) =>
    fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({
        type: 'invoke',
        name: 'adaptiveCard/action',
        channelId: 'msteams',
        serviceUrl,
        id: 'in-1',
        from: { id: PEOPLE.ben.id, aadObjectId: PEOPLE.ben.aadObjectId },
        recipient: { id: `28:${APP_ID}` },
        conversation: { id: 'a:1on1', conversationType: 'personal', tenantId: TENANT },
        channelData: { tenant: { id: TENANT } },
        value: {
          action: {
            type: 'Action.Execute',
            verb: 'noChange',
            data: { planId: 'lga-cpc-action-plan-2023', ref: 'R4.2', rev: 1 },
          },
        },
      }),
    });
  const bearer = (key: SigningKey, over?: Record<string, unknown>) => `Bearer ${signToken(key, claims(over))}`;

  test('a request signed with the published key is accepted', async () => {
    const r = await click(bearer(trusted));
    expect(r.status).toBe(200);
    expect(JSON.stringify(await r.json())).toContain('could not match your Teams account'); // reached the bot, which knows no such owner
  });

  test.each([
    ['no token at all', undefined],
    ['a token signed with another key under the same key id', bearer(attacker)],
    ['a token for another app', bearer(trusted, { aud: '9a9a9a9a-0000-4000-8000-000000000000' })],
    ['an expired token', bearer(trusted, { nbf: now() - 7200, exp: now() - 3600 })],
    ['a token from another issuer', bearer(trusted, { iss: 'https://evil.example.org' })],
    ['a token for another service URL', bearer(trusted, { serviceurl: 'https://attacker.example.org/' })],
    ['a malformed token', 'Bearer not.a.jwt'],
  ])('%s gets 401 and reaches no handler', async (_what, authorization) => {
    const r = await click(authorization);
    expect(r.status).toBe(401);
    expect(await r.text()).not.toContain('could not match');
  });

  test.each([
    'https://attacker.example.org/',
    'https://smba.trafficmanager.net.attacker.example/uk/',
    'http://smba.trafficmanager.net/uk/',
  ])(
    "a valid channel token for a service URL outside Teams' hosts (%s) gets 403 and reaches no handler",
    async (serviceUrl) => {
      const r = await click(bearer(trusted, { serviceurl: serviceUrl }), serviceUrl);
      expect(r.status).toBe(403);
      expect(await r.text()).not.toContain('could not match');
    },
  );

  test('every regional Teams service URL is accepted', async () => {
    for (const serviceUrl of ['https://smba.trafficmanager.net/emea/', 'https://smba.trafficmanager.net/amer/']) {
      const r = await click(bearer(trusted, { serviceurl: serviceUrl }), serviceUrl);
      expect({ serviceUrl, status: r.status }).toEqual({ serviceUrl, status: 200 });
    }
  });

  test('with credentials the bot listens on every interface; without them on loopback only', () => {
    expect(loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', MicrosoftAppTenantId: TENANT }).host).toBe(
      '0.0.0.0',
    );
    expect(loadConfig({}).host).toBe('127.0.0.1');
  });
});
