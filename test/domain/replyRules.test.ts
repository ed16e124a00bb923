import { type ReplyFields, checkReply, normaliseReply } from '../../bot/domain/replyRules';
import { anAction } from '../support/fixtures';

const today = '2026-11-23';
const action = anAction(); // R4.2, due 2026-12-18

describe('checkReply: the board needs a comment for Amber and Red', () => {
  test.each(['Amber', 'Red'] as const)('%s on work in progress with no comment is refused', (rag) => {
    const errors = checkReply({ status: 'In progress', rag }, action, today);
    expect(errors.narrative).toMatch(new RegExp(rag));
  });

  test.each(['', '   ', '\n\t '])('a blank comment (%j) does not count as a comment', (narrative) => {
    expect(checkReply({ status: 'In progress', rag: 'Red', narrative }, action, today).narrative).toBeDefined();
  });

  test('Amber with a comment is accepted', () => {
    expect(
      checkReply(
        {
          status: 'In progress',
          rag: 'Amber',
          narrative: 'Legal capacity is stretched; sign-off may slip to January.',
        },
        action,
        today,
      ),
    ).toEqual({});
  });

  test('Amber on Not started and Rescheduled (approved) work needs a comment too', () => {
    expect(checkReply({ status: 'Not started', rag: 'Amber' }, action, today).narrative).toBeDefined();
    expect(checkReply({ status: 'Rescheduled (approved)', rag: 'Red' }, action, today).narrative).toBeDefined();
  });

  test('Green without a comment is accepted', () => {
    expect(checkReply({ status: 'In progress', rag: 'Green' }, action, today)).toEqual({});
  });
});

describe('checkReply: RAG for open work', () => {
  test.each(['Not started', 'In progress', 'Rescheduled (approved)'] as const)(
    '%s without a RAG is refused',
    (status) => {
      expect(checkReply({ status }, action, today).rag).toMatch(/Green, Amber or Red/);
    },
  );

  test.each(['Complete', 'Deferred'] as const)('%s needs no RAG and no comment', (status) => {
    expect(checkReply({ status }, action, today)).toEqual({});
  });
});

describe('checkReply: a proposed revised due date', () => {
  const withDate = (proposedDate: string, proposedDateReason?: string): ReplyFields => ({
    status: 'In progress',
    rag: 'Amber',
    narrative: 'Cabinet date moved.',
    proposedDate,
    proposedDateReason,
  });

  test('a later date with a reason is accepted', () => {
    expect(checkReply(withDate('2027-01-29', 'Cabinet meeting moved to January.'), action, today)).toEqual({});
  });

  test('an earlier date (bringing the deadline forward) with a reason is accepted if it is in the future', () => {
    expect(checkReply(withDate('2026-12-04', 'Can finish before Christmas.'), action, today)).toEqual({});
  });

  test.each([
    ['today', today],
    ['yesterday', '2026-11-22'],
    ['last year', '2025-12-18'],
  ])('a date that is not in the future (%s) is refused', (_, date) => {
    expect(checkReply(withDate(date, 'Slipped.'), action, today).proposedDate).toMatch(/future/);
  });

  test('the current due date proposed again is refused', () => {
    expect(checkReply(withDate(action.dueDate, 'No real change.'), action, today).proposedDate).toMatch(
      /same as the current due date/,
    );
  });

  test.each([undefined, '', '   '])('a revised date without a reason (%j) is refused', (reason) => {
    const errors = checkReply(withDate('2027-01-29', reason), action, today);
    expect(errors.proposedDateReason).toMatch(/reason/);
    expect(errors.proposedDate).toBeUndefined();
  });

  test('a reason without a date is refused, asking for the date', () => {
    const errors = checkReply(
      { status: 'In progress', rag: 'Green', proposedDateReason: 'Waiting for the Partnership Executive Group.' },
      action,
      today,
    );
    expect(errors.proposedDate).toMatch(/date/);
  });

  test('several problems are all reported at once', () => {
    const errors = checkReply(
      { status: 'In progress', rag: 'Red', narrative: ' ', proposedDate: '2026-11-01' },
      action,
      today,
    );
    expect(Object.keys(errors).sort()).toEqual(['narrative', 'proposedDate', 'proposedDateReason']);
  });
});

describe('normaliseReply: what is stored', () => {
  test('Complete drops the RAG and the revised date, and sets 100%', () => {
    const stored = normaliseReply({
      status: 'Complete',
      rag: 'Green',
      percentComplete: 80,
      narrative: ' Scheme adopted by Council on 19 November. ',
      proposedDate: '2027-01-29',
      proposedDateReason: 'x',
    });
    expect(stored).toEqual({
      status: 'Complete',
      rag: undefined,
      percentComplete: 100,
      narrative: 'Scheme adopted by Council on 19 November.',
      proposedDate: undefined,
      proposedDateReason: undefined,
    });
  });

  test('Deferred drops the RAG but keeps the % given', () => {
    const stored = normaliseReply({
      status: 'Deferred',
      rag: 'Amber',
      percentComplete: 30,
      narrative: 'Paused by Cabinet.',
    });
    expect(stored.rag).toBeUndefined();
    expect(stored.percentComplete).toBe(30);
  });

  test('open work keeps its RAG, %, and a trimmed reason; a blank comment is stored as none', () => {
    const stored = normaliseReply({
      status: 'In progress',
      rag: 'Amber',
      percentComplete: 40,
      narrative: '   ',
      proposedDate: '2027-01-29',
      proposedDateReason: '  Cabinet moved.  ',
    });
    expect(stored).toEqual({
      status: 'In progress',
      rag: 'Amber',
      percentComplete: 40,
      narrative: undefined,
      proposedDate: '2027-01-29',
      proposedDateReason: 'Cabinet moved.',
    });
  });
});
