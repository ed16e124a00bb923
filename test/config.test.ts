import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { loadConfig } from '../bot/config';

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

test('npm start with a bad setting stops with one line naming the variable, not a stack trace', () => {
  const root = path.resolve(__dirname, '..');
  let stderr = '';
  let status = 0;
  try {
    execFileSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'bot/main.ts')], {
      env: { ...process.env, CHASE_TIME: '25:00' },
      stdio: 'pipe',
      cwd: root,
    });
  } catch (e) {
    const err = e as { status: number; stderr: Buffer };
    status = err.status;
    stderr = err.stderr.toString();
  }
  expect(status).toBe(2);
  expect(stderr.trim().split('\n')).toEqual([
    'Configuration error: CHASE_TIME must be HH:MM on the 24-hour clock, e.g. 09:00 (got "25:00")',
  ]);
});
