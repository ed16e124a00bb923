import { spawn } from 'node:child_process';
import path from 'node:path';
import { ConnectorStandIn } from '../support/connectorStandIn';
import { PEOPLE, SEED_ROWS, TENANT, planCsv } from '../support/fixtures';
import { freshPrefix, freshStore, testConnectionString } from '../support/storage';
import { parsePlanCsv } from '../../bot/import/planCsv';
import { importPlanRows } from '../../bot/import/importPlan';

const ROOT = path.resolve(__dirname, '../..');

/** Runs `npm run chase` as a real process; `kill` decides when to SIGKILL it. */
function runChaseProcess(env: Record<string, string>, connector: ConnectorStandIn, killWhen?: (method: string, path: string) => boolean) {
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'bot/cli/chase.ts'), '--cycle', 'crash-test'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  if (killWhen) connector.onRequest = (m, p) => killWhen(m, p) && child.kill('SIGKILL');
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out })));
}

let connector: ConnectorStandIn;
afterEach(async () => connector?.stop());

test('a chase cycle killed mid-send resumes in a new process without prompting anyone twice', async () => {
  connector = await new ConnectorStandIn().start();
  const prefix = freshPrefix();
  const store = await freshStore(prefix);
  await importPlanRows(store, parsePlanCsv(planCsv(SEED_ROWS)).rows, new Date('2026-11-20T09:00:00Z'));
  for (const p of [PEOPLE.amira, PEOPLE.ben, PEOPLE.carys]) {
    await store.owners.save({ email: p.email, name: p.name, aadObjectId: p.aadObjectId, teamsUserId: p.id, tenantId: TENANT, serviceUrl: connector.url });
  }
  // Teams stores Ben's card, then the process dies before it hears back.
  connector.faults.push({ match: (m, p) => m === 'POST' && p.includes(PEOPLE.ben.id) && p.includes('/activities'), status: 201, deliverAnyway: true, delayMs: 30_000 });
  const env = { STORAGE_CONNECTION_STRING: testConnectionString(), TABLE_PREFIX: prefix, LOAD_DEMO_PLAN: 'false', SCHEDULER_ENABLED: 'false', CHASE_CONCURRENCY: '1' };

  const crashed = await runChaseProcess(env, connector, (m, p) => m === 'POST' && p.includes(PEOPLE.ben.id) && p.includes('/activities'));
  expect(crashed.signal).toBe('SIGKILL');
  const mid = Object.fromEntries((await store.prompts.listCycle('crash-test')).map((p) => [p.value.ownerEmail, p.value.state]));
  expect(mid).toEqual({ [PEOPLE.amira.email]: 'sent', [PEOPLE.ben.email]: 'sending', [PEOPLE.carys.email]: 'pending' });

  connector.onRequest = undefined;
  const resumed = await runChaseProcess({ ...env, CLAIM_TIMEOUT_MS: '0' }, connector);
  expect(resumed.code).toBe(0);
  const report = JSON.parse(resumed.out.trim().split('\n').filter((l) => l.startsWith('{"cycleId"')).at(-1) as string);
  expect(report).toMatchObject({ cycleId: 'crash-test', prompted: 1, unknown: 1 });

  for (const p of [PEOPLE.amira, PEOPLE.ben, PEOPLE.carys]) expect(connector.sentTo(p.id)).toHaveLength(1);
  const after = Object.fromEntries((await store.prompts.listCycle('crash-test')).map((p) => [p.value.ownerEmail, p.value]));
  expect(after[PEOPLE.ben.email].state).toBe('unknown');
  expect(after[PEOPLE.ben.email].reason).toContain('not resent');
  expect(after[PEOPLE.carys.email].state).toBe('sent');
  expect((await store.cycles.get('crash-test'))?.value.completedAt).toBeDefined();
}, 60_000);
