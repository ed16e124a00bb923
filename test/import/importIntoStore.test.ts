import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importPlanRows } from '../../bot/import/importPlan';
import { parsePlanCsv } from '../../bot/import/planCsv';
import { applyReply } from '../../bot/domain/recordReply';
import { type CsvRow, PEOPLE, SEED_ROWS, planCsv } from '../support/fixtures';
import { freshPrefix, freshStore, testConnectionString } from '../support/storage';

const ROOT = path.resolve(__dirname, '../..');
const rowsOf = (rows: CsvRow[]) => parsePlanCsv(planCsv(rows)).rows;
const CPC = 'lga-cpc-action-plan-2023';

test('a plan file imports every action with its first history row, and importing it again changes nothing', async () => {
  const store = await freshStore();
  const first = await importPlanRows(store, rowsOf(SEED_ROWS), new Date('2026-11-20T10:00:00Z'));
  expect(first).toEqual({ plans: 3, created: 6, changed: 0, unchanged: 0, missing: [], retired: 0 });
  expect((await store.plans.list()).map((p) => p.name).sort()).toEqual([
    'HR Improvement Plan',
    'LGA CPC Action Plan 2023',
    'Procurement Improvement Plan',
  ]);
  const r62 = (await store.actions.get({ planId: CPC, ref: 'R6.2' }))?.value;
  expect(r62).toMatchObject({
    ownerEmail: PEOPLE.amira.email,
    dueDate: '2026-10-30',
    status: 'In progress',
    rag: 'Red',
    revision: 1,
  });
  expect((await store.actions.get({ planId: CPC, ref: 'R4.2' }))?.value.dueDate).toBe('2026-12-18'); // UK date read as 18 Dec

  const again = await importPlanRows(store, rowsOf(SEED_ROWS), new Date('2026-11-21T10:00:00Z'));
  expect(again).toEqual({ plans: 3, created: 0, changed: 0, unchanged: 6, missing: [], retired: 0 });
  expect(await store.updates.listForPlan(CPC)).toHaveLength(3);
  expect((await store.actions.get({ planId: CPC, ref: 'R6.2' }))?.value.revision).toBe(1);
});

test("re-importing the old file does not undo an owner's newer reply; a changed file is applied and recorded", async () => {
  const store = await freshStore();
  await importPlanRows(store, rowsOf(SEED_ROWS), new Date('2026-11-20T10:00:00Z'));
  const current = (await store.actions.get({ planId: CPC, ref: 'R6.2' }))!;
  const { action, update } = applyReply(
    current.value,
    {
      kind: 'update',
      fields: { status: 'In progress', rag: 'Amber', narrative: 'Terms of reference agreed in principle.' },
    },
    { byEmail: PEOPLE.amira.email, at: '2026-11-23T09:30:00.000Z', updateId: 'u1' },
  );
  await store.actions.commit({ action, etag: current.etag, update });

  expect(await importPlanRows(store, rowsOf(SEED_ROWS), new Date('2026-11-24T10:00:00Z'))).toMatchObject({
    changed: 0,
    unchanged: 6,
  });
  expect((await store.actions.get({ planId: CPC, ref: 'R6.2' }))?.value.rag).toBe('Amber');

  const moved = SEED_ROWS.map((r) =>
    r[2] === 'R6.2' ? ([...r.slice(0, 4), PEOPLE.ben.email, '2027-02-26', ...r.slice(6)] as CsvRow) : r,
  );
  expect(await importPlanRows(store, rowsOf(moved), new Date('2026-11-25T10:00:00Z'))).toMatchObject({
    changed: 1,
    unchanged: 5,
  });
  const after = (await store.actions.get({ planId: CPC, ref: 'R6.2' }))?.value;
  expect(after).toMatchObject({ ownerEmail: PEOPLE.ben.email, dueDate: '2027-02-26', rag: 'Amber', revision: 3 });
  const history = await store.updates.listForAction({ planId: CPC, ref: 'R6.2' });
  expect(history.map((u) => u.kind)).toEqual(['import', 'update', 'import']);
});

function runImport(file: string, prefix: string) {
  return spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'bot/cli/import.ts'), file],
    {
      cwd: ROOT,
      env: { ...process.env, STORAGE_CONNECTION_STRING: testConnectionString(), TABLE_PREFIX: prefix },
      encoding: 'utf8',
    },
  );
}

test('npm run import: a file with bad rows imports nothing and names every bad row by line, column and reason', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-'));
  const bad = path.join(dir, 'plan.csv');
  const rows: CsvRow[] = [
    SEED_ROWS[0],
    [
      'LGA CPC Action Plan 2023',
      'Recommendation 6',
      'R6.3',
      'Agree a shared outcomes framework,\nwith partners.',
      PEOPLE.amira.email,
      '30/02/2027',
      'In progress',
      'Green',
      'ok',
    ],
    [
      'HR Improvement Plan',
      'Phase 1',
      'HR1.9',
      'Audit agency contracts.',
      'ben.okafor@',
      '2027-01-15',
      'Started',
      'Green',
      '',
    ],
    [
      'HR Improvement Plan',
      'Phase 1',
      'HR1.10',
      'Publish the workforce strategy.',
      PEOPLE.ben.email,
      '2027-01-15',
      'In progress',
      'Red',
      '',
    ],
  ];
  writeFileSync(bad, `\ufeff${planCsv(rows).replace(/\n/g, '\r\n')}`);
  const prefix = freshPrefix();
  const r = runImport(bad, prefix);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('Nothing was imported: 4 problems');
  expect(r.stderr).toContain('line 3, column "due date": "30/02/2027" is not a date');
  expect(r.stderr).toContain('line 5, column "owner email": is not an email address');
  expect(r.stderr).toContain('line 5, column "status": "Started" is not a status');
  expect(r.stderr).toContain('line 6, column "narrative": is required for Red actions');
  const store = await freshStore(prefix);
  expect(await store.plans.list()).toEqual([]);
  expect(await store.actions.listAll()).toEqual([]);

  const good = path.join(dir, 'good.csv');
  writeFileSync(good, planCsv(SEED_ROWS));
  const ok = runImport(good, prefix);
  expect(ok.stdout).toContain('Imported 6 rows');
  expect(ok.status).toBe(0);
  expect(runImport(good, prefix).stdout).toContain('0 new, 0 changed, 6 unchanged');
  expect(await store.actions.listAll()).toHaveLength(6);
}, 60_000);
