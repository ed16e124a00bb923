import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inputKey } from '../../cards/chasePromptCard';
import { azuriteConnectionString } from '../../bot/embeddedAzurite';
import { openTableStore } from '../../bot/store';
import { type BotProcess, startBotProcess } from '../support/botProcess';
import { PEOPLE, SEED_ROWS, TENANT, manyRows, planCsv } from '../support/fixtures';
import { freePort } from '../support/freePort';
import { embeddedStorageEnv, runCliProcess } from '../import/cliProcess';

const CPC = 'lga-cpc-action-plan-2023';
const tempDir = (what: string) => mkdtempSync(path.join(tmpdir(), `${what}-`));

const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });

let bot: BotProcess | undefined;
afterEach(async () => {
  await bot?.kill('SIGINT');
  bot = undefined;
});

test('npm run import with no bot running: the plan is still there when the next tool starts', async () => {
  const location = tempDir('azurite');
  const env = embeddedStorageEnv(await freePort(), location);
  const file = path.join(tempDir('plan'), 'plan.csv');
  writeFileSync(file, planCsv(SEED_ROWS));

  const first = await runCliProcess('import', [file], env);
  expect(first.stderr).toBe('');
  expect(first.stdout).toContain('6 new, 0 changed, 0 unchanged');
  expect(first.code).toBe(0);
  expect(await listening(Number(env.AZURITE_PORT))).toBe(false); // the tool's Azurite went with it

  const second = await runCliProcess('import', [file], env);
  expect(second.stdout).toContain('0 new, 0 changed, 6 unchanged');
  const digest = await runCliProcess('digest', ['--plan', 'HR Improvement Plan'], env);
  expect(digest.code).toBe(0);
  expect(digest.stdout).toContain('HR1.2');
}, 90_000);

/** An owner's Save click on the card for `ref`, as Teams would POST it. */
async function saveClick(url: string, ref: string, narrative: string): Promise<string> {
  const key = inputKey({ planId: CPC, ref });
  const r = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'invoke',
      name: 'adaptiveCard/action',
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9',
      id: `click-${ref}`,
      from: { id: PEOPLE.amira.id, aadObjectId: PEOPLE.amira.aadObjectId },
      recipient: { id: 'board-chaser-local' },
      conversation: { id: 'a:1on1-amira', conversationType: 'personal', tenantId: TENANT },
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'saveUpdate',
          data: {
            planId: CPC,
            ref,
            rev: 1,
            [`status|${key}`]: 'In progress',
            [`rag|${key}`]: 'Amber',
            [`narrative|${key}`]: narrative,
          },
        },
      },
    }),
  });
  return r.text();
}

/** Whether the import has begun writing: its plan is there. */
const writing = async (port: number): Promise<boolean> => {
  if (!(await listening(port))) return false;
  const store = await openTableStore(azuriteConnectionString(port), 'board').catch(() => undefined);
  return ((await store?.plans.list().catch(() => [])) ?? []).length > 0;
};

/** Waits until nothing listens on `port` (Azurite has saved and gone), up to `ms`. */
async function released(port: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (await listening(port)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

test.each(['SIGINT', 'SIGTERM', 'SIGKILL'] as const)(
  'an answer confirmed to the owner survives %s to npm start, and the imported plan with it',
  async (signal) => {
    const port = await freePort();
    const env = embeddedStorageEnv(await freePort(), tempDir('azurite'));
    const azuritePort = Number(env.AZURITE_PORT);
    bot = await startBotProcess(env, port);
    const file = path.join(tempDir('plan'), 'plan.csv');
    writeFileSync(file, planCsv(SEED_ROWS));
    // The import uses the bot's own Azurite (it finds it listening), as the README says.
    expect((await runCliProcess('import', [file], env)).stdout).toContain('6 new');
    const store = await openTableStore(azuriteConnectionString(azuritePort), 'board');
    await store.owners.save({ email: PEOPLE.amira.email, aadObjectId: PEOPLE.amira.aadObjectId, tenantId: TENANT });

    const narrative = 'Legal review slipped a week; Cabinet date unchanged.';
    expect(await saveClick(bot.url, 'R4.2', narrative)).toContain('R4.2 is recorded for the board');
    await bot.kill(signal);
    if (signal !== 'SIGKILL') {
      expect(bot.child.exitCode).toBe(0);
      expect(await listening(azuritePort)).toBe(false); // the bot waited for Azurite to save and exit
    }
    // Even a bot killed outright closes Azurite's IPC channel, and Azurite then saves and exits by itself.
    expect(await released(azuritePort, 5000)).toBe(true);

    bot = await startBotProcess(env, port);
    const after = await openTableStore(azuriteConnectionString(azuritePort), 'board');
    expect((await after.actions.listAll()).map((a) => a.ref).sort()).toEqual(SEED_ROWS.map((r) => r[2]).sort());
    expect((await after.actions.get({ planId: CPC, ref: 'R4.2' }))?.value).toMatchObject({ rag: 'Amber', narrative });
    const history = await after.updates.listForAction({ planId: CPC, ref: 'R4.2' });
    expect(history.filter((u) => u.kind === 'update').map((u) => u.narrative)).toEqual([narrative]);
  },
  90_000,
);

test.each(['SIGINT', 'SIGTERM'] as const)(
  'npm run import stopped by %s part-way: it says so, and its Azurite saves and exits with it',
  async (signal) => {
    const env = embeddedStorageEnv(await freePort(), tempDir('azurite'));
    const azuritePort = Number(env.AZURITE_PORT);
    const rows = manyRows(1500);
    const file = path.join(tempDir('plan'), 'plan.csv');
    writeFileSync(file, planCsv(rows));
    const run = await runCliProcess('import', [file], env, async (send) => {
      while (!(await writing(azuritePort))) await new Promise((r) => setTimeout(r, 20));
      send(signal);
    });
    expect(run.stdout).not.toContain('Imported');
    expect(run.stderr).toContain(`Import interrupted (${signal}): stopping.`);
    expect(run.code).toBe(signal === 'SIGINT' ? 130 : 143);
    expect(await listening(azuritePort)).toBe(false);

    const again = await runCliProcess('import', [file], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Imported ${rows.length} rows`);
  },
  90_000,
);
