import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openConfiguredStore } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { loadDigest } from '../../bot/digest/loadDigest';
import { silentLogger } from '../../bot/log';
import { runCliProcess } from '../import/cliProcess';
import { type CsvRow, PEOPLE, planCsv } from '../support/fixtures';
import { freshPrefix, freshStore, testConnectionString } from '../support/storage';
import { recordOutcome } from './ledger';

/** Two plans of 40 actions: each plan takes two transactions, so a crash can fall between them. */
const PLANS = ['LGA CPC Action Plan 2023', 'HR Improvement Plan'];
const PER_PLAN = 40;
const rows: CsvRow[] = PLANS.flatMap((plan, p) =>
  Array.from(
    { length: PER_PLAN },
    (_, i): CsvRow => [
      plan,
      p === 0 ? 'Recommendation 4: Increase the pace of decision making' : 'Phase 1: Workforce planning',
      `${p === 0 ? 'R4' : 'HR1'}.${i + 1}`,
      `Action ${i + 1} of ${plan}.`,
      [PEOPLE.amira, PEOPLE.ben, PEOPLE.carys][i % 3].email,
      '2027-03-31',
      'In progress',
      'Green',
      'On track.',
    ],
  ),
);

/**
 * `npm run import` killed (SIGKILL, from a storage pipeline hook) just before its 1st, 2nd, 3rd…
 * write, until an import gets through: whenever it died, the next start (of the bot or a tool)
 * finishes it, so the plan file is in the store all or nothing, each action once, with one history row.
 */
test('an import killed before any of its writes is finished on the next start: all of the file, once', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'crash-import-'));
  const file = path.join(dir, 'plan.csv');
  writeFileSync(file, planCsv(rows));
  let crashes = 0;
  let wrong = 0;
  let nothing = 0;
  let finished = 0;
  for (let n = 1; n <= 40; n++) {
    const prefix = freshPrefix();
    const env = { STORAGE_CONNECTION_STRING: testConnectionString(), TABLE_PREFIX: prefix, LOAD_DEMO_PLAN: 'false' };
    const run = await runCliProcess('import', [file], { ...env, FAULT_KILL_AT_WRITE: String(n) });
    const crashed = run.signal === 'SIGKILL';
    if (crashed) crashes += 1;
    else expect([run.code, run.stdout]).toEqual([0, expect.stringContaining('80 new')]);
    // The next start of anything that opens the store (here, as the bot does) finishes what was cut short.
    await openConfiguredStore(loadConfig({ ...process.env, ...env }), silentLogger);
    const store = await freshStore(prefix);
    const actions = await store.actions.listAll();
    const histories = await Promise.all(actions.map((a) => store.updates.listForAction(a)));
    expect(await store.imports.pending()).toEqual([]);
    if (actions.length === 0) {
      // Nothing: the crash came before the import was journalled, and it never said it had imported.
      expect(crashed).toBe(true);
      expect(await store.plans.list()).toEqual([]);
      nothing += 1;
    } else {
      // All: every action of the file once, each with its one history row, and the digest counting them all.
      const once = actions.length === rows.length && histories.every((h) => h.length === 1 && h[0].kind === 'import');
      if (!once) wrong += 1;
      expect({ n, actions: actions.length, histories: histories.map((h) => h.length).filter((l) => l !== 1) }).toEqual({
        n,
        actions: rows.length,
        histories: [],
      });
      expect((await loadDigest(store, {}, new Date())).mix.total).toBe(rows.length);
      if (crashed) finished += 1;
    }
    if (!crashed) break; // the import needed fewer than n writes: every crash point has been tried
  }
  expect(crashes).toBeGreaterThanOrEqual(4);
  expect(finished).toBeGreaterThanOrEqual(3); // cut short after it was journalled, finished on the next start
  // Only before the journal was in storage: the new store's schema row (bot/store/ownerTable.ts) and the journal's own writes.
  expect(nothing).toBeLessThanOrEqual(3);
  recordOutcome({
    fault: `kill -9 of npm run import before each of its ${crashes} writes (${finished} finished on restart, ${nothing} never started)`,
    repliesLost: wrong,
  });
}, 300_000);
