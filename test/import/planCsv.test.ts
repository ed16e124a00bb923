import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlanCsv, type PlanRow, type RowProblem } from '../../bot/import/planCsv';
import { type CsvRow, PEOPLE, SEED_ROWS, planCsv } from '../support/fixtures';

/** SEED_ROWS with some cells changed: [row index, column index, new value]. */
const edited = (...edits: [row: number, col: number, value: string][]): CsvRow[] => {
  const rows = SEED_ROWS.map((r) => [...r] as CsvRow);
  for (const [row, col, value] of edits) rows[row][col] = value;
  return rows;
};
const crlf = (text: string): string => text.replace(/\n/g, '\r\n');
const BOM = '\ufeff';
const byRef = (rows: PlanRow[], ref: string): PlanRow => {
  const row = rows.find((r) => r.reference === ref);
  if (!row) throw new Error(`no row ${ref}`);
  return row;
};

const MULTILINE_NARRATIVE =
  'Partners have not yet agreed terms of reference.\nThe October deadline was missed.\nA workshop is booked for 8 December.';

describe('parsePlanCsv: a good plan file', () => {
  test('the seed plan reads as six actions, one per row, with ISO dates', () => {
    const { rows, problems } = parsePlanCsv(planCsv(SEED_ROWS));
    expect(problems).toEqual([]);
    expect(rows.map((r) => r.reference)).toEqual(['R4.2', 'R6.2', 'R2.1', 'HR1.2', 'HR2.1', 'PR1.4']);
    expect(byRef(rows, 'R4.2')).toEqual({
      line: 2,
      plan: 'LGA CPC Action Plan 2023',
      theme: 'Recommendation 4: Increase the pace of decision making',
      reference: 'R4.2',
      action: 'Review the scheme of delegation for routine decisions.',
      ownerEmail: PEOPLE.amira.email,
      dueDate: '2026-12-18',
      status: 'In progress',
      rag: 'Green',
      narrative: 'Draft scheme shared with Legal.',
    });
    expect(byRef(rows, 'R6.2').dueDate).toBe('2026-10-30');
    expect(byRef(rows, 'R2.1')).toMatchObject({ status: 'Complete', rag: undefined });
    expect(byRef(rows, 'HR2.1')).toMatchObject({ status: 'Not started', rag: undefined, narrative: undefined });
  });

  test('quoted fields with commas, quotes and line breaks, a BOM, CRLF endings, lower/upper case status and RAG', () => {
    const rows = edited(
      [1, 8, MULTILINE_NARRATIVE],
      [3, 6, 'in progress'],
      [3, 7, 'AMBER'],
      [3, 8, 'Data from two directorates is still missing, so the "baseline" may slip.'],
      [5, 5, '4/12/2026'],
      [4, 6, 'NOT STARTED'],
    );
    const file = BOM + crlf(planCsv(rows));
    const { rows: read, problems } = parsePlanCsv(file);
    expect(problems).toEqual([]);
    expect(read).toHaveLength(6);
    expect(read[0].plan).toBe('LGA CPC Action Plan 2023'); // the BOM is not part of the first header or value
    expect(byRef(read, 'R6.2').action).toBe(
      'Refresh the partnership governance framework, with the Partnership Executive Group.',
    );
    expect(byRef(read, 'R6.2').narrative?.split(/\r?\n/)).toEqual(MULTILINE_NARRATIVE.split('\n'));
    expect(byRef(read, 'HR1.2')).toMatchObject({
      status: 'In progress',
      rag: 'Amber',
      narrative: 'Data from two directorates is still missing, so the "baseline" may slip.',
    });
    expect(byRef(read, 'HR2.1').status).toBe('Not started');
    expect(byRef(read, 'PR1.4').dueDate).toBe('2026-12-04');
    // Line numbers as the secretariat sees them in an editor: R6.2 spans lines 3-5.
    expect(read.map((r) => [r.reference, r.line])).toEqual([
      ['R4.2', 2],
      ['R6.2', 3],
      ['R2.1', 6],
      ['HR1.2', 7],
      ['HR2.1', 8],
      ['PR1.4', 9],
    ]);
  });

  test('owner emails are read case-insensitively and stored in lower case', () => {
    const { rows } = parsePlanCsv(planCsv(edited([0, 4, ' Amira.Khan@Example.ORG '])));
    expect(byRef(rows, 'R4.2').ownerEmail).toBe(PEOPLE.amira.email);
  });

  test('the header may use the words councils use: Recommendation, Ref, Title, Owner, Deadline, Comments', () => {
    const header = 'Plan,Recommendation,Ref,Title,Owner,Deadline,Status,RAG Status,Comments';
    const { rows, problems } = parsePlanCsv(planCsv(SEED_ROWS, header));
    expect(problems).toEqual([]);
    expect(byRef(rows, 'HR1.2')).toMatchObject({
      theme: 'Phase 1: Analyse and stabilise',
      ownerEmail: PEOPLE.ben.email,
      dueDate: '2027-01-29',
      rag: 'Amber',
    });
  });

  test('blank lines between rows are ignored and do not throw the line numbers out', () => {
    const lines = planCsv(SEED_ROWS).split('\n');
    lines.splice(3, 0, '', '');
    const { rows, problems } = parsePlanCsv(lines.join('\n'));
    expect(problems).toEqual([]);
    expect(byRef(rows, 'R2.1').line).toBe(6);
  });
});

describe('parsePlanCsv: a file with mistakes', () => {
  test('several bad rows: no rows at all, and every problem with its line, column and reason', () => {
    const rows = edited(
      [0, 5, '31/02/2026'], // line 2
      [3, 6, 'Done'], // line 5
      [3, 4, 'ben.okafor'], // line 5
      [5, 7, 'Purple'], // line 7
    );
    const { rows: read, problems } = parsePlanCsv(planCsv(rows));
    expect(read).toEqual([]);
    expect(problems).toHaveLength(4);
    expect(problems).toEqual(
      expect.arrayContaining<RowProblem>([
        { line: 2, column: 'due date', reason: expect.stringContaining('31/02/2026') },
        { line: 5, column: 'status', reason: expect.stringContaining('Done') },
        { line: 5, column: 'owner email', reason: expect.stringMatching(/email/) },
        { line: 7, column: 'RAG', reason: expect.stringContaining('Purple') },
      ]),
    );
  });

  test.each([
    ['LF', (t: string) => t],
    ['CRLF', crlf],
  ])('a bad row after a record spanning three lines is reported on its real line (%s)', (_, endings) => {
    const rows = edited([1, 8, MULTILINE_NARRATIVE], [3, 5, '2027-02-30'], [5, 4, '']);
    const { rows: read, problems } = parsePlanCsv(endings(planCsv(rows)));
    expect(read).toEqual([]);
    // header 1, R4.2 2, R6.2 3-5, R2.1 6, HR1.2 7, HR2.1 8, PR1.4 9
    expect(problems).toEqual([
      { line: 7, column: 'due date', reason: expect.stringContaining('2027-02-30') },
      { line: 9, column: 'owner email', reason: expect.any(String) },
    ]);
  });

  test('a bad row that itself spans several lines is reported on the line where it starts', () => {
    const { problems } = parsePlanCsv(planCsv(edited([1, 8, MULTILINE_NARRATIVE], [1, 5, 'end of October'])));
    expect(problems).toEqual([{ line: 3, column: 'due date', reason: expect.stringContaining('end of October') }]);
  });

  test.each(['32/01/2026', '2026-13-01', '00/12/2026'])('an impossible due date %j is reported, not a crash', (due) => {
    let result: ReturnType<typeof parsePlanCsv> | undefined;
    expect(() => {
      result = parsePlanCsv(planCsv(edited([4, 5, due])));
    }).not.toThrow();
    expect(result?.rows).toEqual([]);
    expect(result?.problems).toEqual([{ line: 6, column: 'due date', reason: expect.stringContaining(due) }]);
  });

  test('a reference used twice in one plan is refused, naming the line of the first', () => {
    const rows: CsvRow[] = [
      ...SEED_ROWS,
      [
        'LGA CPC Action Plan 2023',
        'Recommendation 4: Increase the pace of decision making',
        'r4.2',
        'Publish the revised scheme of delegation.',
        PEOPLE.carys.email,
        '2027-02-26',
        'Not started',
        '',
        '',
      ],
    ];
    const { rows: read, problems } = parsePlanCsv(planCsv(rows));
    expect(read).toEqual([]);
    expect(problems).toEqual([{ line: 8, column: 'reference', reason: expect.stringMatching(/line 2\b/) }]);
  });

  test('the same reference in two different plans is fine', () => {
    const rows: CsvRow[] = [
      ...SEED_ROWS,
      [
        'Procurement Improvement Plan',
        'Phase 2: Embed',
        'HR1.2',
        'Agree the procurement HR business partner role.',
        PEOPLE.carys.email,
        '2027-02-26',
        'Not started',
        '',
        '',
      ],
    ];
    const { rows: read, problems } = parsePlanCsv(planCsv(rows));
    expect(problems).toEqual([]);
    expect(read).toHaveLength(7);
  });

  test('a header with no owner email column is refused on line 1, naming the column', () => {
    const header = 'plan,theme,reference,action,manager,due date,status,RAG,narrative';
    const { rows, problems } = parsePlanCsv(planCsv(SEED_ROWS, header));
    expect(rows).toEqual([]);
    expect(problems).toEqual([{ line: 1, column: 'owner email', reason: expect.stringContaining('owner email') }]);
  });

  test('a header missing two required columns names both', () => {
    const header = 'plan,theme,reference,action description,owner email,target,status,RAG,narrative';
    const { problems } = parsePlanCsv(planCsv(SEED_ROWS, header));
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [1, 'action'],
      [1, 'due date'],
    ]);
  });

  test.each(['Amber', 'Red'])('%s without a narrative is refused on the narrative column', (rag) => {
    const { rows, problems } = parsePlanCsv(planCsv(edited([5, 7, rag], [5, 8, '  '])));
    expect(rows).toEqual([]);
    expect(problems).toEqual([{ line: 7, column: 'narrative', reason: expect.stringContaining(rag) }]);
  });

  test('a row with more values than the header has columns is refused', () => {
    const text = planCsv(SEED_ROWS).replace(
      'Draft scheme shared with Legal.',
      'Draft scheme shared with Legal.,Cabinet 12 Jan',
    );
    const { rows, problems } = parsePlanCsv(text);
    expect(rows).toEqual([]);
    expect(problems).toEqual([{ line: 2, column: '-', reason: expect.stringMatching(/10 fields/) }]);
  });

  test('an empty file is refused', () => {
    expect(parsePlanCsv('')).toEqual({
      rows: [],
      problems: [{ line: 1, column: '-', reason: expect.stringMatching(/empty/) }],
    });
  });
});

describe('the shipped demo plan', () => {
  const demo = readFileSync(join(__dirname, '../../bot/demo/demo-plan.csv'), 'utf8');

  test('parses with no problems: 56 actions in 3 plans for 8 owners', () => {
    const { rows, problems } = parsePlanCsv(demo);
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(56);
    expect(new Set(rows.map((r) => r.plan)).size).toBe(3);
    expect(new Set(rows.map((r) => r.ownerEmail)).size).toBe(8);
  });

  test('every owner is on the example domain and every Amber or Red action has a narrative', () => {
    const { rows } = parsePlanCsv(demo);
    expect(rows.filter((r) => !r.ownerEmail.endsWith('@example.org'))).toEqual([]);
    expect(rows.filter((r) => (r.rag === 'Amber' || r.rag === 'Red') && !r.narrative)).toEqual([]);
  });
});
