import { actionStatusData } from '../../cards/actionStatusCard';
import { chasePromptCard } from '../../cards/chasePromptCard';
import { dueText } from '../../cards/ragText';
import { cardText } from '../support/botHarness';
import { PEOPLE, anAction } from '../support/fixtures';

/** What the cards say must be true of the record they show. */
describe('true words', () => {
  test('an action with an approved revised date is not called overdue against its original date', () => {
    const a = anAction({
      dueDate: '2026-10-30',
      revisedDate: {
        date: '2027-01-29',
        reason: 'Cabinet moved',
        state: 'approved',
        proposedAt: '2026-10-20T09:00:00.000Z',
        proposedBy: PEOPLE.amira.email,
      },
    });
    const text = dueText(a, '2026-11-23');
    expect(text).not.toContain('overdue');
    expect(text).toContain('in 67 days');
    expect(dueText({ ...a, revisedDate: undefined }, '2026-11-23')).toContain('overdue by 24 days');
  });

  test("an action's history shows London times, an hour on from UTC in summer", () => {
    const a = anAction();
    const update = {
      planId: a.planId,
      ref: a.ref,
      id: 'u1',
      revision: 2,
      at: '2026-07-01T08:30:00.000Z',
      kind: 'update' as const,
      byEmail: PEOPLE.amira.email,
      status: 'In progress' as const,
      rag: 'Green' as const,
    };
    const shown = JSON.stringify(actionStatusData(a, [update], '2026-07-02'));
    expect(shown).toContain('2026-07-01 09:30');
    expect(shown).not.toContain('08:30');
  });

  test('one recorded action is not "All 1 action"', () => {
    const card = chasePromptCard({
      cycleId: '2026-11-23',
      today: '2026-11-23',
      items: [{ action: anAction(), recorded: '✓ Recorded', fresh: true }],
    });
    expect(cardText(card)).toContain('The action below is recorded for the board.');
    expect(cardText(card)).not.toContain('All 1 action');
  });
});
