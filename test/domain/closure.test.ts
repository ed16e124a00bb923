import { type ChangeRequest, type Reply, applyReply, checkChange } from '../../bot/domain/recordReply';
import { actionAt } from '../../bot/domain/history';
import { buildDigest } from '../../bot/domain/digest';
import { type Action, type ActionUpdate, awaitsClosure, isOpen } from '../../bot/domain/types';
import { timelineOf } from '../../bot/tab/timeline';
import { actionsCsv } from '../../bot/digest/exportCsv';
import { parse } from 'csv-parse/sync';
import { PEOPLE, anAction } from '../support/fixtures';

const owner = { email: PEOPLE.amira.email, role: 'owner' as const };
const secretariat = { email: PEOPLE.sam.email, role: 'secretariat' as const };
const EVIDENCE = 'https://intranet.example.org/r4.2/scheme.pdf';

/** Applies changes in turn as the Ledger would (rules checked first), keeping every history row. */
function run(start: Action, steps: [ChangeRequest['actor'], Reply, string][]) {
  let a = start;
  const rows: ActionUpdate[] = [];
  for (const [actor, reply, at] of steps) {
    const refused = checkChange(a, { reply, actor });
    if (refused) throw new Error(refused.message);
    const next = applyReply(a, reply, { byEmail: actor.email, at, updateId: at, cycleId: undefined });
    a = next.action;
    rows.push({ ...next.update, revision: a.revision });
  }
  return { action: a, rows };
}

const complete: Reply = {
  kind: 'update',
  fields: { status: 'Complete', narrative: 'Adopted.', evidenceUrl: EVIDENCE },
};

describe('closure by the board (pure rules)', () => {
  const start = anAction({ revision: 1, status: 'In progress', rag: 'Amber', narrative: 'Legal review.' });

  test('an owner\'s "Complete" awaits closure: not open (never chased), counted complete, listed as proposed', () => {
    const { action } = run(start, [[owner, complete, '2026-11-24T10:00:00.000Z']]);
    expect(action.closure).toEqual({
      state: 'awaiting',
      at: '2026-11-24T10:00:00.000Z',
      by: PEOPLE.amira.email,
      reopen: { status: 'In progress', rag: 'Amber' },
    });
    expect(action.evidenceUrl).toBe(EVIDENCE);
    expect(awaitsClosure(action)).toBe(true);
    expect(isOpen(action)).toBe(false);
    const d = buildDigest({
      week: '2026-W48',
      asOf: '2026-11-27T12:00:00.000Z',
      today: '2026-11-27',
      scope: 'All plans',
      now: [action],
      trend: [],
      weekStart: '2026-11-23T00:00:00.000Z',
      nonresponders: [],
      unreachable: [],
    });
    expect(d.mix).toMatchObject({ complete: 1, awaitingClosure: 1 });
    expect(d.proposedForClosure.map((l) => l.ref)).toEqual(['R4.2']);
    expect(d.completedThisWeek).toEqual([]);
    expect(d.completeOrOnTarget).toBe(100);
  });

  test('the secretariat closes it; the digest then lists it as closed this week, not proposed', () => {
    const { action } = run(start, [
      [owner, complete, '2026-11-24T10:00:00.000Z'],
      [secretariat, { kind: 'close' }, '2026-11-26T16:00:00.000Z'],
    ]);
    expect(action.closure).toEqual({ state: 'closed', at: '2026-11-26T16:00:00.000Z', by: PEOPLE.sam.email });
    const d = buildDigest({
      week: '2026-W48',
      asOf: '2026-11-27T12:00:00.000Z',
      today: '2026-11-27',
      scope: 'All plans',
      now: [action],
      trend: [],
      weekStart: '2026-11-23T00:00:00.000Z',
      nonresponders: [],
      unreachable: [],
    });
    expect(d.proposedForClosure).toEqual([]);
    expect(d.completedThisWeek.map((l) => l.ref)).toEqual(['R4.2']);
  });

  test('an owner may neither close nor return; nothing not awaiting closure can be closed or returned', () => {
    const awaiting = run(start, [[owner, complete, '2026-11-24T10:00:00.000Z']]).action;
    expect(checkChange(awaiting, { reply: { kind: 'close' }, actor: owner })?.code).toBe('not_allowed');
    expect(checkChange(awaiting, { reply: { kind: 'return', reason: 'x' }, actor: owner })?.code).toBe('not_allowed');
    expect(checkChange(start, { reply: { kind: 'close' }, actor: secretariat })).toMatchObject({
      code: 'not_awaiting_closure',
      message: 'R4.2 is not marked complete by its owner (it is In progress), so there is nothing to close.',
    });
    const importedComplete = anAction({ status: 'Complete', rag: undefined, revision: 1 });
    expect(checkChange(importedComplete, { reply: { kind: 'return', reason: 'x' }, actor: secretariat })?.code).toBe(
      'not_awaiting_closure',
    );
  });

  test('once closed, the owner cannot change it; a return restores the status and RAG before "Complete"', () => {
    const closed = run(start, [
      [owner, complete, '2026-11-24T10:00:00.000Z'],
      [secretariat, { kind: 'close' }, '2026-11-26T16:00:00.000Z'],
    ]).action;
    expect(checkChange(closed, { reply: { kind: 'noChange' }, actor: owner })).toMatchObject({
      code: 'closed',
      message:
        'R4.2 has been closed by the board, so nothing was recorded. If it needs to be reopened, please ask the board secretariat.',
    });
    const { action, rows } = run(start, [
      [owner, complete, '2026-11-24T10:00:00.000Z'],
      [secretariat, { kind: 'return', reason: 'Cabinet has not adopted it yet.' }, '2026-11-26T16:00:00.000Z'],
    ]);
    expect(action).toMatchObject({ status: 'In progress', rag: 'Amber', closure: undefined, lastReplyAt: undefined });
    expect(isOpen(action)).toBe(true);
    expect(rows.at(-1)).toMatchObject({
      kind: 'return',
      note: 'returned to the owner: Cabinet has not adopted it yet.',
    });
  });

  test('history alone rebuilds closure, return and evidence exactly as they were recorded', () => {
    const steps: [ChangeRequest['actor'], Reply, string][] = [
      [owner, complete, '2026-11-24T10:00:00.000Z'],
      [secretariat, { kind: 'return', reason: 'Not adopted.' }, '2026-11-25T10:00:00.000Z'],
      [owner, { kind: 'update', fields: { status: 'Complete' } }, '2026-11-26T10:00:00.000Z'],
      [secretariat, { kind: 'close' }, '2026-11-27T10:00:00.000Z'],
    ];
    const base = anAction({ revision: 0, status: 'In progress', rag: 'Amber', narrative: 'Legal review.' });
    const importRow: ActionUpdate = {
      planId: base.planId,
      ref: base.ref,
      id: 'i',
      revision: 1,
      at: '2026-11-01T09:00:00.000Z',
      kind: 'import',
      byEmail: 'plan import',
      status: 'In progress',
      rag: 'Amber',
      narrative: 'Legal review.',
      ownerEmail: base.ownerEmail,
      dueDate: base.dueDate,
      theme: base.theme,
      title: base.title,
    };
    const { action, rows } = run({ ...base, revision: 1 }, steps);
    const history = [importRow, ...rows];
    for (const [i, [, , at]] of steps.entries()) {
      const recorded = run({ ...base, revision: 1 }, steps.slice(0, i + 1)).action;
      const rebuilt = actionAt(action, history, at);
      expect({ at, closure: rebuilt?.closure, status: rebuilt?.status, rag: rebuilt?.rag }).toEqual({
        at,
        closure: recorded.closure,
        status: recorded.status,
        rag: recorded.rag,
      });
      expect(rebuilt?.evidenceUrl).toBe(EVIDENCE);
    }
  });

  test('the timeline says "proposed for closure", shows the evidence, the closure and a return with its reason', () => {
    const { rows } = run(start, [
      [owner, complete, '2026-11-24T10:00:00.000Z'],
      [secretariat, { kind: 'return', reason: 'Not adopted.' }, '2026-11-25T10:00:00.000Z'],
      [owner, { kind: 'update', fields: { status: 'Complete' } }, '2026-11-26T10:00:00.000Z'],
      [secretariat, { kind: 'close' }, '2026-11-27T10:00:00.000Z'],
    ]);
    const [closedEntry, completedAgain, returned, completed] = timelineOf(rows);
    expect(completed).toMatchObject({ evidenceUrl: EVIDENCE });
    expect(completed.changes).toContain('Proposed for closure by the board');
    expect(returned).toMatchObject({ label: 'Returned to the owner', byEmail: PEOPLE.sam.email });
    expect(returned.changes).toContain('Returned to the owner: Not adopted.');
    expect(completedAgain.changes).toContain('Proposed for closure by the board');
    expect(closedEntry).toMatchObject({ label: 'Closed by the board', byEmail: PEOPLE.sam.email });
  });

  test('the CSV export says whether completed work is awaiting closure or closed, with the evidence link', () => {
    const awaiting = run(start, [[owner, complete, '2026-11-24T10:00:00.000Z']]).action;
    const imported = anAction({ ref: 'R2.1', status: 'Complete', rag: undefined });
    const csv = actionsCsv([awaiting, imported, anAction({ ref: 'R6.2' })], '2026-11-27T12:00:00.000Z', '2026-11-27');
    const rows: Record<string, string>[] = parse(csv, { columns: true, bom: true });
    expect(rows.map((r) => [r.reference, r.closure, r['evidence link']])).toEqual([
      ['R2.1', 'closed', ''],
      ['R4.2', 'awaiting closure', EVIDENCE],
      ['R6.2', '', ''],
    ]);
  });
});
