import ExcelJS from 'exceljs';
import { type TabApp, startTabApp } from '../tab/support/tabApp';
import { PEOPLE } from '../support/fixtures';
import { PLAN_COLUMNS } from '../../bot/digest/exportXlsx';
import { cellText } from '../../bot/import/planWorkbook';

const CPC = 'lga-cpc-action-plan-2023';
const sam = `?as=${encodeURIComponent(PEOPLE.sam.email)}`;

async function sheetsOf(bytes: ArrayBuffer): Promise<Map<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes);
  return new Map(
    wb.worksheets.map((ws) => {
      const rows: string[][] = [];
      ws.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1).map(cellText)));
      return [ws.name, rows];
    }),
  );
}

describe('plans out as Excel: the register and a blank template', () => {
  let t: TabApp;
  beforeEach(async () => {
    t = await startTabApp();
  });
  afterEach(async () => t.stop());

  test('the register downloads as one sheet per plan with the import columns, and a sheet uploads back unchanged', async () => {
    const summary = await t.get(`/api/tab/summary${sam}`);
    const link = summary.body.exports.xlsx as string;
    expect(link).toMatch(/\/exports\/board\.xlsx\?/);
    const r = await fetch(link.replace(/^https?:\/\/[^/]+/, t.app.url));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const bytes = await r.arrayBuffer();
    const sheets = await sheetsOf(bytes);
    expect([...sheets.keys()]).toEqual([
      'HR Improvement Plan',
      'LGA CPC Action Plan 2023',
      'Procurement Improvement Plan',
    ]);
    const cpc = sheets.get('LGA CPC Action Plan 2023') as string[][];
    expect(cpc[0].slice(0, PLAN_COLUMNS.length)).toEqual(PLAN_COLUMNS.map((c) => c.header));
    expect(cpc[0].slice(PLAN_COLUMNS.length)).toEqual([
      'revised due date',
      'revised date state',
      'revised date reason',
      'closure',
      'evidence link',
      'last reply at',
    ]);
    expect(cpc.find((row) => row[2] === 'R4.2')?.slice(0, 10)).toEqual([
      'LGA CPC Action Plan 2023',
      'Recommendation 4: Increase the pace of decision making',
      'R4.2',
      'Review the scheme of delegation for routine decisions.',
      PEOPLE.amira.email,
      '',
      '2026-12-18',
      'In progress',
      'Green',
      'Draft scheme shared with Legal.',
    ]);
    expect(cpc.find((row) => row[2] === 'R2.1')?.[13]).toBe('closed');

    const upload = {
      name: 'board.xlsx',
      content: Buffer.from(bytes).toString('base64'),
      sheet: 'LGA CPC Action Plan 2023',
    };
    const preview = await t.post(`/api/tab/plan-upload/preview${sam}`, upload);
    expect(preview).toMatchObject({ status: 200, body: { add: [], change: [], missing: [], unchanged: 3 } });
    await t.post(`/api/tab/plan-upload/apply${sam}`, upload);
    expect((await t.app.store.actions.get({ planId: CPC, ref: 'R4.2' }))?.value.revision).toBe(1);
  });

  test('the blank template: the import columns on its first sheet, each explained on the second', async () => {
    const r = await fetch(`${t.app.url}/exports/plan-template.xlsx`);
    expect(r.status).toBe(200);
    const sheets = await sheetsOf(await r.arrayBuffer());
    expect(sheets.get('Plan')).toEqual([PLAN_COLUMNS.map((c) => c.header)]);
    const help = sheets.get('Columns') as string[][];
    expect(help.find((row) => row[0] === 'due date')?.[1]).toContain('23/11/2026 or 2026-11-23');
    expect(help.find((row) => row[0] === 'owner email')?.[1]).toMatch(/^Required/);
  });
});
