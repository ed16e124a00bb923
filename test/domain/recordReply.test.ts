import { applyReply, type ReplyContext } from '../../bot/domain/recordReply';
import { normaliseReply } from '../../bot/domain/replyRules';
import { PEOPLE, anAction } from '../support/fixtures';

const ctx: ReplyContext = {
  byEmail: PEOPLE.amira.email,
  at: '2026-11-23T10:12:00.000Z',
  updateId: '7d0c9a7e-5b0e-4d3f-9a51-2f5d7c1e0a01',
  cycleId: '2026-W48',
};

describe('applyReply: an update', () => {
  const before = anAction({ revision: 4, percentComplete: 40, lastReplyAt: '2026-11-09T09:30:00.000Z' });

  test('records the new status, RAG, comment and %, and moves the revision on', () => {
    const { action } = applyReply(
      before,
      {
        kind: 'update',
        fields: { status: 'In progress', rag: 'Amber', narrative: 'Legal capacity is stretched.', percentComplete: 55 },
      },
      ctx,
    );
    expect(action).toMatchObject({
      status: 'In progress',
      rag: 'Amber',
      narrative: 'Legal capacity is stretched.',
      percentComplete: 55,
      revision: 5,
      lastReplyAt: ctx.at,
    });
  });

  test('a proposed revised date sits beside the original due date, which is kept', () => {
    const { action, update } = applyReply(
      before,
      {
        kind: 'update',
        fields: {
          status: 'In progress',
          rag: 'Amber',
          narrative: 'Cabinet moved.',
          proposedDate: '2027-01-29',
          proposedDateReason: 'Cabinet meeting moved to January.',
        },
      },
      ctx,
    );
    expect(action.dueDate).toBe('2026-12-18');
    expect(action.revisedDate).toEqual({
      date: '2027-01-29',
      reason: 'Cabinet meeting moved to January.',
      state: 'proposed',
      proposedAt: ctx.at,
      proposedBy: PEOPLE.amira.email,
    });
    expect(update).toMatchObject({
      proposedDate: '2027-01-29',
      proposedDateReason: 'Cabinet meeting moved to January.',
    });
  });

  test('Complete (as normalised) carries no RAG and 100%', () => {
    const { action, update } = applyReply(
      before,
      {
        kind: 'update',
        fields: normaliseReply({ status: 'Complete', rag: 'Green', narrative: 'Adopted by Council.' }),
      },
      ctx,
    );
    expect(action.status).toBe('Complete');
    expect(action.rag).toBeUndefined();
    expect(action.percentComplete).toBe(100);
    expect(update.rag).toBeUndefined();
    expect(update.percentComplete).toBe(100);
  });

  test('builds the history row: who, when, which cycle, what was said', () => {
    const { update } = applyReply(
      before,
      { kind: 'update', fields: { status: 'In progress', rag: 'Red', narrative: 'Blocked on Legal.' } },
      ctx,
    );
    expect(update).toMatchObject({
      planId: before.planId,
      ref: 'R4.2',
      id: ctx.updateId,
      kind: 'update',
      at: ctx.at,
      byEmail: PEOPLE.amira.email,
      cycleId: '2026-W48',
      status: 'In progress',
      rag: 'Red',
      narrative: 'Blocked on Legal.',
    });
  });

  test('does not change the action it was given (the old state stays for history)', () => {
    const copy = structuredClone(before);
    applyReply(before, { kind: 'update', fields: { status: 'Complete', percentComplete: 100 } }, ctx);
    expect(before).toEqual(copy);
  });
});

describe('applyReply: no change', () => {
  const before = anAction({
    revision: 2,
    rag: 'Amber',
    narrative: 'Data from two directorates is still missing.',
    percentComplete: 30,
  });

  test('keeps status, RAG and comment, marks the reply time and moves the revision on', () => {
    const { action } = applyReply(before, { kind: 'noChange' }, ctx);
    expect(action).toEqual({ ...before, revision: 3, lastReplyAt: ctx.at });
  });

  test('the history row repeats the current state so the week can be reported', () => {
    const { update } = applyReply(before, { kind: 'noChange' }, ctx);
    expect(update).toMatchObject({
      kind: 'noChange',
      byEmail: PEOPLE.amira.email,
      at: ctx.at,
      cycleId: '2026-W48',
      status: 'In progress',
      rag: 'Amber',
      narrative: 'Data from two directorates is still missing.',
      percentComplete: 30,
    });
  });
});

describe('applyReply: not my action', () => {
  const before = anAction({ revision: 2, lastReplyAt: '2026-11-09T09:30:00.000Z' });

  test('flags the action for the secretariat with who and when, without counting as a reply', () => {
    const { action, update } = applyReply(
      before,
      { kind: 'notMine', note: 'This sits with the Partnerships team.' },
      ctx,
    );
    expect(action.notMine).toEqual({
      by: PEOPLE.amira.email,
      at: ctx.at,
      note: 'This sits with the Partnerships team.',
    });
    expect(action.lastReplyAt).toBe('2026-11-09T09:30:00.000Z');
    expect(action.ownerEmail).toBe(before.ownerEmail);
    expect(action.status).toBe(before.status);
    expect(action.revision).toBe(3);
    expect(update).toMatchObject({
      kind: 'notMine',
      byEmail: PEOPLE.amira.email,
      at: ctx.at,
      cycleId: '2026-W48',
      note: 'This sits with the Partnerships team.',
    });
  });

  test('a never-answered action flagged not mine still has no reply time', () => {
    expect(applyReply(anAction(), { kind: 'notMine' }, ctx).action.lastReplyAt).toBeUndefined();
  });
});
