import { fitsTeamsMessage } from '../../cards/messageSize';
import { PREVIEW_LINES, planUploadCard } from '../../cards/planUploadCard';
import type { UploadPreview } from '../../bot/import/planUpload';
import { cardText } from '../support/botHarness';

const long = (n: number) => 'Review the scheme of delegation for routine decisions, '.repeat(n);

/** A preview of a big file: thousands of additions, changes and missing actions with long titles. */
const bigPreview = (over: Partial<UploadPreview> = {}): UploadPreview => ({
  file: 'whole-register.xlsx',
  kind: 'xlsx',
  rows: 5000,
  problems: [],
  newPlans: ['A new plan'],
  add: Array.from({ length: 3000 }, (_, i) => ({
    planName: 'LGA CPC Action Plan 2023',
    ref: `R${i}.1`,
    title: long(20),
    ownerEmail: `officer.${i}@example.org`,
    dueDate: '2027-02-26',
  })),
  change: Array.from({ length: 2000 }, (_, i) => ({
    planName: 'LGA CPC Action Plan 2023',
    ref: `C${i}.1`,
    title: long(20),
    fields: [
      { field: 'action', from: long(10), to: long(11) },
      { field: 'narrative', from: long(10), to: long(12) },
      { field: 'due date', from: '2026-12-18', to: '2027-01-29' },
    ],
  })),
  missing: Array.from({ length: 800 }, (_, i) => ({
    key: `lga-cpc-action-plan-2023/M${i}`,
    planName: 'LGA CPC Action Plan 2023',
    ref: `M${i}`,
    title: long(20),
    ownerEmail: `officer.${i}@example.org`,
    status: 'In progress',
    open: i % 2 === 0,
  })),
  unchanged: 0,
  basis: 'x',
  ...over,
});

describe('the preview card of a plan file sent in the chat', () => {
  test('a very long preview is summarised: the first lines of each list, the rest counted, within one message', () => {
    const card = planUploadCard(bigPreview(), 't-1');
    const text = cardText(card);
    expect(text).toContain('To add (3000)');
    expect(text).toContain(`… and ${3000 - PREVIEW_LINES} more`);
    expect(text).toContain(`… and ${2000 - PREVIEW_LINES} more`);
    expect(text).toContain('On the board but not in the file (800)');
    expect(text).toContain('400 open actions on the board are not in the file:');
    expect(fitsTeamsMessage(card)).toBe(true);
    // It is kept with its job in one Table storage string property (at most 32K characters).
    expect(JSON.stringify(card).length).toBeLessThan(30_000);
  });

  test('a file with bad rows: the rows in the import words, the rest counted, and no Apply', () => {
    const problems = Array.from({ length: 500 }, (_, i) => ({
      line: i + 2,
      column: 'due date',
      reason: `"31/02/2027" is not a date; ${long(8)}`,
      text: `line ${i + 2}, column "due date": "31/02/2027" is not a date; ${long(8)}`,
    }));
    const card = planUploadCard(bigPreview({ problems }), 't-1');
    const text = cardText(card);
    expect(text).toContain('500 bad rows: nothing can be applied');
    expect(text).not.toContain('(500)');
    expect(text).toContain('line 2, column "due date": "31/02/2027" is not a date');
    expect(text).not.toContain('To add');
    expect(card.actions).toEqual([]);
    expect(JSON.stringify(card).length).toBeLessThan(30_000);
  });

  test('a workbook whose first sheet is not the plan: the other sheets are named, and where to pick one', () => {
    const problems = [
      { line: 1, column: 'plan', reason: 'x', text: 'row 1, column "plan": the header has no "plan" column' },
    ];
    const card = planUploadCard(bigPreview({ problems, sheets: ['Notes', 'CPC plan'] }), 't-1');
    expect(cardText(card)).toContain(
      'I read the workbook\'s first sheet ("Notes"; it also has "CPC plan"): put the plan first, or pick its sheet in the Board report tab\'s upload.',
    );
  });
});
