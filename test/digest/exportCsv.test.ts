import { CSV_COLUMNS, actionsCsv } from '../../bot/digest/exportCsv';
import type { Action } from '../../bot/domain/types';
import { PEOPLE, anAction } from '../support/fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse } = require('csv-parse/sync') as {
  parse: (input: string, options: Record<string, unknown>) => string[][];
};

const TODAY = '2026-11-20';
const AS_OF = '2026-11-20T12:00:00.000Z';

/** Rows as Excel / Power BI would read them back: header first. */
const readBack = (csv: string): string[][] => parse(csv, { bom: true, relax_column_count: false });
const asRecords = (csv: string): Record<string, string>[] => {
  const [header, ...rows] = readBack(csv);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
};
const byRef = (csv: string, ref: string): Record<string, string> => {
  const row = asRecords(csv).find((r) => r.reference === ref);
  if (!row) throw new Error(`no row for ${ref}`);
  return row;
};

const ACTIONS: Action[] = [
  anAction({
    ref: 'R4.2',
    dueDate: '2026-11-10',
    rag: 'Amber',
    narrative: 'Legal capacity is stretched, so "Part C" slips;\nsee the note to Cabinet.',
    percentComplete: 40,
    lastReplyAt: '2026-11-16T09:30:00.000Z',
  }),
  anAction({
    ref: 'R10.1',
    dueDate: '2026-12-18',
    rag: 'Green',
    title: 'Agree the workforce plan, pay policy and job evaluation',
  }),
  anAction({
    ref: 'R2.1',
    dueDate: '2026-07-31',
    status: 'Complete',
    rag: 'Green',
    narrative: 'Hub launched in July.',
  }),
  anAction({
    ref: 'R6.2',
    dueDate: '2026-10-30',
    rag: 'Red',
    revisedDate: {
      date: '2026-12-11',
      reason: 'Partners meet on 10 Dec.',
      state: 'approved',
      proposedAt: '2026-10-20T09:00:00.000Z',
      proposedBy: PEOPLE.amira.email,
    },
    notMine: { by: PEOPLE.amira.email, at: '2026-11-17T10:00:00.000Z' },
  }),
  anAction({
    planId: 'hr-improvement-plan',
    planName: 'HR Improvement Plan',
    theme: 'Phase 1: Analyse and stabilise',
    ref: 'HR1.2',
    ownerEmail: PEOPLE.ben.email,
    dueDate: '2026-11-19',
    status: 'Not started',
    rag: undefined,
    narrative: undefined,
  }),
  anAction({
    planId: 'hr-improvement-plan',
    planName: 'HR Improvement Plan',
    theme: 'Phase 1: Analyse and stabilise',
    ref: 'HR1.3',
    ownerEmail: PEOPLE.ben.email,
    dueDate: '2026-09-30',
    status: 'Deferred',
    rag: 'Amber',
  }),
];

describe('the CSV export (Excel, Power BI)', () => {
  const csv = actionsCsv(ACTIONS, AS_OF, TODAY);

  test('starts with a UTF-8 byte order mark so Excel reads it as UTF-8', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  test('has a header row naming the columns a Power BI report would use', () => {
    const [header] = readBack(csv);
    expect(header).toEqual([...CSV_COLUMNS]);
    for (const col of [
      'plan',
      'theme',
      'reference',
      'action',
      'owner email',
      'due date',
      'status',
      'RAG',
      'narrative',
      'overdue',
      'days overdue',
    ])
      expect(header).toContain(col);
  });

  test('one row per action, every row as wide as the header', () => {
    const rows = readBack(csv);
    expect(rows).toHaveLength(1 + ACTIONS.length);
    for (const r of rows) expect(r).toHaveLength(CSV_COLUMNS.length);
    expect(
      asRecords(csv)
        .map((r) => r.reference)
        .sort(),
    ).toEqual(['HR1.2', 'HR1.3', 'R10.1', 'R2.1', 'R4.2', 'R6.2']);
  });

  test('dates are ISO', () => {
    const r = byRef(csv, 'R6.2');
    expect(r['due date']).toBe('2026-10-30');
    expect(r['revised due date']).toBe('2026-12-11');
    expect(r['revised date state']).toBe('approved');
    expect(r['revised date reason']).toBe('Partners meet on 10 Dec.');
    expect(r['as at']).toBe(AS_OF);
    expect(byRef(csv, 'R4.2')['last reply at']).toBe('2026-11-16T09:30:00.000Z');
  });

  test('quotes, commas and line breaks inside a narrative come back exactly', () => {
    const r = byRef(csv, 'R4.2');
    expect(r.narrative).toBe('Legal capacity is stretched, so "Part C" slips;\nsee the note to Cabinet.');
    expect(byRef(csv, 'R10.1').action).toBe('Agree the workforce plan, pay policy and job evaluation');
  });

  test('overdue flag and days overdue, from the approved revised date where there is one', () => {
    // R4.2 due 10 Nov: 10 days late. HR1.2 due 19 Nov: 1 day. R6.2 due 30 Oct but revised (approved) to 11 Dec: not late.
    expect([byRef(csv, 'R4.2').overdue, byRef(csv, 'R4.2')['days overdue']]).toEqual(['yes', '10']);
    expect([byRef(csv, 'HR1.2').overdue, byRef(csv, 'HR1.2')['days overdue']]).toEqual(['yes', '1']);
    expect([byRef(csv, 'R6.2').overdue, byRef(csv, 'R6.2')['days overdue']]).toEqual(['no', '']);
    expect([byRef(csv, 'R10.1').overdue, byRef(csv, 'R10.1')['days overdue']]).toEqual(['no', '']);
  });

  test('complete and deferred work is never overdue', () => {
    expect(byRef(csv, 'R2.1').overdue).toBe('no');
    expect(byRef(csv, 'HR1.3').overdue).toBe('no');
  });

  test('a Complete row has an empty RAG (complete, not green)', () => {
    const r = byRef(csv, 'R2.1');
    expect(r.status).toBe('Complete');
    expect(r.RAG).toBe('');
    expect(byRef(csv, 'R4.2').RAG).toBe('Amber');
    expect(byRef(csv, 'HR1.2').RAG).toBe('');
  });

  test('percent complete and the "not my action" flag', () => {
    expect(byRef(csv, 'R4.2')['percent complete']).toBe('40');
    expect(byRef(csv, 'R10.1')['percent complete']).toBe('');
    expect(byRef(csv, 'R6.2')['flagged not my action']).toBe('yes');
    expect(byRef(csv, 'R4.2')['flagged not my action']).toBe('no');
  });

  test('an empty plan is just the header', () => {
    const rows = readBack(actionsCsv([], AS_OF, TODAY));
    expect(rows).toEqual([[...CSV_COLUMNS]]);
  });
});

describe('CSV injection: text that a spreadsheet would run is neutralised', () => {
  const hostile = [
    anAction({ ref: 'X1', narrative: '=HYPERLINK("http://evil.example","x")' }),
    anAction({ ref: 'X2', title: '+44 7700 900123' }),
    anAction({ ref: 'X3', narrative: '@SUM(A1)' }),
    anAction({ ref: 'X4', narrative: '-5 days slip' }),
    anAction({ ref: 'X5', narrative: '\t=1+1' }),
    anAction({ ref: 'X6', theme: "=cmd|' /C calc'!A0", narrative: '\r=1+1' }),
  ];
  const csv = actionsCsv(hostile, AS_OF, TODAY);

  test('cells starting with = + - @ tab or CR get a leading apostrophe, and the text is otherwise kept', () => {
    expect(byRef(csv, 'X1').narrative).toBe('\'=HYPERLINK("http://evil.example","x")');
    expect(byRef(csv, 'X2').action).toBe("'+44 7700 900123");
    expect(byRef(csv, 'X3').narrative).toBe("'@SUM(A1)");
    expect(byRef(csv, 'X4').narrative).toBe("'-5 days slip");
    expect(byRef(csv, 'X5').narrative).toBe("'\t=1+1");
    expect(byRef(csv, 'X6').theme).toBe("'=cmd|' /C calc'!A0");
    expect(byRef(csv, 'X6').narrative).toBe("'\r=1+1");
  });

  test('no cell read back starts with a formula character', () => {
    for (const row of readBack(csv)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  test('ordinary text is left alone', () => {
    expect(byRef(csv, 'X1').action).toBe(anAction().title);
    expect(byRef(csv, 'X1')['owner email']).toBe(PEOPLE.amira.email);
  });
});
