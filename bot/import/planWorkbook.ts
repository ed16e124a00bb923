import ExcelJS from 'exceljs';
import type { PlanRecord } from './planCsv';

/** A workbook's sheet read as plan records (row numbers as in Excel), or why it cannot be read. */
export type WorkbookRead =
  | { sheets: string[]; sheet: string; records: PlanRecord[] }
  | { sheets: string[]; problem: { line: number; column: string; reason: string } };

/** A cell as the text a CSV of it would hold: dates as ISO dates, formulas as their results. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText((value.result ?? '') as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

/**
 * Reads one sheet of an Excel workbook (.xlsx): the one named, else the first. Each row becomes a record of its
 * cells' text, numbered as Excel numbers rows, so a problem is reported as "row N", the row the secretariat sees.
 */
export async function readPlanWorkbook(bytes: Uint8Array, sheetName?: string): Promise<WorkbookRead> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (e) {
    return {
      sheets: [],
      problem: { line: 1, column: '-', reason: `the file is not an Excel workbook (.xlsx): ${(e as Error).message}` },
    };
  }
  const sheets = wb.worksheets.map((w) => w.name);
  const ws = sheetName ? wb.getWorksheet(sheetName) : wb.worksheets[0];
  if (!ws)
    return {
      sheets,
      problem: {
        line: 1,
        column: '-',
        reason: sheetName
          ? `the workbook has no sheet "${sheetName}" (it has: ${sheets.join(', ')})`
          : 'the workbook has no sheets',
      },
    };
  const width = ws.columnCount;
  const records: PlanRecord[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const record = Array.from({ length: width }, (_, i) => cellText(row.getCell(i + 1).value).trim());
    records.push({ record, line: n });
  });
  return { sheets, sheet: ws.name, records };
}

/** Sheet names Excel accepts: at most 31 characters, none of : \ / ? * [ ]. */
export const sheetNameOf = (name: string): string =>
  name
    .replace(/[:\\/?*[\]]/g, ' ')
    .slice(0, 31)
    .trim() || 'Plan';
