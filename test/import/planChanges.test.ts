import { planImportChanges } from '../../bot/import/planChanges';
import { parsePlanCsv } from '../../bot/import/planCsv';
import { type CsvRow, SEED_ROWS, planCsv } from '../support/fixtures';

const rowsOf = (rows: CsvRow[]) => parsePlanCsv(planCsv(rows)).rows;
const at = '2026-11-20T10:00:00.000Z';
/** What the board holds after the seed plan's first import. */
const seeded = () => {
  const first = planImportChanges({ rows: rowsOf(SEED_ROWS), plans: [], actions: [], now: at, by: 'plan import' });
  return { plans: first.newPlans, actions: first.add.map((w) => w.action) };
};

test('the planner sorts a re-import into add, change, leave and missing, pointing each change at what it replaces', () => {
  const board = seeded();
  const rows: CsvRow[] = [
    ...SEED_ROWS.filter((r) => r[2] !== 'R2.1').map((r) =>
      r[2] === 'PR1.4' ? ([...r.slice(0, 2), 'pr1.4', ...r.slice(3, 5), '2027-01-08', ...r.slice(6)] as CsvRow) : r,
    ),
    ['HR Improvement Plan', 'Phase 2', 'HR2.2', 'Publish the workforce strategy.', SEED_ROWS[3][4], '2027-04-30'],
  ];
  const c = planImportChanges({ rows: rowsOf(rows), ...board, now: at, by: 'import of plan.csv' });
  expect(c.problems).toEqual([]);
  expect(c.newPlans).toEqual([]);
  expect(c.add.map((w) => [w.action.ref, w.action.revision, w.before])).toEqual([['HR2.2', 1, undefined]]);
  const pr = board.actions.find((a) => a.ref === 'PR1.4');
  expect(c.change.map((w) => [w.action.ref, w.action.dueDate, w.action.revision, w.before])).toEqual([
    ['PR1.4', '2027-01-08', 2, pr],
  ]);
  expect(c.change[0].update).toMatchObject({ kind: 'import', ref: 'PR1.4', byEmail: 'import of plan.csv' });
  expect(c.leave.map((a) => a.ref).sort()).toEqual(['HR1.2', 'HR2.1', 'R4.2', 'R6.2']);
  expect(c.missing.map((m) => [m.action.ref, m.retired])).toEqual([['R2.1', false]]);
  expect(c.retire).toEqual([]);
});
