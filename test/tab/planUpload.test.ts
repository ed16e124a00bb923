import ExcelJS from 'exceljs';
import { type TabApp, startTabApp } from './support/tabApp';
import { type CsvRow, PEOPLE, SEED_ROWS, planCsv } from '../support/fixtures';

const CPC = 'lga-cpc-action-plan-2023';
const HEADER = 'plan,theme,reference,action,owner email,due date,status,RAG,narrative';

/** The seed plan as a file, with R4.2 due later, R6.2 left out and a new action R9.1. */
const editedRows = (): string[][] => [
  ...SEED_ROWS.filter((r) => r[2] !== 'R6.2')
    .map((r) => r.map((v) => v ?? ''))
    .map((r) => (r[2] === 'R4.2' ? [...r.slice(0, 5), '29/01/2027', ...r.slice(6)] : r)),
  [
    'LGA CPC Action Plan 2023',
    'Recommendation 9: Strengthen scrutiny',
    'R9.1',
    'Agree a scrutiny work programme with the Overview and Scrutiny Committee.',
    PEOPLE.ben.email,
    '2027-02-26',
    'Not started',
    '',
    '',
  ],
];

const body = (name: string, bytes: Buffer | string, extra: Record<string, unknown> = {}) => ({
  name,
  content: Buffer.from(bytes).toString('base64'),
  ...extra,
});

async function workbookOf(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Notes').addRow(['This sheet is not the plan']);
  const ws = wb.addWorksheet('CPC plan');
  ws.addRow(HEADER.split(','));
  for (const r of rows)
    ws.addRow(r.map((v, i) => (i === 5 && /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : v)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('uploading a plan in the Board report tab (HTTP, Azurite)', () => {
  let t: TabApp;
  beforeEach(async () => {
    t = await startTabApp();
  });
  afterEach(async () => t.stop());
  const as = (p: { email: string }) => `?as=${encodeURIComponent(p.email)}`;
  const action = async (ref: string) => (await t.app.store.actions.get({ planId: CPC, ref }))?.value;

  test('a CSV: the preview shows the addition, the change (old → new), the missing action and writes nothing; Apply writes it all', async () => {
    const file = body('cpc-plan.csv', planCsv(editedRows() as CsvRow[]));
    const preview = await t.post(`/api/tab/plan-upload/preview${as(PEOPLE.sam)}`, file);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      kind: 'csv',
      problems: [],
      add: [{ ref: 'R9.1', ownerEmail: PEOPLE.ben.email, dueDate: '2027-02-26' }],
      change: [{ ref: 'R4.2', fields: [{ field: 'due date', from: '2026-12-18', to: '2027-01-29' }] }],
      missing: [{ key: `${CPC}/R6.2`, ref: 'R6.2', open: true }],
      unchanged: 4,
    });
    expect(await action('R9.1')).toBeUndefined();
    expect((await action('R4.2'))?.dueDate).toBe('2026-12-18');

    const applied = await t.post(`/api/tab/plan-upload/apply${as(PEOPLE.sam)}`, { ...file, retire: [`${CPC}/R6.2`] });
    expect(applied.status).toBe(200);
    expect(applied.body.message).toBe(
      "Imported cpc-plan.csv into 3 plans: 1 new, 1 changed, 4 unchanged, 1 retired. Every change is in its action's history.",
    );
    expect(await action('R9.1')).toMatchObject({ ownerEmail: PEOPLE.ben.email, status: 'Not started' });
    expect((await action('R4.2'))?.dueDate).toBe('2027-01-29');
    expect((await action('R6.2'))?.retired).toMatchObject({ by: PEOPLE.sam.email });
    const history = await t.app.store.updates.listForAction({ planId: CPC, ref: 'R4.2' });
    expect(history.at(-1)).toMatchObject({ kind: 'import', byEmail: PEOPLE.sam.email, dueDate: '2027-01-29' });
  });

  test('an .xlsx: the sheet picked is read (dates as dates), the sheets are listed, "keep" leaves a missing action', async () => {
    const xlsx = await workbookOf(editedRows());
    const first = await t.post(`/api/tab/plan-upload/preview${as(PEOPLE.sam)}`, body('CPC plan.xlsx', xlsx));
    expect(first.status).toBe(422);
    expect(first.body.sheets).toEqual(['Notes', 'CPC plan']);
    expect(first.body.problems[0].text).toContain('row 1, column "plan": the header has no "plan" column');

    const file = body('CPC plan.xlsx', xlsx, { sheet: 'CPC plan' });
    const preview = await t.post(`/api/tab/plan-upload/preview${as(PEOPLE.sam)}`, file);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      kind: 'xlsx',
      sheet: 'CPC plan',
      add: [{ ref: 'R9.1', dueDate: '2027-02-26' }],
      change: [{ ref: 'R4.2', fields: [{ field: 'due date', from: '2026-12-18', to: '2027-01-29' }] }],
      missing: [{ ref: 'R6.2' }],
    });
    expect((await t.post(`/api/tab/plan-upload/apply${as(PEOPLE.sam)}`, file)).status).toBe(200);
    expect(await action('R9.1')).toBeDefined();
    expect((await action('R6.2'))?.retired).toBeUndefined();
  });

  test('a bad file writes nothing: every bad row with its line, column and reason, in the CLI words', async () => {
    const rows = editedRows();
    rows[1] = [...rows[1].slice(0, 5), '31/02/2027', ...rows[1].slice(6)];
    rows[2] = [...rows[2].slice(0, 7), 'Purple', rows[2][8]];
    const file = body('bad.csv', planCsv(rows as CsvRow[]));
    const preview = await t.post(`/api/tab/plan-upload/preview${as(PEOPLE.sam)}`, file);
    expect(preview.status).toBe(422);
    expect(preview.body.problems.map((p: { text: string }) => p.text)).toEqual([
      'line 3, column "due date": "31/02/2027" is not a date; write 23/11/2026 or 2026-11-23',
      'line 4, column "RAG": "Purple" is not a RAG rating; use one of: Green, Amber, Red',
    ]);
    const before = await t.app.store.updates.listForPlan(CPC);
    const applied = await t.post(`/api/tab/plan-upload/apply${as(PEOPLE.sam)}`, { ...file, retire: 'all' });
    expect(applied.status).toBe(422);
    expect(applied.body).toMatchObject({ outcome: 'refused', message: 'Nothing was imported: 2 problems in bad.csv.' });
    expect(await t.app.store.updates.listForPlan(CPC)).toHaveLength(before.length);
    expect(await action('R9.1')).toBeUndefined();
  });

  test('only the board secretariat may upload: anyone else gets 403 and nothing is written', async () => {
    await t.meet(PEOPLE.amira);
    const file = body('cpc-plan.csv', planCsv(editedRows() as CsvRow[]));
    for (const path of ['preview', 'apply']) {
      const r = await t.post(`/api/tab/plan-upload/${path}${as(PEOPLE.amira)}`, { ...file, retire: 'all' });
      expect(r).toMatchObject({ status: 403, body: { error: 'Uploading a plan is for the board secretariat.' } });
    }
    expect(await action('R9.1')).toBeUndefined();
    expect(
      (await t.post(`/api/tab/plan-upload/preview${as(PEOPLE.sam)}`, { name: 'plan.pdf', content: 'AAAA' })).status,
    ).toBe(400);
  });
});
