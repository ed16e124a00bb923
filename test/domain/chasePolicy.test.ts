import { type ChaseSettings, followUpFor, isCycleDue, planCycle } from '../../bot/domain/chasePolicy';
import { englandAndWalesBankHolidays } from '../../bot/domain/bankHolidays';
import type { ChasePrompt } from '../../bot/domain/types';
import { PEOPLE, anAction } from '../support/fixtures';

const bankHolidays = englandAndWalesBankHolidays();

/** Every Monday, skip actions updated in the last 3 days, nudge after 2 working days, escalate after 5. */
const weekly: ChaseSettings = {
  chaseWeekday: 1,
  intervalWeeks: 1,
  skipIfRepliedWithinDays: 3,
  nudgeAfterWorkingDays: 2,
  escalateAfterWorkingDays: 5,
};

describe('isCycleDue: when the Monday chase runs', () => {
  test('runs on a normal Monday a week after the last cycle', () => {
    expect(isCycleDue('2026-11-30', '2026-11-23', weekly, bankHolidays)).toBe(true);
  });

  test('runs the very first time on a working day', () => {
    expect(isCycleDue('2026-11-23', undefined, weekly, bankHolidays)).toBe(true);
  });

  test('never runs on a Saturday or Sunday', () => {
    expect(isCycleDue('2026-11-28', '2026-11-16', weekly, bankHolidays)).toBe(false);
    expect(isCycleDue('2026-11-29', '2026-11-16', weekly, bankHolidays)).toBe(false);
    expect(isCycleDue('2026-11-28', undefined, weekly, bankHolidays)).toBe(false);
  });

  test('on the Early May bank holiday Monday it waits, and runs on the Tuesday instead', () => {
    expect(isCycleDue('2027-05-03', '2027-04-26', weekly, bankHolidays)).toBe(false);
    expect(isCycleDue('2027-05-04', '2027-04-26', weekly, bankHolidays)).toBe(true);
  });

  test('on Easter Monday 2027 it waits, and runs on the Tuesday instead', () => {
    expect(isCycleDue('2027-03-29', '2027-03-22', weekly, bankHolidays)).toBe(false);
    expect(isCycleDue('2027-03-30', '2027-03-22', weekly, bankHolidays)).toBe(true);
  });

  test('does not run twice in the same week', () => {
    expect(isCycleDue('2026-11-23', '2026-11-23', weekly, bankHolidays)).toBe(false);
    expect(isCycleDue('2026-11-24', '2026-11-23', weekly, bankHolidays)).toBe(false);
    expect(isCycleDue('2026-11-27', '2026-11-23', weekly, bankHolidays)).toBe(false);
  });

  test('after running late on a bank-holiday Tuesday, it does not run again that week, and runs the next Monday', () => {
    expect(isCycleDue('2027-05-05', '2027-05-04', weekly, bankHolidays)).toBe(false);
    expect(isCycleDue('2027-05-10', '2027-05-04', weekly, bankHolidays)).toBe(true);
  });

  test('a cycle missed on Monday (bot down) runs on the next working day that week', () => {
    expect(isCycleDue('2026-11-25', '2026-11-16', weekly, bankHolidays)).toBe(true);
  });

  test('every two weeks: skips the week between', () => {
    const fortnightly = { ...weekly, intervalWeeks: 2 };
    expect(isCycleDue('2026-11-30', '2026-11-23', fortnightly, bankHolidays)).toBe(false);
    expect(isCycleDue('2026-12-01', '2026-11-23', fortnightly, bankHolidays)).toBe(false);
    expect(isCycleDue('2026-12-07', '2026-11-23', fortnightly, bankHolidays)).toBe(true);
  });
});

describe('planCycle: one prompt per owner per cycle', () => {
  const now = new Date('2026-11-23T09:00:00Z');
  const amira = PEOPLE.amira.email;
  const ben = PEOPLE.ben.email;
  const carys = PEOPLE.carys.email;

  test('an owner with several open actions gets one entry listing them all, never one per action', () => {
    const actions = [
      anAction({ ref: 'R4.2', dueDate: '2026-12-18' }),
      anAction({ ref: 'R6.2', dueDate: '2026-10-30', rag: 'Red' }),
      anAction({
        planId: 'hr-improvement-plan',
        planName: 'HR Improvement Plan',
        ref: 'HR1.2',
        ownerEmail: ben,
        dueDate: '2027-01-29',
      }),
      anAction({
        planId: 'hr-improvement-plan',
        planName: 'HR Improvement Plan',
        ref: 'HR2.1',
        ownerEmail: ben,
        dueDate: '2027-03-31',
        status: 'Not started',
        rag: undefined,
      }),
      anAction({
        planId: 'procurement-improvement-plan',
        planName: 'Procurement Improvement Plan',
        ref: 'PR1.4',
        ownerEmail: carys,
        dueDate: '2026-12-04',
      }),
    ];
    const plans = planCycle(actions, now, weekly);
    expect(plans.map((p) => p.ownerEmail).sort()).toEqual([amira, ben, carys].sort());
    expect(new Set(plans.map((p) => p.ownerEmail)).size).toBe(plans.length);
    const amiras = plans.find((p) => p.ownerEmail === amira)!;
    expect(amiras.kind).toBe('prompt');
    expect(amiras.actions.map((a) => a.ref).sort()).toEqual(['R4.2', 'R6.2']);
    expect(
      plans
        .find((p) => p.ownerEmail === ben)!
        .actions.map((a) => a.ref)
        .sort(),
    ).toEqual(['HR1.2', 'HR2.1']);
  });

  test('Complete and Deferred actions are never asked about; Rescheduled (approved) still is', () => {
    const actions = [
      anAction({ ref: 'R2.1', status: 'Complete', rag: undefined }),
      anAction({ ref: 'R3.1', status: 'Deferred' }),
      anAction({ ref: 'R5.1', status: 'Rescheduled (approved)' }),
      anAction({ ref: 'R4.2', status: 'In progress' }),
    ];
    const [plan] = planCycle(actions, now, weekly);
    expect(plan.kind).toBe('prompt');
    expect(plan.actions.map((a) => a.ref).sort()).toEqual(['R4.2', 'R5.1']);
  });

  test('an owner whose actions are all Complete or Deferred is not in the cycle at all', () => {
    const plans = planCycle(
      [anAction({ ref: 'R2.1', status: 'Complete', rag: undefined }), anAction({ ref: 'HR1.2', ownerEmail: ben })],
      now,
      weekly,
    );
    expect(plans.map((p) => p.ownerEmail)).toEqual([ben]);
  });

  test('an action updated within the last 3 days is left out; older replies are asked again', () => {
    const actions = [
      anAction({ ref: 'R4.2', lastReplyAt: '2026-11-21T16:45:00Z' }), // Saturday, under 3 days ago
      anAction({ ref: 'R6.2', lastReplyAt: '2026-11-19T10:00:00Z' }), // 4 days ago
      anAction({ ref: 'R7.1' }), // never answered
    ];
    const [plan] = planCycle(actions, now, weekly);
    expect(plan.kind).toBe('prompt');
    expect(plan.actions.map((a) => a.ref).sort()).toEqual(['R6.2', 'R7.1']);
  });

  test('an owner who updated every open action recently is skipped, with a reason', () => {
    const actions = [
      anAction({ ref: 'R4.2', lastReplyAt: '2026-11-22T08:00:00Z' }),
      anAction({ ref: 'R6.2', lastReplyAt: '2026-11-23T07:30:00Z' }),
      anAction({ ref: 'HR1.2', ownerEmail: ben }),
    ];
    const plans = planCycle(actions, now, weekly);
    const amiras = plans.find((p) => p.ownerEmail === amira)!;
    expect(amiras.kind).toBe('skip');
    expect(amiras.kind === 'skip' && amiras.reason).toMatch(/3 days/);
    expect(plans.find((p) => p.ownerEmail === ben)!.kind).toBe('prompt');
  });

  test('an action its current owner flagged "Not my action" is left out until it is reassigned', () => {
    const flagged = anAction({
      ref: 'R6.2',
      notMine: { by: amira, at: '2026-11-16T10:00:00Z', note: 'This sits with Partnerships.' },
    });
    const [plan] = planCycle([anAction({ ref: 'R4.2' }), flagged], now, weekly);
    expect(plan.actions.map((a) => a.ref)).toEqual(['R4.2']);

    // Reassigned by the secretariat to Ben: the flag came from Amira, so Ben is asked.
    const plans = planCycle([{ ...flagged, ownerEmail: ben }], now, weekly);
    expect(plans).toEqual([
      expect.objectContaining({ ownerEmail: ben, kind: 'prompt', actions: [{ planId: flagged.planId, ref: 'R6.2' }] }),
    ]);
  });

  test('an owner whose only action is flagged "Not my action" is not prompted', () => {
    const plans = planCycle([anAction({ notMine: { by: amira, at: '2026-11-16T10:00:00Z' } })], now, weekly);
    expect(plans.filter((p) => p.ownerEmail === amira && p.kind === 'prompt')).toEqual([]);
  });

  test('actions are listed soonest due first', () => {
    const actions = [
      anAction({ ref: 'R4.2', dueDate: '2026-12-18' }),
      anAction({ ref: 'R1.1', dueDate: '2027-03-31' }),
      anAction({ ref: 'R6.2', dueDate: '2026-10-30' }),
      anAction({ ref: 'R2.2', dueDate: '2026-12-03' }),
    ];
    const [plan] = planCycle(actions, now, weekly);
    expect(plan.actions.map((a) => a.ref)).toEqual(['R6.2', 'R2.2', 'R4.2', 'R1.1']);
  });
});

describe('followUpFor: nudges and escalations', () => {
  const sentPrompt = (sentAt: string, overrides: Partial<ChasePrompt> = {}): ChasePrompt => ({
    cycleId: cycleOf(sentAt),
    ownerEmail: PEOPLE.amira.email,
    state: 'sent',
    actions: [{ planId: 'lga-cpc-action-plan-2023', ref: 'R4.2' }],
    answered: [],
    attempts: 1,
    sentAt,
    ...overrides,
  });
  const cycleOf = (instant: string) => `cycle-${instant.slice(0, 10)}`;
  const step = (prompts: ChasePrompt[], today: string) => followUpFor(prompts, today, weekly, bankHolidays).step;
  const monday = sentPrompt('2026-11-23T09:00:00Z');

  test('no follow-up on the day of the prompt or the next working day', () => {
    expect(step([monday], '2026-11-23')).toBe('none');
    expect(step([monday], '2026-11-24')).toBe('none');
  });

  test('a nudge after 2 working days without a reply, for that prompt', () => {
    expect(followUpFor([monday], '2026-11-25', weekly, bankHolidays)).toEqual({ step: 'nudge', prompt: monday });
  });

  test('the nudge is sent only once', () => {
    const nudged = { ...monday, nudgedAt: '2026-11-25T09:00:00Z' };
    expect(step([nudged], '2026-11-26')).toBe('none');
    expect(step([nudged], '2026-11-27')).toBe('none');
  });

  test('escalation to the secretariat after 5 working days, and only once', () => {
    const nudged = { ...monday, nudgedAt: '2026-11-25T09:00:00Z' };
    expect(step([nudged], '2026-11-27')).toBe('none');
    expect(step([nudged], '2026-11-30')).toBe('escalate');
    const escalated = { ...nudged, escalatedAt: '2026-11-30T09:00:00Z' };
    expect(step([escalated], '2026-12-01')).toBe('none');
    expect(step([escalated], '2026-12-07')).toBe('none');
  });

  test('no follow-up once the owner has answered, or when the prompt was skipped', () => {
    expect(step([{ ...monday, state: 'answered' }], '2026-11-25')).toBe('none');
    expect(step([{ ...monday, state: 'answered' }], '2026-11-30')).toBe('none');
    const skipped: ChasePrompt = {
      ...monday,
      state: 'skipped',
      sentAt: undefined,
      reason: 'updated all open actions in the last 3 days',
    };
    expect(step([skipped], '2026-11-30')).toBe('none');
  });

  test('no follow-up on a weekend day, even when one is overdue', () => {
    expect(step([monday], '2026-11-28')).toBe('none');
    expect(step([monday], '2026-11-29')).toBe('none');
    expect(step([monday], '2026-11-30')).toBe('escalate');
  });

  test('over Christmas 2026 the bank holidays do not count as days waited', () => {
    const christmasEve = sentPrompt('2026-12-24T09:00:00Z');
    // 25 Dec (Fri) and 28 Dec (Mon, substitute Boxing Day) are bank holidays.
    expect(step([christmasEve], '2026-12-25')).toBe('none');
    expect(step([christmasEve], '2026-12-28')).toBe('none');
    expect(step([christmasEve], '2026-12-29')).toBe('none');
    expect(step([christmasEve], '2026-12-30')).toBe('nudge');
    const nudged = { ...christmasEve, nudgedAt: '2026-12-30T09:00:00Z' };
    // 31 Dec (3), 1 Jan bank holiday, 4 Jan (4), 5 Jan (5).
    expect(step([nudged], '2027-01-04')).toBe('none');
    expect(step([nudged], '2027-01-05')).toBe('escalate');
  });

  test('days are counted from the London date of sending (23:30 UTC on a summer Thursday is already Friday)', () => {
    const sentFridayInLondon = sentPrompt('2026-10-22T23:30:00Z');
    // Waited: Monday 26 (1), Tuesday 27 (2). Counting from the UTC date would nudge a day early.
    expect(step([sentFridayInLondon], '2026-10-26')).toBe('none');
    expect(step([sentFridayInLondon], '2026-10-27')).toBe('nudge');
  });

  test("a new week's card does not reset the clock: an owner silent since last Monday is escalated on the new prompt", () => {
    const lastWeek = { ...sentPrompt('2026-11-16T09:00:00Z'), nudgedAt: '2026-11-18T09:00:00Z' };
    const thisWeek = sentPrompt('2026-11-23T09:00:00Z');
    expect(followUpFor([thisWeek, lastWeek], '2026-11-23', weekly, bankHolidays)).toEqual({
      step: 'escalate',
      prompt: thisWeek,
    });
  });

  test("an owner who answered last week starts afresh with this week's prompt", () => {
    const lastWeek = {
      ...sentPrompt('2026-11-16T09:00:00Z'),
      state: 'answered' as const,
    };
    const thisWeek = sentPrompt('2026-11-23T09:00:00Z');
    expect(step([lastWeek, thisWeek], '2026-11-24')).toBe('none');
    expect(step([lastWeek, thisWeek], '2026-11-25')).toBe('nudge');
    expect(step([lastWeek, { ...thisWeek, nudgedAt: '2026-11-25T09:00:00Z' }], '2026-11-27')).toBe('none');
  });

  test('an owner already escalated about this silence is not escalated again on the next card', () => {
    const lastWeek = {
      ...sentPrompt('2026-11-09T09:00:00Z'),
      nudgedAt: '2026-11-11T09:00:00Z',
      escalatedAt: '2026-11-16T09:00:00Z',
    };
    const thisWeek = sentPrompt('2026-11-23T09:00:00Z');
    expect(step([lastWeek, thisWeek], '2026-11-24')).toBe('none');
    // The new card can still be nudged once.
    expect(step([lastWeek, thisWeek], '2026-11-25')).toBe('nudge');
  });

  test('no prompts at all: nothing to do', () => {
    expect(step([], '2026-11-25')).toBe('none');
  });
});

describe('planCycle: owners away', () => {
  const at = new Date('2026-11-30T09:00:00Z');
  const actions = [
    anAction({ ref: 'R4.2', ownerEmail: PEOPLE.amira.email }),
    anAction({ ref: 'HR1.2', ownerEmail: PEOPLE.ben.email }),
    anAction({ ref: 'PR1.4', ownerEmail: PEOPLE.carys.email }),
  ];
  const refsOf = (plans: ReturnType<typeof planCycle>) =>
    plans.map((p) => [p.ownerEmail, p.kind, p.actions.map((a) => a.ref).join(' ')]);

  test("an owner away is not prompted; their cover is asked about their actions on the cover's one card", () => {
    const away = new Map([[PEOPLE.amira.email, { until: '2026-12-07', cover: PEOPLE.ben.email, at: '' }]]);
    expect(refsOf(planCycle(actions, at, weekly, away))).toEqual([
      [PEOPLE.ben.email, 'prompt', 'HR1.2 R4.2'],
      [PEOPLE.carys.email, 'prompt', 'PR1.4'],
    ]);
  });

  test('with no cover (or a cover who is away too) the owner is skipped with the reason; on the day back they are asked', () => {
    const away = new Map([
      [PEOPLE.amira.email, { until: '2026-12-07', cover: PEOPLE.carys.email, at: '' }],
      [PEOPLE.carys.email, { until: '2026-12-02', at: '' }],
    ]);
    const plans = planCycle(actions, at, weekly, away);
    expect(refsOf(plans)).toEqual([
      [PEOPLE.ben.email, 'prompt', 'HR1.2'],
      [PEOPLE.amira.email, 'skip', 'R4.2'],
      [PEOPLE.carys.email, 'skip', 'PR1.4'],
    ]);
    expect(plans.find((p) => p.ownerEmail === PEOPLE.amira.email)).toMatchObject({ reason: 'away until 2026-12-07' });
    expect(refsOf(planCycle(actions, new Date('2026-12-07T09:00:00Z'), weekly, away))).toEqual([
      [PEOPLE.amira.email, 'prompt', 'R4.2'],
      [PEOPLE.ben.email, 'prompt', 'HR1.2'],
      [PEOPLE.carys.email, 'prompt', 'PR1.4'],
    ]);
  });
});
