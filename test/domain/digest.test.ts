import {
  type Digest,
  type DigestInput,
  buildDigest,
  completeOrOnTarget,
  effectiveDue,
  mixOf,
} from '../../bot/domain/digest';
import type { Action } from '../../bot/domain/types';
import { PEOPLE, anAction } from '../support/fixtures';

/**
 * A board week worked out by hand. Today is Friday 20 Nov 2026; "due soon" runs 20 Nov .. 4 Dec.
 *
 * ref    plan / theme          status       RAG    due         notes
 * R1.1   CPC / Rec 1           Complete     (Green left on the row)  2026-10-30  complete a week ago too
 * R1.2   CPC / Rec 1           Complete     -      2026-11-13  In progress Green a week ago -> completed this week
 * R2.1   CPC / Rec 2           In progress  Green  2026-12-31  rejected revised date
 * R2.2   CPC / Rec 2           In progress  Green  2026-11-27  due soon; flagged "not mine" by a former owner, not its owner
 * R2.3   CPC / Rec 2           In progress  Green  2026-11-10  overdue 10 days
 * R3.1   CPC / Rec 3           In progress  Amber  2026-12-04  due soon (last day of the window); proposed revised date
 * R3.2   CPC / Rec 3           In progress  Amber  2026-11-18  overdue 2 days
 * R4.1   CPC / Rec 4           In progress  Red    2026-11-01  approved revised date 2026-12-18: not overdue, not due soon
 * R4.2   CPC / Rec 4           In progress  Red    2026-12-20  flagged "not mine" by its owner
 * HR1.1  HR / Phase 1          Not started  -      2026-11-20  due today: due soon, not overdue
 * HR1.2  HR / Phase 1          Not started  -      2026-12-05  one day after the window
 * PR1.1  Procurement / Phase 1 Deferred     Amber  2026-09-30  deferred: no RAG counted, not overdue, not an exception
 *
 * Totals: 12 actions; 2 complete, 3 green, 2 amber, 2 red, 2 without a RAG, 1 deferred; 2 not started, 7 in progress.
 * Complete or on target = (2 + 3) / 12 = 41.67% -> 41.7.
 *
 * A week before: 11 actions (HR1.2 not yet in the plan); R1.1 complete; green R1.2, R2.1, R2.3, R3.2 (4);
 * R2.2, R3.1, R4.2 amber; R4.1 red; HR1.1 not started; PR1.1 deferred. (1 + 4) / 11 = 45.45% -> 45.5.
 * Change: 41.7 - 45.5 = -3.8 points.
 */
const TODAY = '2026-11-20';
const CPC = { planId: 'lga-cpc-action-plan-2023', planName: 'LGA CPC Action Plan 2023' };
const HR = { planId: 'hr-improvement-plan', planName: 'HR Improvement Plan' };
const PROC = { planId: 'procurement-improvement-plan', planName: 'Procurement Improvement Plan' };
const REC1 = 'Recommendation 1: Strengthen the corporate centre';
const REC2 = 'Recommendation 2: Be forward looking';
const REC3 = 'Recommendation 3: Improve the use of performance data';
const REC4 = 'Recommendation 4: Increase the pace of decision making';
const PHASE1 = 'Phase 1: Analyse and stabilise';

const revised = (date: string, state: 'proposed' | 'approved' | 'rejected') => ({
  date,
  reason: 'Cabinet meeting moved to January.',
  state,
  proposedAt: '2026-11-09T10:00:00.000Z',
  proposedBy: PEOPLE.amira.email,
});

function thisWeek(): Action[] {
  return [
    anAction({
      ...CPC,
      theme: REC1,
      ref: 'R1.1',
      dueDate: '2026-10-30',
      status: 'Complete',
      rag: 'Green',
      narrative: 'Adopted by Council in October.',
    }),
    anAction({
      ...CPC,
      theme: REC1,
      ref: 'R1.2',
      dueDate: '2026-11-13',
      status: 'Complete',
      rag: undefined,
      narrative: 'Signed off by CMT.',
    }),
    anAction({
      ...CPC,
      theme: REC2,
      ref: 'R2.1',
      dueDate: '2026-12-31',
      rag: 'Green',
      revisedDate: revised('2027-02-26', 'rejected'),
    }),
    anAction({
      ...CPC,
      theme: REC2,
      ref: 'R2.2',
      dueDate: '2026-11-27',
      rag: 'Green',
      notMine: { by: PEOPLE.ben.email, at: '2026-11-02T09:00:00.000Z' },
    }),
    anAction({ ...CPC, theme: REC2, ref: 'R2.3', dueDate: '2026-11-10', rag: 'Green' }),
    anAction({
      ...CPC,
      theme: REC3,
      ref: 'R3.1',
      dueDate: '2026-12-04',
      rag: 'Amber',
      narrative: 'Data warehouse supplier is late.',
      revisedDate: revised('2027-01-29', 'proposed'),
    }),
    anAction({
      ...CPC,
      theme: REC3,
      ref: 'R3.2',
      dueDate: '2026-11-18',
      rag: 'Amber',
      narrative: 'Two directorates have not sent figures.',
      ownerEmail: PEOPLE.ben.email,
    }),
    anAction({
      ...CPC,
      theme: REC4,
      ref: 'R4.1',
      dueDate: '2026-11-01',
      rag: 'Red',
      narrative: 'Blocked on Legal capacity.',
      revisedDate: revised('2026-12-18', 'approved'),
    }),
    anAction({
      ...CPC,
      theme: REC4,
      ref: 'R4.2',
      dueDate: '2026-12-20',
      rag: 'Red',
      narrative: 'Not started by Legal.',
      notMine: { by: PEOPLE.amira.email, at: '2026-11-16T09:40:00.000Z', note: 'This sits with Democratic Services.' },
    }),
    anAction({
      ...HR,
      theme: PHASE1,
      ref: 'HR1.1',
      dueDate: '2026-11-20',
      status: 'Not started',
      rag: undefined,
      narrative: undefined,
      ownerEmail: PEOPLE.ben.email,
    }),
    anAction({
      ...HR,
      theme: PHASE1,
      ref: 'HR1.2',
      dueDate: '2026-12-05',
      status: 'Not started',
      rag: undefined,
      narrative: undefined,
      ownerEmail: PEOPLE.ben.email,
    }),
    anAction({
      ...PROC,
      theme: PHASE1,
      ref: 'PR1.1',
      dueDate: '2026-09-30',
      status: 'Deferred',
      rag: 'Amber',
      ownerEmail: PEOPLE.carys.email,
    }),
  ];
}

/** The same plan a week earlier, as history would rebuild it. */
function weekBefore(): Action[] {
  const change: Record<string, Partial<Action>> = {
    'R1.2': { status: 'In progress', rag: 'Green' },
    'R2.2': { rag: 'Amber' },
    'R3.1': { rag: 'Amber', revisedDate: undefined },
    'R3.2': { rag: 'Green' },
    'R4.2': { rag: 'Amber', notMine: undefined },
  };
  return thisWeek()
    .filter((a) => a.ref !== 'HR1.2')
    .map((a) => ({ ...a, ...(change[a.ref] ?? {}) }));
}

const input = (overrides: Partial<DigestInput> = {}): DigestInput => ({
  week: '2026-W47',
  asOf: '2026-11-20T12:00:00.000Z',
  today: TODAY,
  scope: 'LGA CPC Action Plan 2023, HR Improvement Plan, Procurement Improvement Plan',
  now: thisWeek(),
  weekBefore: weekBefore(),
  trend: [],
  nonresponders: [],
  unreachable: [],
  ...overrides,
});

const refs = (lines: { ref: string }[]) => lines.map((l) => l.ref);

describe('the digest figures a board member reads', () => {
  let d: Digest;
  beforeAll(() => {
    d = buildDigest(input());
  });

  test('counts actions by status, and RAG for open work only', () => {
    expect(d.mix).toEqual({
      total: 12,
      complete: 2,
      awaitingClosure: 0,
      green: 3,
      amber: 2,
      red: 2,
      notRated: 2,
      deferred: 1,
      notStarted: 2,
      inProgress: 7,
    });
  });

  test('a completed action still carrying "Green" is counted complete, never green; a deferred Amber is not counted amber', () => {
    const m = mixOf([
      anAction({ status: 'Complete', rag: 'Green' }),
      anAction({ ref: 'R4.3', status: 'Deferred', rag: 'Amber' }),
    ]);
    expect(m).toMatchObject({ total: 2, complete: 1, deferred: 1, green: 0, amber: 0, red: 0, notRated: 0 });
  });

  test('"complete or on target" is complete plus open Green over every action in scope, to one decimal', () => {
    expect(d.completeOrOnTarget).toBe(41.7);
  });

  test("shows last week's figure and the change in points", () => {
    expect(d.previous?.completeOrOnTarget).toBe(45.5);
    expect(d.previous?.mix).toMatchObject({
      total: 11,
      complete: 1,
      green: 4,
      amber: 3,
      red: 1,
      notRated: 1,
      deferred: 1,
    });
    expect(d.change).toBe(-3.8);
  });

  test('with no earlier week there is no change to report', () => {
    expect(buildDigest(input({ weekBefore: undefined })).change).toBeUndefined();
    expect(buildDigest(input({ weekBefore: [] })).previous).toBeUndefined();
  });

  test('rising figures give a positive change', () => {
    // A week before, only R1.1 was complete and nothing was green: 1 / 12 = 8.3%; now 41.7%: up 33.4 points.
    const before = thisWeek().map((a) =>
      a.ref === 'R1.1' ? a : { ...a, status: 'In progress' as const, rag: 'Amber' as const },
    );
    const up = buildDigest(input({ weekBefore: before }));
    expect(up.previous?.completeOrOnTarget).toBe(8.3);
    expect(up.change).toBe(33.4);
  });
});

describe('completeOrOnTarget and mixOf on their own', () => {
  test('rounds to one decimal', () => {
    const third = mixOf([
      anAction({ ref: 'A' }),
      anAction({ ref: 'B', rag: 'Red' }),
      anAction({ ref: 'C', rag: 'Amber' }),
    ]);
    expect(completeOrOnTarget(third)).toBe(33.3);
    const twoThirds = mixOf([
      anAction({ ref: 'A' }),
      anAction({ ref: 'B', status: 'Complete', rag: undefined }),
      anAction({ ref: 'C', rag: 'Amber' }),
    ]);
    expect(completeOrOnTarget(twoThirds)).toBe(66.7);
  });

  test('an empty scope is 0%, not NaN', () => {
    expect(completeOrOnTarget(mixOf([]))).toBe(0);
  });

  test('deferred actions count in the total, so they pull the figure down', () => {
    // 1 green of 2 actions = 50%.
    expect(
      completeOrOnTarget(mixOf([anAction({ ref: 'A' }), anAction({ ref: 'B', status: 'Deferred', rag: undefined })])),
    ).toBe(50);
  });
});

describe('effectiveDue', () => {
  test('an approved revised date replaces the original; a proposed or rejected one does not', () => {
    expect(effectiveDue(anAction({ dueDate: '2026-11-01', revisedDate: revised('2026-12-18', 'approved') }))).toBe(
      '2026-12-18',
    );
    expect(effectiveDue(anAction({ dueDate: '2026-11-01', revisedDate: revised('2026-12-18', 'proposed') }))).toBe(
      '2026-11-01',
    );
    expect(effectiveDue(anAction({ dueDate: '2026-11-01', revisedDate: revised('2026-12-18', 'rejected') }))).toBe(
      '2026-11-01',
    );
    expect(effectiveDue(anAction({ dueDate: '2026-11-01' }))).toBe('2026-11-01');
  });
});

describe('exception reporting: detail only where the board needs it', () => {
  let d: Digest;
  beforeAll(() => {
    d = buildDigest(input());
  });

  test('exceptions are the open Red and Amber actions, Red first, then by due date', () => {
    // Red: R4.1 (due 1 Nov, revised 18 Dec), R4.2 (20 Dec). Amber: R3.2 (18 Nov), R3.1 (4 Dec). Deferred PR1.1 is not one.
    expect(refs(d.exceptions)).toEqual(['R4.1', 'R4.2', 'R3.2', 'R3.1']);
    expect(d.exceptions.map((l) => l.rag)).toEqual(['Red', 'Red', 'Amber', 'Amber']);
  });

  test("exceptions carry the owner's narrative", () => {
    const r32 = d.exceptions.find((l) => l.ref === 'R3.2');
    expect(r32).toMatchObject({
      narrative: 'Two directorates have not sent figures.',
      ownerEmail: PEOPLE.ben.email,
      planName: 'LGA CPC Action Plan 2023',
      theme: REC3,
    });
  });

  test('Red comes before Amber even when the Amber is due sooner', () => {
    const d2 = buildDigest(
      input({
        now: [
          anAction({ ref: 'A1', rag: 'Amber', dueDate: '2026-11-21' }),
          anAction({ ref: 'R9', rag: 'Red', dueDate: '2027-06-30' }),
          anAction({ ref: 'A0', rag: 'Amber', dueDate: '2026-11-20' }),
          anAction({ ref: 'G1', rag: 'Green', dueDate: '2026-11-20' }),
        ],
      }),
    );
    expect(refs(d2.exceptions)).toEqual(['R9', 'A0', 'A1']);
  });

  test('overdue is open work past its due date, using an approved revised date; complete and deferred work is never overdue', () => {
    // R2.3 due 10 Nov (10 days late), R3.2 due 18 Nov (2 days late). R4.1 was due 1 Nov but its revised 18 Dec was approved.
    expect(refs(d.overdue)).toEqual(['R2.3', 'R3.2']);
    expect(d.overdue.map((l) => l.daysOverdue)).toEqual([10, 2]);
  });

  test('an action with an approved revised date shows both dates and is not marked late', () => {
    const r41 = d.exceptions.find((l) => l.ref === 'R4.1');
    expect(r41).toMatchObject({ dueDate: '2026-11-01', revisedDate: '2026-12-18', revisedState: 'approved' });
    expect(r41?.daysOverdue).toBeUndefined();
  });

  test('due soon is open work due from today up to 14 days ahead, by due date', () => {
    // HR1.1 due today, R2.2 on 27 Nov, R3.1 on 4 Dec (day 14). HR1.2 on 5 Dec is day 15.
    expect(refs(d.dueSoon)).toEqual(['HR1.1', 'R2.2', 'R3.1']);
  });

  test('the due-soon window can be set', () => {
    // 7 days: to 27 Nov.
    expect(refs(buildDigest(input({ dueSoonDays: 7 })).dueSoon)).toEqual(['HR1.1', 'R2.2']);
  });

  test('completed this week is complete now but not a week before', () => {
    expect(refs(d.completedThisWeek)).toEqual(['R1.2']);
    expect(d.completedThisWeek[0].rag).toBeUndefined();
  });

  test('an action that was not in the plan a week ago (imported this week, already complete) is not "completed this week"', () => {
    // HR1.2 is absent from the week before; here it arrives already Complete in the plan file.
    const now = thisWeek().map((a) =>
      a.ref === 'HR1.2'
        ? { ...a, status: 'Complete' as const, narrative: 'Completed in September, before the plan was imported.' }
        : a,
    );
    expect(refs(buildDigest(input({ now })).completedThisWeek)).toEqual(['R1.2']);
  });

  test('revised-date requests are only the proposed ones, with their reason', () => {
    expect(refs(d.revisedDateRequests)).toEqual(['R3.1']);
    expect(d.revisedDateRequests[0]).toMatchObject({
      revisedDate: '2027-01-29',
      revisedState: 'proposed',
      revisedReason: 'Cabinet meeting moved to January.',
    });
  });

  test('"not my action" lists only actions flagged by their current owner', () => {
    // R2.2 was flagged by Ben, who no longer owns it.
    expect(refs(d.notMine)).toEqual(['R4.2']);
  });

  // Who has not replied, who cannot be reached, and which week and scope a digest is about are worked out by
  // loadDigest from storage, not here (buildDigest only carries them): see test/digest/responseGaps.test.ts.
});

describe('by theme', () => {
  test('one row per plan and theme, with its own figures and overdue count', () => {
    const d = buildDigest(input());
    const row = (planName: string, theme: string) => d.themes.find((t) => t.planName === planName && t.theme === theme);
    expect(d.themes).toHaveLength(6);
    expect(row(CPC.planName, REC1)).toMatchObject({ mix: { total: 2, complete: 2, green: 0 }, overdue: 0 });
    expect(row(CPC.planName, REC2)).toMatchObject({ mix: { total: 3, green: 3, amber: 0 }, overdue: 1 });
    expect(row(CPC.planName, REC3)).toMatchObject({ mix: { total: 2, amber: 2 }, overdue: 1 });
    expect(row(CPC.planName, REC4)).toMatchObject({ mix: { total: 2, red: 2 }, overdue: 0 });
    // The same theme name in two plans stays two rows.
    expect(row(HR.planName, PHASE1)).toMatchObject({ mix: { total: 2, notStarted: 2, notRated: 2 }, overdue: 0 });
    expect(row(PROC.planName, PHASE1)).toMatchObject({ mix: { total: 1, deferred: 1, amber: 0 }, overdue: 0 });
  });

  test('theme figures add up to the plan figures', () => {
    const d = buildDigest(input());
    const sum = (k: 'total' | 'complete' | 'green' | 'amber' | 'red') => d.themes.reduce((n, t) => n + t.mix[k], 0);
    expect([sum('total'), sum('complete'), sum('green'), sum('amber'), sum('red')]).toEqual([12, 2, 3, 2, 2]);
    expect(d.themes.reduce((n, t) => n + t.overdue, 0)).toBe(d.overdue.length);
  });
});

describe('trend', () => {
  test('one point per week with its own mix and percentage', () => {
    // W45: 4 actions, 1 complete, 1 green -> 50%. W46: the week before (45.5%). W47: now (41.7%).
    const w45 = [
      anAction({ ref: 'R1.1', status: 'Complete', rag: undefined }),
      anAction({ ref: 'R2.1', rag: 'Green' }),
      anAction({ ref: 'R3.1', rag: 'Red' }),
      anAction({ ref: 'HR1.1', status: 'Not started', rag: undefined }),
    ];
    const d = buildDigest(
      input({
        trend: [
          { week: '2026-W45', actions: w45 },
          { week: '2026-W46', actions: weekBefore() },
          { week: '2026-W47', actions: thisWeek() },
        ],
      }),
    );
    expect(d.trend.map((t) => [t.week, t.completeOrOnTarget])).toEqual([
      ['2026-W45', 50],
      ['2026-W46', 45.5],
      ['2026-W47', 41.7],
    ]);
    expect(d.trend[0].mix).toMatchObject({
      total: 4,
      complete: 1,
      green: 1,
      red: 1,
      notRated: 1,
      notStarted: 1,
      inProgress: 2,
    });
  });

  test('an empty week in the trend is 0%, before the plan existed', () => {
    const d = buildDigest(input({ trend: [{ week: '2026-W40', actions: [] }] }));
    expect(d.trend).toEqual([{ week: '2026-W40', mix: expect.objectContaining({ total: 0 }), completeOrOnTarget: 0 }]);
  });
});
