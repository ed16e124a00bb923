import { parsePlanCsv } from '../../bot/import/planCsv';
import {
  type CsvRow,
  NAMED_OWNER_HEADER,
  PEOPLE,
  SEED_ROWS,
  bareCommas,
  csvText,
  planCsv,
  windows1252,
  withOwnerNames,
} from '../support/fixtures';

const crlf = (text: string): string => text.replace(/\n/g, '\r\n');
const refs = (rows: CsvRow[]) => rows.map((r) => r[2]);
/** SEED_ROWS with one row's cells replaced: [column index, value]. */
const seedWith = (row: number, ...cells: [number, string][]): CsvRow[] =>
  SEED_ROWS.map((r, i) => {
    const copy = [...r] as CsvRow;
    if (i === row) for (const [c, v] of cells) copy[c] = v;
    return copy;
  });

describe('what Excel writes', () => {
  test('trailing rows of bare commas and a blank row in the middle are skipped, not refused', () => {
    const lines = crlf(planCsv(SEED_ROWS)).split('\r\n');
    lines.splice(3, 0, bareCommas()); // a formatted but empty row between R6.2 and R2.1
    const file = `${lines.join('\r\n')}${bareCommas()}\r\n${bareCommas()}\r\n , ,,\r\n`;
    const { rows, problems } = parsePlanCsv(file);
    expect(problems).toEqual([]);
    expect(rows.map((r) => r.reference)).toEqual(refs(SEED_ROWS));
    expect(rows.find((r) => r.reference === 'R2.1')?.line).toBe(5); // line numbers still as in the editor
  });

  test('"Owner email" is read for the email even when an "Owner" column of names comes first; the name is kept', () => {
    const { rows, problems } = parsePlanCsv(csvText(NAMED_OWNER_HEADER, withOwnerNames(SEED_ROWS)));
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.reference, r.ownerEmail, r.ownerName])).toEqual(
      SEED_ROWS.map((r) => [r[2], r[4], Object.values(PEOPLE).find((p) => p.email === r[4])?.name]),
    );
  });

  test('an "Owner" column holding emails is still the email column, with no name', () => {
    const header = 'Plan,Theme,Reference,Action,Owner,Due date,Status,RAG,Narrative';
    const { rows } = parsePlanCsv(planCsv(SEED_ROWS, header));
    expect(rows.map((r) => [r.ownerEmail, r.ownerName])).toEqual(SEED_ROWS.map((r) => [r[4], undefined]));
  });

  test('a BOM-less Windows-1252 file (Excel\'s plain "CSV") is decoded: Café budget £200k survives', () => {
    const narrative = 'Café budget £200k – “agreed” by the Exec, €5k contingency';
    const rows = seedWith(0, [8, narrative], [1, 'Recommendation 4: Décisions']);
    const { rows: read, problems, encoding } = parsePlanCsv(windows1252(crlf(planCsv(rows))));
    expect(problems).toEqual([]);
    expect(encoding).toBe('Windows-1252');
    expect(read[0]).toMatchObject({ narrative, theme: 'Recommendation 4: Décisions' });
  });

  test('UTF-8 bytes, with or without a BOM, are read as UTF-8; UTF-16 with a BOM as UTF-16', () => {
    const rows = seedWith(0, [8, 'Café budget £200k']);
    const text = planCsv(rows);
    for (const bytes of [Buffer.from(text, 'utf8'), Buffer.from(`\ufeff${text}`, 'utf8')]) {
      const r = parsePlanCsv(bytes);
      expect([r.encoding, r.rows[0]?.narrative]).toEqual(['UTF-8', 'Café budget £200k']);
    }
    const r16 = parsePlanCsv(Buffer.from(`\ufeff${text}`, 'utf16le'));
    expect([r16.encoding, r16.rows[0]?.narrative, r16.rows.length]).toEqual([
      'UTF-16LE',
      'Café budget £200k',
      SEED_ROWS.length,
    ]);
  });

  test('bytes that are neither UTF-8 nor Windows-1252 are refused, naming both encodings and the line', () => {
    const bytes = Buffer.from(windows1252(planCsv(SEED_ROWS)));
    const at = bytes.indexOf('Hub launched'); // R2.1, line 4
    bytes[at] = 0x81;
    const { rows, problems } = parsePlanCsv(bytes);
    expect(rows).toEqual([]);
    expect(problems).toEqual([
      { line: 4, column: '-', reason: expect.stringMatching(/neither UTF-8 nor Windows-1252.*CSV UTF-8/) },
    ]);
  });

  test('an Excel workbook saved with a .csv name, or UTF-16 without a BOM, is refused saying what it is', () => {
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(20)]);
    expect(parsePlanCsv(xlsx).problems).toEqual([
      { line: 1, column: '-', reason: expect.stringMatching(/Excel workbook.*CSV UTF-8/) },
    ]);
    expect(parsePlanCsv(Buffer.from(planCsv(SEED_ROWS), 'utf16le')).problems).toEqual([
      { line: 1, column: '-', reason: expect.stringMatching(/UTF-16 without a byte order mark/) },
    ]);
  });
});

describe('plan names', () => {
  test('two spellings that would be one plan ("HR Improvement Plan", "HR-Improvement Plan") are refused', () => {
    const rows = seedWith(4, [0, 'HR-Improvement Plan']); // HR2.1, line 6
    const { rows: read, problems } = parsePlanCsv(planCsv(rows));
    expect(read).toEqual([]);
    expect(problems).toEqual([
      {
        line: 6,
        column: 'plan',
        reason: expect.stringMatching(/"HR-Improvement Plan" and "HR Improvement Plan" \(line 5\) would be one plan/),
      },
    ]);
  });

  test('names differing only in case or spacing are one plan, spelled as first written', () => {
    const rows = seedWith(4, [0, 'hr  improvement plan']);
    const { rows: read, problems } = parsePlanCsv(planCsv(rows));
    expect(problems).toEqual([]);
    expect(read.filter((r) => r.plan === 'HR Improvement Plan').map((r) => r.reference)).toEqual(['HR1.2', 'HR2.1']);
  });
});
