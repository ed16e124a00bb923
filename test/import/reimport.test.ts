import { nameOf } from '../../bot/domain/people';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chaseSettingsOf } from '../../bot/app';
import { loadDigest } from '../../bot/digest/loadDigest';
import { planCycle } from '../../bot/domain/chasePolicy';
import type { BoardStore } from '../../bot/domain/ports';
import { type BoardBotError, ErrorCode } from '../../bot/errors';
import { importPlanRows } from '../../bot/import/importPlan';
import { parsePlanCsv } from '../../bot/import/planCsv';
import {
  type CsvRow,
  NAMED_OWNER_HEADER,
  PEOPLE,
  SEED_ROWS,
  csvText,
  planCsv,
  testConfig,
  windows1252,
  withOwnerNames,
} from '../support/fixtures';
import { freshPrefix, freshStore, testConnectionString } from '../support/storage';
import { runCliProcess } from './cliProcess';

const CPC = 'lga-cpc-action-plan-2023';
const HR = 'hr-improvement-plan';
const rowsOf = (rows: CsvRow[]) => parsePlanCsv(planCsv(rows)).rows;
const without = (ref: string) => SEED_ROWS.filter((r) => r[2] !== ref);
const edit = (ref: string, ...cells: [number, string][]): CsvRow[] =>
  SEED_ROWS.map((r) => {
    const copy = [...r] as CsvRow;
    if (r[2] === ref) for (const [c, v] of cells) copy[c] = v;
    return copy;
  });
const day = (d: number) => new Date(Date.UTC(2026, 10, 16 + d, 10));
const settings = chaseSettingsOf(testConfig('', 'x'));
/** The actions each owner would be asked about if a chase ran now. */
const chasedRefs = async (store: BoardStore) =>
  planCycle(await store.actions.listAll(), day(14), settings).flatMap((p) =>
    p.kind === 'prompt' ? p.actions.map((a) => a.ref) : [],
  );

test('a reference re-typed in another case is the same action, keeping the stored spelling', async () => {
  const store = await freshStore();
  await importPlanRows(store, rowsOf(SEED_ROWS), day(0));
  const retyped = edit('HR1.2', [2, 'hr1.2'], [5, '2027-02-26']);
  expect(await importPlanRows(store, rowsOf(retyped), day(1))).toMatchObject({ created: 0, changed: 1 });
  const hr = (await store.actions.listByPlan(HR)).map((a) => [a.value.ref, a.value.dueDate]);
  expect(hr.sort()).toEqual([
    ['HR1.2', '2027-02-26'],
    ['HR2.1', '2027-03-31'],
  ]);
  const history = await store.updates.listForAction({ planId: HR, ref: 'HR1.2' });
  expect(history.map((u) => [u.ref, u.dueDate])).toEqual([
    ['HR1.2', '2027-01-29'],
    ['HR1.2', '2027-02-26'],
  ]);
});

test('a file naming a plan that maps onto a stored plan with another name is refused, nothing written', async () => {
  const store = await freshStore();
  await importPlanRows(store, rowsOf(SEED_ROWS), day(0));
  const renamed = SEED_ROWS.map((r) =>
    r[0] === 'HR Improvement Plan' ? (['HR-Improvement Plan', ...r.slice(1)] as CsvRow) : r,
  );
  const moved = renamed.map((r) =>
    r[2] === 'HR2.1' ? ([...r.slice(0, 5), '2027-06-30', ...r.slice(6)] as CsvRow) : r,
  );
  const refused = await importPlanRows(store, rowsOf(moved), day(1)).catch((e: BoardBotError) => e);
  expect(refused).toMatchObject({
    code: ErrorCode.ImportInvalid,
    detail: {
      problems: [
        {
          line: 5,
          column: 'plan',
          reason: expect.stringMatching(/"HR-Improvement Plan" would be the same plan as "HR Improvement Plan"/),
        },
      ],
    },
  });
  expect((await store.plans.list()).map((p) => p.name)).toContain('HR Improvement Plan');
  expect((await store.actions.get({ planId: HR, ref: 'HR2.1' }))?.value.dueDate).toBe('2027-03-31');
  expect(await store.updates.listForPlan(HR)).toHaveLength(SEED_ROWS.filter((r) => r[0].startsWith('HR')).length);
});

test('rows missing from a re-import are reported and left open; --retire-missing retires the open ones', async () => {
  const store = await freshStore();
  await importPlanRows(store, rowsOf(SEED_ROWS), day(0));
  const before = await loadDigest(store, {}, day(1));
  expect(await chasedRefs(store)).toContain('R6.2');

  // R6.2 (open, Red) and R2.1 (Complete) are no longer in the file.
  const file = rowsOf(SEED_ROWS.filter((r) => r[2] !== 'R6.2' && r[2] !== 'R2.1'));
  const reported = await importPlanRows(store, file, day(2));
  expect(reported.missing.map((m) => [m.action.ref, m.action.status, m.retired])).toEqual([
    ['R2.1', 'Complete', false],
    ['R6.2', 'In progress', false],
  ]);
  expect(reported.retired).toBe(0);
  expect(await chasedRefs(store)).toContain('R6.2'); // nothing changed until the secretariat asks

  const retired = await importPlanRows(store, file, day(3), 'import of plan.csv', { retireMissing: true });
  expect(retired.missing.map((m) => [m.action.ref, m.retired])).toEqual([
    ['R2.1', false],
    ['R6.2', true],
  ]);
  expect(retired.retired).toBe(1);
  expect((await store.actions.get({ planId: CPC, ref: 'R2.1' }))?.value.status).toBe('Complete');
  expect((await store.actions.get({ planId: CPC, ref: 'R6.2' }))?.value).toMatchObject({
    status: 'In progress', // kept as it was: retiring takes it out of the plan, it does not complete it
    retired: { at: day(3).toISOString(), by: 'import of plan.csv', reason: 'not in the plan file any more' },
  });
  const history = await store.updates.listForAction({ planId: CPC, ref: 'R6.2' });
  expect(history.at(-1)).toMatchObject({
    kind: 'retire',
    byEmail: 'import of plan.csv',
    note: expect.stringMatching(/retired.*not in the plan file/),
  });
  expect(await chasedRefs(store)).not.toContain('R6.2');
  const after = await loadDigest(store, {}, day(4));
  expect(after.mix.total).toBe(before.mix.total - 1);
  expect(after.mix.red).toBe(before.mix.red - 1);
  expect(after.mix.inProgress).toBe(before.mix.inProgress - 1);
  expect(after.exceptions.map((l) => l.ref)).not.toContain('R6.2');

  // Once retired it is not reported again; listed in a later file, it comes back with the file's progress.
  expect((await importPlanRows(store, file, day(5))).missing.map((m) => m.action.ref)).toEqual(['R2.1']);
  const back = await importPlanRows(store, rowsOf(without('R2.1')), day(6));
  expect(back).toMatchObject({ created: 0, changed: 1 });
  expect((await store.actions.get({ planId: CPC, ref: 'R6.2' }))?.value).toMatchObject({
    status: 'In progress',
    rag: 'Red',
  });
  expect((await store.updates.listForAction({ planId: CPC, ref: 'R6.2' })).at(-1)?.note).toBe(
    'restored by plan import',
  );
  expect(await chasedRefs(store)).toContain('R6.2');
});

test("a name column is the plan's name for each owner: shown until Teams gives theirs, never over it", async () => {
  const store = await freshStore();
  await store.owners.save({ email: PEOPLE.ben.email, name: 'Benjamin Okafor' });
  await importPlanRows(store, parsePlanCsv(csvText(NAMED_OWNER_HEADER, withOwnerNames(SEED_ROWS))).rows, day(0));
  const shown = async (email: string) => nameOf((await store.owners.get(email))?.value);
  expect(await shown(PEOPLE.amira.email)).toBe(PEOPLE.amira.name);
  expect(await shown(PEOPLE.carys.email)).toBe(PEOPLE.carys.name);
  expect(await shown(PEOPLE.ben.email)).toBe('Benjamin Okafor');
  expect((await store.owners.get(PEOPLE.ben.email))?.value.planName).toBe(PEOPLE.ben.name);
  // A later file with another spelling replaces the plan's name (not the Teams one).
  const renamed = withOwnerNames(SEED_ROWS).map((r) =>
    r[5] === PEOPLE.amira.email ? [...r.slice(0, 4), 'Dr Amira Khan', ...r.slice(5)] : r,
  );
  await importPlanRows(store, parsePlanCsv(csvText(NAMED_OWNER_HEADER, renamed)).rows, day(1));
  expect(await shown(PEOPLE.amira.email)).toBe('Dr Amira Khan');
});

describe('npm run import', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-'));
  const write = (name: string, bytes: string | Uint8Array) => {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    return file;
  };
  const env = (prefix: string) => ({ STORAGE_CONNECTION_STRING: testConnectionString(), TABLE_PREFIX: prefix });

  test('lists the rows a re-import no longer has, and retires the open ones only with --retire-missing', async () => {
    const prefix = freshPrefix();
    expect((await runCliProcess('import', [write('all.csv', planCsv(SEED_ROWS))], env(prefix))).code).toBe(0);
    const shorter = write('shorter.csv', planCsv(without('HR2.1')));

    const listed = await runCliProcess('import', [shorter], env(prefix));
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`1 action of these plans is not in ${shorter} and was left as it was:`);
    expect(listed.stdout).toContain(
      `  HR Improvement Plan HR2.1: Launch the new recruitment and onboarding process. (${PEOPLE.ben.email}, Not started)`,
    );
    expect(listed.stdout).toContain(`to retire it, run: npm run import -- ${shorter} --retire-missing`);

    const retired = await runCliProcess('import', [shorter, '--retire-missing'], env(prefix));
    expect(retired.code).toBe(0);
    expect(retired.stdout).toContain('1 retired (recorded in its history, no longer chased)');
    expect(retired.stdout).toContain('HR2.1: Launch the new recruitment and onboarding process.');
    expect(retired.stdout).toContain('was Not started, now retired');
    const store = await freshStore(prefix);
    expect((await store.actions.get({ planId: HR, ref: 'HR2.1' }))?.value.retired).toMatchObject({
      reason: 'not in the plan file any more',
    });

    const usage = await runCliProcess('import', [shorter, '--retire-all'], env(prefix));
    expect([usage.code, usage.stderr.trim()]).toEqual([
      2,
      'Usage: npm run import -- <plan.csv> [--retire-missing]: unknown option "--retire-all"',
    ]);
  }, 60_000);

  test('a Windows-1252 file is stored with its accents and pound signs, and the tool says how it read it', async () => {
    const prefix = freshPrefix();
    const narrative = 'Café budget £200k agreed.';
    const file = write('ansi.csv', windows1252(planCsv(edit('PR1.4', [8, narrative]))));
    const r = await runCliProcess('import', [file], env(prefix));
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`${file} was read as Windows-1252 (it is not UTF-8)`);
    const store = await freshStore(prefix);
    const pr = await store.actions.get({ planId: 'procurement-improvement-plan', ref: 'PR1.4' });
    expect(pr?.value.narrative).toBe(narrative);
  }, 60_000);

  test('a plan name clashing with the board is refused in the line, column, reason form', async () => {
    const prefix = freshPrefix();
    await runCliProcess('import', [write('first.csv', planCsv(SEED_ROWS))], env(prefix));
    const renamed = SEED_ROWS.map((r) =>
      r[0] === 'Procurement Improvement Plan' ? (['Procurement (Improvement) Plan', ...r.slice(1)] as CsvRow) : r,
    );
    const file = write('renamed.csv', planCsv(renamed));
    const r = await runCliProcess('import', [file], env(prefix));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Nothing was imported: 1 problem in ${file}.`);
    expect(r.stderr).toContain(
      '  line 7, column "plan": "Procurement (Improvement) Plan" would be the same plan as "Procurement Improvement Plan"',
    );
  }, 60_000);
});
