import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inputKey } from '../../cards/chasePromptCard';
import { azuriteConnectionString } from '../../bot/embeddedAzurite';
import { openTableStore } from '../../bot/store';
import { type BotProcess, startBotProcess } from '../support/botProcess';
import { PEOPLE, SEED_ROWS, TENANT, planCsv } from '../support/fixtures';
import { freePort } from '../support/freePort';
import { embeddedStorageEnv, runCliProcess } from '../import/cliProcess';

const CPC = 'lga-cpc-action-plan-2023';
const tempDir = (what: string) => mkdtempSync(path.join(tmpdir(), `${what}-`));

const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => (s.destroy(), resolve(true)));
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

test.each(['SIGINT', 'SIGTERM'] as const)(
  'an answer confirmed to the owner survives %s to npm start, and the imported plan with it',
  async (signal) => {
    const port = await freePort();
    const env = embeddedStorageEnv(await freePort(), tempDir('azurite'));
    bot = await startBotProcess(env, port);
    const file = path.join(tempDir('plan'), 'plan.csv');
    writeFileSync(file, planCsv(SEED_ROWS));
    // The import uses the bot's own Azurite (it finds it listening), as the README says.
    expect((await runCliProcess('import', [file], env)).stdout).toContain('6 new');
    const store = await openTableStore(azuriteConnectionString(Number(env.AZURITE_PORT)), 'board');
    await store.owners.save({ email: PEOPLE.amira.email, aadObjectId: PEOPLE.amira.aadObjectId, tenantId: TENANT });

    const narrative = 'Legal review slipped a week; Cabinet date unchanged.';
    expect(await saveClick(bot.url, 'R4.2', narrative)).toContain('R4.2 is recorded for the board');
    await bot.kill(signal);
    expect(bot.child.exitCode).toBe(0);
    expect(await listening(Number(env.AZURITE_PORT))).toBe(false);

    bot = await startBotProcess(env, port);
    const after = await openTableStore(azuriteConnectionString(Number(env.AZURITE_PORT)), 'board');
    expect((await after.actions.listAll()).map((a) => a.value.ref).sort()).toEqual(SEED_ROWS.map((r) => r[2]).sort());
    expect((await after.actions.get({ planId: CPC, ref: 'R4.2' }))?.value).toMatchObject({ rag: 'Amber', narrative });
    const history = await after.updates.listForAction({ planId: CPC, ref: 'R4.2' });
    expect(history.filter((u) => u.kind === 'update').map((u) => u.narrative)).toEqual([narrative]);
  },
  90_000,
);
