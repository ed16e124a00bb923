import { actionAt, historyByRef } from '../../bot/domain/history';
import type { ActionUpdate } from '../../bot/domain/types';
import { PEOPLE, anAction } from '../support/fixtures';

/**
 * R4.2's life, as the history table records it:
 *   2 Nov 09:00  imported: In progress, Green, "Draft scheme shared with Legal.", owner Amira, due 18 Dec 2026
 *   9 Nov 10:15  Amira: Amber, "Legal capacity is stretched.", 40%, proposes 29 Jan 2027 ("Cabinet moved to January.")
 *  16 Nov 09:30  Amira: no change
 *  18 Nov 14:00  secretariat approves the revised date
 *  19 Nov 08:45  Amira: "not my action"
 *  20 Nov 11:00  secretariat reassigns to Ben
 *  27 Nov 09:00  plan re-imported: due date moved to 26 Feb 2027 (status kept)
 */
const key = { planId: 'lga-cpc-action-plan-2023', ref: 'R4.2' };
const THEME = 'Recommendation 4: Increase the pace of decision making';
const TITLE = 'Review the scheme of delegation for routine decisions.';
const T = {
  imported: '2026-11-02T09:00:00.000Z',
  update: '2026-11-09T10:15:00.000Z',
  noChange: '2026-11-16T09:30:00.000Z',
  approved: '2026-11-18T14:00:00.000Z',
  notMine: '2026-11-19T08:45:00.000Z',
  reassigned: '2026-11-20T11:00:00.000Z',
  reimported: '2026-11-27T09:00:00.000Z',
};

const HISTORY: ActionUpdate[] = [
  // Deliberately out of order: the store does not promise an order.
  {
    ...key,
    id: 'u3',
    revision: 3,
    at: T.noChange,
    kind: 'noChange',
    byEmail: PEOPLE.amira.email,
    status: 'In progress',
    rag: 'Amber',
    narrative: 'Legal capacity is stretched.',
    percentComplete: 40,
    cycleId: '2026-W47',
  },
  {
    ...key,
    id: 'u1',
    revision: 1,
    at: T.imported,
    kind: 'import',
    byEmail: 'plan import',
    status: 'In progress',
    rag: 'Green',
    narrative: 'Draft scheme shared with Legal.',
    ownerEmail: PEOPLE.amira.email,
    dueDate: '2026-12-18',
    theme: THEME,
    title: TITLE,
    note: 'created by plan import',
  },
  {
    ...key,
    id: 'u2',
    revision: 2,
    at: T.update,
    kind: 'update',
    byEmail: PEOPLE.amira.email,
    status: 'In progress',
    rag: 'Amber',
    narrative: 'Legal capacity is stretched.',
    percentComplete: 40,
    proposedDate: '2027-01-29',
    proposedDateReason: 'Cabinet moved to January.',
    cycleId: '2026-W46',
  },
  {
    ...key,
    id: 'u4',
    revision: 4,
    at: T.approved,
    kind: 'dateDecision',
    byEmail: PEOPLE.sam.email,
    status: 'In progress',
    rag: 'Amber',
    decision: 'approved',
    proposedDate: '2027-01-29',
    note: 'revised date 2027-01-29 approved',
  },
  {
    ...key,
    id: 'u5',
    revision: 5,
    at: T.notMine,
    kind: 'notMine',
    byEmail: PEOPLE.amira.email,
    status: 'In progress',
    rag: 'Amber',
    note: 'Democratic Services own this.',
  },
  {
    ...key,
    id: 'u6',
    revision: 6,
    at: T.reassigned,
    kind: 'reassign',
    byEmail: PEOPLE.sam.email,
    status: 'In progress',
    rag: 'Amber',
    ownerEmail: PEOPLE.ben.email,
    note: `reassigned from ${PEOPLE.amira.email} to ${PEOPLE.ben.email}`,
  },
  {
    ...key,
    id: 'u7',
    revision: 7,
    at: T.reimported,
    kind: 'import',
    byEmail: 'plan import',
    status: 'In progress',
    rag: 'Amber',
    narrative: 'Legal capacity is stretched.',
    ownerEmail: PEOPLE.ben.email,
    dueDate: '2027-02-26',
    theme: THEME,
    title: TITLE,
    note: 'changed by plan import',
  },
];

/** The action as stored today: the latest state, with things history must not leak into the past. */
const CURRENT = anAction({
  ...key,
  theme: THEME,
  title: TITLE,
  ownerEmail: PEOPLE.ben.email,
  dueDate: '2027-02-26',
  status: 'In progress',
  rag: 'Amber',
  narrative: 'Legal capacity is stretched.',
  percentComplete: 40,
  revisedDate: {
    date: '2027-01-29',
    reason: 'Cabinet moved to January.',
    state: 'approved',
    proposedAt: T.update,
    proposedBy: PEOPLE.amira.email,
  },
  lastReplyAt: undefined,
  revision: 7,
});

/** One minute after an instant. */
const justAfter = (iso: string) => new Date(Date.parse(iso) + 60_000).toISOString();
const at = (until: string) => actionAt(CURRENT, HISTORY, until);

describe('an action rebuilt at a past instant shows only what was recorded by then', () => {
  test('before it was imported, it did not exist', () => {
    expect(at('2026-11-01T23:59:59.999Z')).toBeUndefined();
    expect(actionAt(CURRENT, [], '2030-01-01T00:00:00.000Z')).toBeUndefined();
  });

  test('just after import: as imported, Green, original owner and due date, no reply, no revised date', () => {
    const a = at(justAfter(T.imported));
    expect(a).toMatchObject({
      ...key,
      status: 'In progress',
      rag: 'Green',
      narrative: 'Draft scheme shared with Legal.',
      ownerEmail: PEOPLE.amira.email,
      dueDate: '2026-12-18',
      theme: THEME,
      title: TITLE,
    });
    expect(a?.revisedDate).toBeUndefined();
    expect(a?.lastReplyAt).toBeUndefined();
    expect(a?.percentComplete).toBeUndefined();
    expect(a?.notMine).toBeUndefined();
  });

  test('a row recorded at exactly the instant counts', () => {
    expect(at(T.update)?.rag).toBe('Amber');
    expect(at(new Date(Date.parse(T.update) - 1).toISOString())?.rag).toBe('Green');
  });

  test("after the owner's update: Amber with narrative, %, and a proposed (not yet approved) revised date beside the original", () => {
    const a = at(justAfter(T.update));
    expect(a).toMatchObject({
      status: 'In progress',
      rag: 'Amber',
      narrative: 'Legal capacity is stretched.',
      percentComplete: 40,
      dueDate: '2026-12-18',
      lastReplyAt: T.update,
    });
    expect(a?.revisedDate).toEqual({
      date: '2027-01-29',
      reason: 'Cabinet moved to January.',
      state: 'proposed',
      proposedAt: T.update,
      proposedBy: PEOPLE.amira.email,
    });
  });

  test('after "no change": same state, the reply time moves on', () => {
    const a = at(justAfter(T.noChange));
    expect(a).toMatchObject({ rag: 'Amber', narrative: 'Legal capacity is stretched.', lastReplyAt: T.noChange });
    expect(a?.revisedDate?.state).toBe('proposed');
  });

  test('after the secretariat approves: the revised date is approved, the original due date is kept', () => {
    const a = at(justAfter(T.approved));
    expect(a?.revisedDate).toMatchObject({ date: '2027-01-29', state: 'approved' });
    expect(a?.dueDate).toBe('2026-12-18');
    expect(a?.ownerEmail).toBe(PEOPLE.amira.email);
  });

  test('after "not my action": flagged by its owner, still hers', () => {
    const a = at(justAfter(T.notMine));
    expect(a?.notMine).toMatchObject({ by: PEOPLE.amira.email, at: T.notMine, note: 'Democratic Services own this.' });
    expect(a?.ownerEmail).toBe(PEOPLE.amira.email);
  });

  test('after reassignment: the new owner, the flag cleared, no reply from the new owner yet, progress kept', () => {
    const a = at(justAfter(T.reassigned));
    expect(a).toMatchObject({
      ownerEmail: PEOPLE.ben.email,
      rag: 'Amber',
      narrative: 'Legal capacity is stretched.',
      dueDate: '2026-12-18',
    });
    expect(a?.notMine).toBeUndefined();
    expect(a?.lastReplyAt).toBeUndefined();
    expect(a?.revisedDate?.state).toBe('approved');
  });

  test('the due date follows the plan file: before the re-import the old date, after it the new one', () => {
    expect(at('2026-11-26T23:59:59.999Z')?.dueDate).toBe('2026-12-18');
    expect(at(justAfter(T.reimported))?.dueDate).toBe('2027-02-26');
    expect(at(justAfter(T.reimported))?.rag).toBe('Amber');
  });

  test('the revision counts the rows up to the instant', () => {
    expect(at(justAfter(T.imported))?.revision).toBe(1);
    expect(at(justAfter(T.approved))?.revision).toBe(4);
    expect(at(justAfter(T.reimported))?.revision).toBe(7);
  });

  test('does not change the history or the current action it was given', () => {
    const history = structuredClone(HISTORY);
    const current = structuredClone(CURRENT);
    at(justAfter(T.update));
    expect(HISTORY).toEqual(history);
    expect(CURRENT).toEqual(current);
  });
});

describe('historyByRef', () => {
  test("groups a plan's rows by action reference", () => {
    const other: ActionUpdate = {
      ...key,
      ref: 'R6.2',
      id: 'x1',
      revision: 1,
      at: T.imported,
      kind: 'import',
      byEmail: 'plan import',
      status: 'In progress',
      rag: 'Red',
    };
    const grouped = historyByRef([...HISTORY, other]);
    expect(grouped.get('R4.2')).toHaveLength(HISTORY.length);
    expect(grouped.get('R6.2')).toEqual([other]);
  });
});
