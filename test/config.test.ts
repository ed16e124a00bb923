import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../bot/config';
import { freePort } from './support/freePort';

test('defaults give a local bot on loopback with the embedded Azurite and a Monday 09:00 chase', () => {
  const c = loadConfig({});
  expect(c).toMatchObject({ port: 3978, host: '127.0.0.1', credentials: undefined, loadDemoPlan: true });
  expect(c.storage.connectionString).toBeUndefined();
  expect(c.chase).toMatchObject({ weekday: 1, time: '09:00', nudgeAfterWorkingDays: 2, escalateAfterWorkingDays: 5 });
});

test('with app credentials the bot listens on every interface', () => {
  const c = loadConfig({
    MicrosoftAppId: 'a1b2',
    MicrosoftAppPassword: 's3cret',
    MicrosoftAppTenantId: 'contoso.onmicrosoft.com',
  });
  expect(c.host).toBe('0.0.0.0');
  expect(c.credentials?.appType).toBe('SingleTenant');
  expect(c.homeTenantId).toBe('contoso.onmicrosoft.com');
});

test('home tenant only: MultiTenant is not offered, and every bot with credentials names its tenant', () => {
  const app = {
    MicrosoftAppId: 'a1b2',
    MicrosoftAppPassword: 's3cret',
    MicrosoftAppTenantId: 'contoso.onmicrosoft.com',
  };
  expect(() => loadConfig({ ...app, MicrosoftAppType: 'MultiTenant' })).toThrow(
    'MicrosoftAppType must be SingleTenant or UserAssignedMSI (the bot serves its home tenant only; MultiTenant is not offered)',
  );
  expect(() => loadConfig({ MicrosoftAppId: 'a1b2', MicrosoftAppType: 'UserAssignedMSI' })).toThrow(
    'MicrosoftAppTenantId is required: the home tenant',
  );
  expect(loadConfig({}).homeTenantId).toBeUndefined(); // local mode: no tenant to hold activities to
});

test.each([
  [{ CHASE_TIME: '9am' }, 'CHASE_TIME must be HH:MM on the 24-hour clock, e.g. 09:00 (got "9am")'],
  [{ CHASE_DAY: 'Sunday' }, 'CHASE_DAY must be one of monday, tuesday, wednesday, thursday, friday'],
  [{ PORT: 'eighty' }, 'PORT'],
  [
    { NUDGE_AFTER_WORKING_DAYS: '5', ESCALATE_AFTER_WORKING_DAYS: '3' },
    'ESCALATE_AFTER_WORKING_DAYS must be greater than NUDGE_AFTER_WORKING_DAYS (5)',
  ],
  [{ MicrosoftAppId: 'a1b2' }, 'MicrosoftAppPassword is required when MicrosoftAppId is set'],
])('a bad setting %j is named in one clear line', (env, message) => {
  expect(() => loadConfig(env)).toThrow(message);
});

describe('installing the app for owners through Microsoft Graph', () => {
  const bot = {
    MicrosoftAppId: 'a1b2',
    MicrosoftAppPassword: 's3cret',
    MicrosoftAppTenantId: 'contoso.onmicrosoft.com',
  };

  test('off unless GRAPH_INSTALL_ENABLED is on', () => {
    expect(loadConfig(bot).graph).toBeUndefined();
  });

  test("on: the bot's own app and secret sign in, against the public cloud by default", () => {
    const c = loadConfig({ ...bot, GRAPH_INSTALL_ENABLED: 'True', TEAMS_CATALOG_APP_ID: 'cat-1' });
    expect(c.graph).toMatchObject({
      catalogAppId: 'cat-1',
      baseUrl: 'https://graph.microsoft.com/v1.0',
      authorityHost: 'https://login.microsoftonline.com',
      tenantId: 'contoso.onmicrosoft.com',
      credential: { kind: 'client-secret', clientId: 'a1b2', clientSecret: 's3cret' },
      serviceUrl: 'https://smba.trafficmanager.net/teams/',
      maxRetryAfterMs: 30_000,
    });
  });

  test('a bot that is a user-assigned managed identity signs in to Graph as that identity', () => {
    const c = loadConfig({
      MicrosoftAppId: 'mi-client-id',
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: 'contoso.onmicrosoft.com',
      GRAPH_INSTALL_ENABLED: 'true',
      TEAMS_CATALOG_APP_ID: 'cat-1',
    });
    expect(c.graph?.credential).toEqual({ kind: 'managed-identity', clientId: 'mi-client-id' });
  });

  test.each([
    [{ ...bot, GRAPH_INSTALL_ENABLED: 'true' }, 'TEAMS_CATALOG_APP_ID is required when GRAPH_INSTALL_ENABLED is on'],
    [
      { GRAPH_INSTALL_ENABLED: 'true', TEAMS_CATALOG_APP_ID: 'cat-1', MicrosoftAppTenantId: 't' },
      'MicrosoftAppId is required when GRAPH_INSTALL_ENABLED is on',
    ],
    [{ ...bot, GRAPH_BASE_URL: 'http://graph.example' }, 'GRAPH_BASE_URL must be an https:// URL'],
    [{ ...bot, GRAPH_CREDENTIAL: 'certificate' }, 'GRAPH_CREDENTIAL must be client-secret or managed-identity'],
  ])('a bad Graph setting %j is named', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

test('a bad secret is named but its value is never shown', () => {
  const secret = 'short-export-key-canary';
  let message = '';
  try {
    loadConfig({ EXPORT_LINK_SECRET: secret });
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toContain('EXPORT_LINK_SECRET must be at least 32 characters');
  expect(message).not.toContain(secret);
});

test("more than one instance needs EXPORT_LINK_SECRET (every instance must check the others' links)", () => {
  expect(() => loadConfig({ INSTANCE_COUNT: '2' })).toThrow('EXPORT_LINK_SECRET is required with INSTANCE_COUNT=2');
  expect(loadConfig({ INSTANCE_COUNT: '2', EXPORT_LINK_SECRET: 'k'.repeat(32) }).instanceCount).toBe(2);
});

test.each([
  [
    { CHASE_TIME: '25:00' },
    'Configuration error: CHASE_TIME must be HH:MM on the 24-hour clock, e.g. 09:00 (got "25:00")',
  ],
  [
    { HOST: '0.0.0.0' },
    'Configuration error: HOST must be a loopback address (127.0.0.1, ::1 or localhost) without app credentials: local mode has no authentication, so it listens only on this computer (set MicrosoftAppId to serve other hosts) (got "0.0.0.0")',
  ],
])(
  'npm start with a bad setting (%j) stops with one line naming the variable, not a stack trace',
  async (bad, line) => {
    const root = path.resolve(__dirname, '..');
    // Only this setting and what tsx needs: nothing from the machine's environment or a .env (a PORT, a storage
    // account or credentials set there would change the answer), and free ports with a throwaway store in case it did start.
    const [port, azuritePort] = [await freePort(), await freePort()];
    const data = mkdtempSync(path.join(tmpdir(), 'config-test-'));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      TMPDIR: tmpdir(),
      ...bad,
      PORT: String(port),
      AZURITE_PORT: String(azuritePort),
      AZURITE_LOCATION: data,
      SCHEDULER_ENABLED: 'false',
      LOAD_DEMO_PLAN: 'false',
    };
    let stderr = '';
    let status = 0;
    try {
      execFileSync(
        process.execPath,
        [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'bot/main.ts')],
        {
          env,
          stdio: 'pipe',
          cwd: data, // bot/main.ts reads .env from its working folder: not a developer's .env in the repository
          timeout: 30_000,
        },
      );
    } catch (e) {
      const err = e as { status: number; stderr: Buffer };
      status = err.status;
      stderr = err.stderr.toString();
    }
    rmSync(data, { recursive: true, force: true });
    expect(status).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([line]);
  },
);
