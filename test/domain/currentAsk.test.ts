import { askCycles, currentAsks, lookupOf } from '../../bot/domain/currentAsk';
import type { ChaseCycle, ChasePrompt } from '../../bot/domain/types';
import { PEOPLE, anAction } from '../support/fixtures';

const weekly: ChaseCycle = {
  id: '2026-11-23',
  trigger: 'schedule',
  startedAt: '2026-11-23T09:00:00.000Z',
  planned: true,
};
const manual: ChaseCycle = {
  id: '2026-11-23-manual-1100',
  trigger: 'manual',
  startedAt: '2026-11-23T11:00:00.000Z',
  planned: true,
};
const older: ChaseCycle = {
  id: '2026-11-16',
  trigger: 'schedule',
  startedAt: '2026-11-16T09:00:00.000Z',
  planned: true,
};
const R42 = anAction({ lastReplyAt: undefined });
const prompt = (cycle: ChaseCycle, p: Partial<ChasePrompt> = {}): ChasePrompt => ({
  cycleId: cycle.id,
  ownerEmail: PEOPLE.amira.email,
  state: 'sent',
  actions: [{ planId: R42.planId, ref: R42.ref }],
  answered: [],
  attempts: 1,
  sentAt: cycle.startedAt,
  claimedAt: cycle.startedAt,
  ...p,
});

describe('the current ask', () => {
  test('the latest scheduled cycle and the manual chases after it; older weeks are not asked any more', () => {
    expect(askCycles([manual, older, weekly], '2026-11-23T12:00:00.000Z').map((c) => c.id)).toEqual([
      weekly.id,
      manual.id,
    ]);
    expect(askCycles([manual, older, weekly], '2026-11-20T12:00:00.000Z').map((c) => c.id)).toEqual([older.id]);
  });

  test('a re-chase still on its way leaves the weekly ask in place; once sent it is the ask', () => {
    const prompts = (state: ChasePrompt['state'], sentAt?: string) =>
      new Map([
        [weekly.id, [prompt(weekly)]],
        [manual.id, [prompt(manual, { state, sentAt, claimedAt: manual.startedAt })]],
      ]);
    const lookup = lookupOf([R42]);
    expect(currentAsks([weekly, manual], prompts('sending'), lookup).get(PEOPLE.amira.email)?.cycleId).toBe(weekly.id);
    expect(currentAsks([weekly, manual], prompts('pending'), lookup).get(PEOPLE.amira.email)?.cycleId).toBe(weekly.id);
    expect(
      currentAsks([weekly, manual], prompts('sent', manual.startedAt), lookup).get(PEOPLE.amira.email)?.cycleId,
    ).toBe(manual.id);
  });

  test('a reply after the prompt answers it; one before it does not; a reassigned action is no longer asked', () => {
    const p = prompt(weekly);
    const at = (lastReplyAt?: string, ownerEmail = PEOPLE.amira.email) =>
      currentAsks([weekly], new Map([[weekly.id, [p]]]), lookupOf([{ ...R42, lastReplyAt, ownerEmail }])).get(
        PEOPLE.amira.email,
      )?.state;
    expect(at('2026-11-23T10:00:00.000Z')).toBe('answered');
    expect(at('2026-11-20T10:00:00.000Z')).toBe('sent');
    expect(at(undefined)).toBe('sent');
    expect(at(undefined, PEOPLE.ben.email)).toBe('answered');
  });
});
