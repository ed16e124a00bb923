import { registerRow, filterRows, sortRows, facetsOf } from '../../bot/tab/register';
import { registerQuerySchema } from '../../bot/tab/tabQuery';
import { anAction, PEOPLE } from '../support/fixtures';

const TODAY = '2026-11-23';
const names = new Map([[PEOPLE.amira.email, PEOPLE.amira.name]]);
const actions = [
  anAction({ ref: 'R4.2', rag: 'Green', dueDate: '2026-12-18' }),
  anAction({ ref: 'R6.2', rag: 'Red', dueDate: '2026-10-30', theme: 'Recommendation 6: Partnerships' }),
  anAction({
    ref: 'R2.1',
    status: 'Complete',
    rag: undefined,
    dueDate: '2026-07-31',
    theme: 'Recommendation 2: Be forward looking',
  }),
  anAction({
    ref: 'R10.1',
    rag: 'Amber',
    dueDate: '2026-11-01',
    revisedDate: {
      date: '2027-01-31',
      reason: 'Partners late',
      state: 'approved',
      proposedAt: '2026-10-01T09:00:00Z',
      proposedBy: PEOPLE.amira.email,
    },
  }),
  anAction({
    planId: 'hr-improvement-plan',
    planName: 'HR Improvement Plan',
    ref: 'HR1.2',
    rag: undefined,
    status: 'Not started',
    ownerEmail: PEOPLE.ben.email,
    dueDate: '2026-11-20',
    theme: 'Phase 1: Analyse and stabilise',
  }),
];
const rows = actions.map((a) => registerRow(a, TODAY, names));
const refs = (rs: { ref: string }[]) => rs.map((r) => r.ref);
const q = (raw: Record<string, string>) => registerQuerySchema.parse(raw);

describe('the register (pure)', () => {
  test('a row: owner name, RAG dropped for complete work, overdue against the date it is now due by', () => {
    const [r42, r62, r21, r101, hr12] = rows;
    expect(r42).toMatchObject({ ownerName: 'Amira Khan', overdue: false, state: '● Green (on track) · In progress' });
    expect(r62).toMatchObject({ overdue: true, daysOverdue: 24, dueBy: '2026-10-30' });
    expect(r21).toMatchObject({ rag: undefined, overdue: false, state: '✓ Complete' });
    // Due 1 Nov, but the approved revised date (31 Jan) is what it is now due by: not overdue.
    expect(r101).toMatchObject({
      overdue: false,
      dueBy: '2027-01-31',
      revisedDate: '2027-01-31',
      revisedState: 'approved',
    });
    expect(hr12).toMatchObject({ overdue: true, daysOverdue: 3, ownerName: undefined });
  });

  test('filters by plan, theme, owner, status, RAG (or none yet) and overdue, each exactly', () => {
    expect(refs(filterRows(rows, q({ plan: 'hr-improvement-plan' })))).toEqual(['HR1.2']);
    expect(refs(filterRows(rows, q({ theme: 'Recommendation 6: Partnerships' })))).toEqual(['R6.2']);
    expect(refs(filterRows(rows, q({ theme: 'Recommendation 6' })))).toEqual([]);
    expect(refs(filterRows(rows, q({ owner: 'BEN.OKAFOR@example.org' })))).toEqual(['HR1.2']);
    expect(refs(filterRows(rows, q({ status: 'Complete' })))).toEqual(['R2.1']);
    expect(refs(filterRows(rows, q({ rag: 'Red' })))).toEqual(['R6.2']);
    expect(refs(filterRows(rows, q({ rag: 'none' })))).toEqual(['HR1.2']);
    expect(refs(filterRows(rows, q({ overdue: 'yes' })))).toEqual(['R6.2', 'HR1.2']);
    expect(refs(filterRows(rows, q({ overdue: 'no', plan: 'lga-cpc-action-plan-2023' })))).toEqual([
      'R4.2',
      'R2.1',
      'R10.1',
    ]);
    expect(filterRows(rows, q({}))).toHaveLength(rows.length);
  });

  test('sorts by the date due (an approved revised date counts), by RAG worst first, or by reference; desc reverses', () => {
    expect(refs(sortRows(rows, 'due', 'asc'))).toEqual(['R2.1', 'R6.2', 'HR1.2', 'R4.2', 'R10.1']);
    expect(refs(sortRows(rows, 'due', 'desc'))).toEqual(['R10.1', 'R4.2', 'HR1.2', 'R6.2', 'R2.1']);
    expect(refs(sortRows(rows, 'rag', 'asc'))).toEqual(['R6.2', 'R10.1', 'R4.2', 'HR1.2', 'R2.1']);
    expect(refs(sortRows(rows, 'ref', 'asc'))).toEqual(['HR1.2', 'R2.1', 'R4.2', 'R6.2', 'R10.1']);
  });

  test('the query string is parsed with zod: defaults, blanks ignored, bad values refused', () => {
    expect(q({})).toEqual({ sort: 'due', dir: 'asc' });
    expect(q({ plan: '', rag: ' ', sort: 'rag', dir: 'desc' })).toEqual({ sort: 'rag', dir: 'desc' });
    for (const bad of [
      { rag: 'Purple' },
      { status: 'Done' },
      { overdue: 'maybe' },
      { sort: 'owner' },
      { plan: 'x'.repeat(81) },
    ]) {
      expect(registerQuerySchema.safeParse(bad).success).toBe(false);
    }
  });

  test('facets offer every plan, theme (with its plan), owner, status and RAG once', () => {
    const f = facetsOf(rows);
    expect(f.plans).toEqual([
      { id: 'hr-improvement-plan', name: 'HR Improvement Plan' },
      { id: 'lga-cpc-action-plan-2023', name: 'LGA CPC Action Plan 2023' },
    ]);
    expect(f.themes).toHaveLength(4);
    expect(f.owners).toEqual([
      { email: PEOPLE.amira.email, name: 'Amira Khan' },
      { email: PEOPLE.ben.email, name: undefined },
    ]);
    expect(f.rags).toEqual(['Green', 'Amber', 'Red']);
  });
});
