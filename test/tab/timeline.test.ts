import { timelineOf } from '../../bot/tab/timeline';
import type { ActionUpdate } from '../../bot/domain/types';
import { PEOPLE } from '../support/fixtures';

const key = { planId: 'lga-cpc-action-plan-2023', ref: 'R6.2' };
const row = (over: Partial<ActionUpdate>): ActionUpdate => ({
  ...key,
  id: over.at ?? 'x',
  revision: Date.parse(over.at ?? '2026-09-01T09:00:00.000Z'),
  at: '2026-09-01T09:00:00.000Z',
  kind: 'update',
  byEmail: PEOPLE.amira.email,
  status: 'In progress',
  ...over,
});

test("an action's history as a timeline, newest first: who, when, status, RAG, comment and what moved", () => {
  const history = [
    row({
      at: '2026-09-01T09:00:00.000Z',
      kind: 'import',
      byEmail: 'plan import',
      rag: 'Green',
      narrative: 'Started.',
      dueDate: '2026-10-30',
      ownerEmail: PEOPLE.ben.email,
    }),
    row({
      at: '2026-09-15T09:00:00.000Z',
      kind: 'reassign',
      byEmail: PEOPLE.sam.email,
      rag: 'Green',
      ownerEmail: PEOPLE.amira.email,
    }),
    row({
      at: '2026-10-05T10:30:00.000Z',
      rag: 'Amber',
      narrative: 'Partners slow to agree.',
      percentComplete: 40,
      proposedDate: '2026-12-18',
      proposedDateReason: 'Partners meet in December',
    }),
    row({
      at: '2026-10-06T08:00:00.000Z',
      kind: 'dateDecision',
      byEmail: PEOPLE.sam.email,
      rag: 'Amber',
      decision: 'approved',
      proposedDate: '2026-12-18',
    }),
    row({
      at: '2026-11-02T09:00:00.000Z',
      kind: 'import',
      byEmail: 'plan import',
      rag: 'Amber',
      dueDate: '2026-11-30',
    }),
    row({ at: '2026-11-20T16:00:00.000Z', kind: 'noChange', rag: 'Amber' }),
    row({ at: '2026-11-23T09:15:00.000Z', status: 'Complete', rag: undefined, narrative: 'Done.' }),
  ];
  const names = new Map([[PEOPLE.amira.email, 'Amira Khan']]);
  const t = timelineOf([...history].reverse(), names);
  expect(t.map((e) => e.label)).toEqual([
    'Update',
    'No change',
    'Imported from the plan file',
    'Revised date decided',
    'Update',
    'Reassigned',
    'Imported from the plan file',
  ]);
  const [done, noChange, reimport, decided, amber, reassigned, imported] = t;
  expect(imported).toMatchObject({
    byEmail: 'plan import',
    status: 'In progress',
    rag: 'Green',
    narrative: 'Started.',
    changes: ['Due Fri, 30 Oct 2026'],
  });
  expect(reassigned.changes).toEqual([
    `Owner changed from ${PEOPLE.ben.email} to ${PEOPLE.amira.name} (${PEOPLE.amira.email})`,
  ]);
  expect(amber).toMatchObject({
    byName: 'Amira Khan',
    rag: 'Amber',
    narrative: 'Partners slow to agree.',
    percentComplete: 40,
  });
  expect(amber.changes).toEqual([
    'Proposed a revised due date of Fri, 18 Dec 2026: Partners meet in December',
    'RAG changed from ● Green (on track) to ▲ Amber (at risk)',
  ]);
  expect(decided.changes).toEqual(['Revised due date of Fri, 18 Dec 2026 approved']);
  expect(reimport.changes).toEqual(['Due date changed from Fri, 30 Oct 2026 to Mon, 30 Nov 2026']);
  expect(noChange).toMatchObject({ changes: [], narrative: undefined });
  expect(done).toMatchObject({
    status: 'Complete',
    rag: undefined,
    narrative: 'Done.',
    changes: ['Status changed from In progress to Complete', 'Proposed for closure by the board'],
  });
});
