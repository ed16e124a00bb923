import { FLAG_DEFAULTS, challengeFlags, flagsOf } from '../../bot/domain/challengeFlags';
import { actionAt } from '../../bot/domain/history';
import type { Action } from '../../bot/domain/types';
import { AT_FIRST, AT_SECOND, type Life, paperBoard } from '../support/boardPapers';

const flagsAt = (asOf: string, settings = FLAG_DEFAULTS) =>
  Object.fromEntries(
    paperBoard()
      .map((l: Life) => [l.action.ref, challengeFlags(l.action, l.history, asOf, settings)] as const)
      .filter(([, f]) => f.length > 0)
      .map(([ref, f]) => [ref, f.map((x) => `${x.label}: ${x.reason}`)]),
  );

describe('challenge flags over a plan with a known history', () => {
  test('at the second meeting (14 Dec 2026), with the default thresholds: each flag on the action that earned it, with its reason', () => {
    expect(flagsAt(AT_SECOND)).toEqual({
      'R1.1': [
        'Green but overdue: Rated Green, but it was due on Mon, 30 Nov 2026 (14 days ago) and has no approved revised date.',
      ],
      'R2.1': ['Stale: No new comment for 6 weeks: the last was on Mon, 2 Nov 2026.'],
      'R2.2': [
        'Slipping: 2 revised dates proposed against the original Thu, 31 Dec 2026: Fri, 29 Jan 2027 (approved), Wed, 31 Mar 2027.',
      ],
      'R3.1': ['Stuck Red: Red for 6 weeks running, since Mon, 2 Nov 2026.'],
    });
  });

  test('closed without evidence only where the board asks for evidence', () => {
    const flags = flagsAt(AT_SECOND, { ...FLAG_DEFAULTS, evidenceRequired: true });
    // Marked Complete by its owner on 1 December, awaiting the board's closure.
    expect(flags['R4.1']).toEqual([
      'Closed without evidence: Proposed for closure on Tue, 1 Dec 2026 by amira.khan@example.org with no evidence link and no comment saying what shows it is done.',
    ]);
    expect(flags['R4.2']).toBeUndefined(); // closed with a comment naming the Council minute
  });

  test('an evidence link counts as evidence; once the board has closed it, the flag says when it was completed', () => {
    const r41 = paperBoard().find((l) => l.action.ref === 'R4.1') as Life;
    const settings = { ...FLAG_DEFAULTS, evidenceRequired: true };
    const state = actionAt(r41.action, r41.history, AT_SECOND) as Action;
    expect(
      flagsOf({ ...state, evidenceUrl: 'https://council.example.org/minutes/2026-11-30' }, AT_SECOND, settings),
    ).toEqual([]);
    const closed = {
      ...state,
      closure: { state: 'closed' as const, at: '2026-12-14T18:00:00Z', by: 'sam.patel@example.org' },
    };
    expect(flagsOf(closed, AT_SECOND, settings).map((f) => f.reason)).toEqual([
      'Marked Complete on Tue, 1 Dec 2026 by amira.khan@example.org with no evidence link and no comment saying what shows it is done.',
    ]);
  });

  test('at the first meeting (16 Nov 2026) the flags are those that stood then', () => {
    // R1.1 was not yet due, R2.1 silent for 2 weeks only, R2.2 had one revised date, R3.1 Red for 2 weeks.
    expect(flagsAt(AT_FIRST)).toEqual({});
    // With 2 weeks for stale and stuck Red and 1 revised date for slipping: silent since the import on 2 Nov
    // (R1.1, R2.1, R3.1, R3.2, R4.1, R4.2, R6.1, R6.2; R1.2, R2.2 and R5.1 commented on 9 Nov), Red since 2 Nov.
    const stale = 'Stale: No new comment for 2 weeks: the last was on Mon, 2 Nov 2026.';
    const red = 'Stuck Red: Red for 2 weeks running, since Mon, 2 Nov 2026.';
    const slip = (original: string) =>
      `Slipping: 1 revised date proposed against the original ${original}: Fri, 29 Jan 2027 (approved).`;
    expect(flagsAt(AT_FIRST, { staleWeeks: 2, stuckRedWeeks: 2, slippingDates: 1, evidenceRequired: true })).toEqual({
      'R1.1': [stale],
      'R1.2': [slip('Mon, 30 Nov 2026')],
      'R2.1': [stale],
      'R2.2': [slip('Thu, 31 Dec 2026')],
      'R3.1': [stale, red],
      'R3.2': [stale],
      'R4.1': [stale],
      'R4.2': [stale],
      'R5.1': [red],
      'R6.1': [stale],
      'R6.2': [stale],
    });
  });

  test('thresholds move the flags: stale after 3 weeks catches R3.2 (Red, commented 23 Nov) and stuck Red after 3 weeks too', () => {
    const flags = flagsAt(AT_SECOND, { ...FLAG_DEFAULTS, staleWeeks: 3, stuckRedWeeks: 3 });
    expect(flags['R3.2']).toEqual([
      'Stale: No new comment for 3 weeks: the last was on Mon, 23 Nov 2026.',
      'Stuck Red: Red for 3 weeks running, since Mon, 23 Nov 2026.',
    ]);
  });
});
