import { actionAt } from '../../bot/domain/history';
import type { BoardStore } from '../../bot/domain/ports';
import { FLAG_DEFAULTS, challengeFlags } from '../../bot/domain/challengeFlags';
import { type PeriodReport, buildPeriodReport } from '../../bot/domain/periodReport';
import { type Action, type ActionUpdate, type Plan, type Rag, type Status, actionKeyOf } from '../../bot/domain/types';
import { PEOPLE, anAction } from './fixtures';

/**
 * A small plan with a known history for the board papers: twelve actions of the LGA CPC plan (seed 000),
 * imported on Monday 2 Nov 2026, a board meeting on Mon 16 Nov and the next on Mon 14 Dec 2026.
 * Each action's life is written out below, with what the board should see at 14 Dec in the comment.
 */
export const PAPER_PLAN: Plan = {
  id: 'lga-cpc-action-plan-2023',
  name: 'LGA CPC Action Plan 2023',
  createdAt: '2026-11-02T09:00:00.000Z',
};
export const MEETINGS = { first: '2026-11-16', second: '2026-12-14' } as const;
/** Noon on the day of the second meeting. */
export const AT_SECOND = '2026-12-14T12:00:00.000Z';
/** The end of the day of the first meeting (what the board knew when it met). */
export const AT_FIRST = '2026-11-16T23:59:59.999Z';

const IMPORTED = '2026-11-02T09:00:00.000Z';
const { amira, ben, carys } = PEOPLE;
/** An officer who never answers: owner of the action added after the first meeting. */
export const DAN = 'dan.hughes@example.org';

interface Step {
  at: string;
  kind?: ActionUpdate['kind'];
  by?: string;
  status?: Status;
  rag?: Rag;
  narrative?: string;
  proposedDate?: string;
  decision?: 'approved' | 'rejected';
}
/** An owner's update: RAG (or Complete), an optional comment and proposed date. */
const upd = (at: string, rag: Rag | 'Complete', narrative?: string, proposedDate?: string): Step => ({
  at,
  kind: 'update',
  status: rag === 'Complete' ? 'Complete' : 'In progress',
  rag: rag === 'Complete' ? undefined : rag,
  narrative,
  proposedDate,
});
const same = (at: string): Step => ({ at, kind: 'noChange' });
const approve = (at: string): Step => ({ at, kind: 'dateDecision', by: PEOPLE.sam.email, decision: 'approved' });

export interface Life {
  action: Action;
  history: ActionUpdate[];
}

/** One action's life: imported (or added later) as given, then the steps, each a history row. */
function life(
  ref: string,
  start: { title: string; theme: string; owner: string; due: string; rag: Rag; narrative: string; at?: string },
  ...steps: Step[]
): Life {
  const seed = anAction({ ref, theme: start.theme, title: start.title, ownerEmail: start.owner, dueDate: start.due });
  const history: ActionUpdate[] = [];
  let last: { status: Status; rag?: Rag; narrative?: string } = { status: 'In progress', rag: start.rag };
  const row = (s: Step, extra: Partial<ActionUpdate> = {}): ActionUpdate => {
    const status = s.status ?? last.status;
    const rag = s.kind === 'update' ? s.rag : s.status ? s.rag : last.rag;
    const u: ActionUpdate = {
      planId: PAPER_PLAN.id,
      ref,
      id: `${ref}-${history.length + 1}`,
      revision: history.length + 1,
      at: s.at,
      kind: s.kind ?? 'update',
      byEmail: s.by ?? start.owner,
      status,
      rag,
      narrative: s.kind === 'noChange' ? last.narrative : s.narrative,
      proposedDate: s.proposedDate,
      decision: s.decision,
      ...extra,
    };
    last = { status, rag, narrative: u.narrative ?? last.narrative };
    return u;
  };
  history.push(
    row(
      { at: start.at ?? IMPORTED, kind: 'import', by: 'plan import', status: 'In progress', rag: start.rag },
      {
        narrative: start.narrative,
        ownerEmail: start.owner,
        dueDate: start.due,
        theme: start.theme,
        title: start.title,
        note: 'created by plan import',
      },
    ),
  );
  for (const s of steps) history.push(row(s, s.proposedDate ? { proposedDateReason: 'Cabinet moved.' } : {}));
  return { action: actionAt(seed, history, '9999') as Action, history };
}

const R1 = 'Recommendation 1: Grasp opportunities and drive the pace of change';
const R2 = 'Recommendation 2: Be forward looking';
const R3 = "Recommendation 3: Review the council's risk appetite";
const R4 = 'Recommendation 4: Increase the pace of decision making';
const R5 = 'Recommendation 5: Address the barriers to sustainable change';
const R6 = "Recommendation 6: An unrelenting focus on the previous areas of failure, including Children's Services";

/** The twelve actions. At 14 Dec 2026 (flags with the defaults: stale 4 weeks, stuck Red 6 weeks, slipping 2). */
export function paperBoard(): Life[] {
  return [
    // Green but overdue: due 30 Nov, still Green on 14 Dec (14 days), no revised date. Movement = (Green, Green).
    life(
      'R1.1',
      {
        title: 'Agree the place vision with partners.',
        theme: R1,
        owner: amira.email,
        due: '2026-11-30',
        rag: 'Green',
        narrative: 'Workshops booked.',
      },
      upd('2026-12-07T10:00:00.000Z', 'Green', 'Vision drafted; partners to sign off.'),
    ),
    // Green, past its original date but with an approved revised date (29 Jan 2027): no flag. Dates revised before meeting 1.
    life(
      'R1.2',
      {
        title: 'Publish the regeneration prospectus.',
        theme: R1,
        owner: amira.email,
        due: '2026-11-30',
        rag: 'Green',
        narrative: 'Design brief out.',
      },
      upd('2026-11-09T10:00:00.000Z', 'Green', 'Printer slot moved to January.', '2027-01-29'),
      approve('2026-11-10T10:00:00.000Z'),
      upd('2026-12-07T10:05:00.000Z', 'Green', 'Proofs approved.'),
    ),
    // Stale: no new comment since the import on 2 Nov (answers "no change" only): 6 weeks on 14 Dec; not at meeting 1 (2 weeks).
    life(
      'R2.1',
      {
        title: 'Set up the lessons-learned log.',
        theme: R2,
        owner: ben.email,
        due: '2027-03-31',
        rag: 'Amber',
        narrative: 'Scoping the log.',
      },
      same('2026-11-16T09:00:00.000Z'),
      same('2026-11-30T09:00:00.000Z'),
    ),
    // Slipping: two revised dates proposed (29 Jan 2027 approved on 12 Nov, then 31 Mar 2027 on 7 Dec, awaiting a decision).
    life(
      'R2.2',
      {
        title: 'Commission the ten-year demand forecast.',
        theme: R2,
        owner: ben.email,
        due: '2026-12-31',
        rag: 'Amber',
        narrative: 'Tender out.',
      },
      upd('2026-11-09T11:00:00.000Z', 'Amber', 'Tender returns late.', '2027-01-29'),
      approve('2026-11-12T10:00:00.000Z'),
      upd('2026-12-07T11:00:00.000Z', 'Amber', 'Supplier changed its lead analyst.', '2027-03-31'),
    ),
    // Stuck Red: Red since the import on 2 Nov, still Red with a new comment on 30 Nov: 6 weeks running on 14 Dec.
    life(
      'R3.1',
      {
        title: 'Refresh the corporate risk register.',
        theme: R3,
        owner: carys.email,
        due: '2027-02-26',
        rag: 'Red',
        narrative: 'Blocked: no risk manager in post.',
      },
      upd('2026-11-30T10:00:00.000Z', 'Red', 'Still blocked; interim starts in January.'),
    ),
    // Worsened: Green at meeting 1, Red since 23 Nov (3 weeks: not stuck). A new exception since meeting 1.
    life(
      'R3.2',
      {
        title: 'Report Internal Audit findings to every Cabinet.',
        theme: R3,
        owner: carys.email,
        due: '2027-01-29',
        rag: 'Green',
        narrative: 'First report drafted.',
      },
      upd('2026-11-23T10:00:00.000Z', 'Red', 'Cabinet dates lost to the election.'),
    ),
    // Closed without evidence (when the board asks for it): Complete on 1 Dec with no comment.
    life(
      'R4.1',
      {
        title: 'Remove the second sign-off on routine decisions.',
        theme: R4,
        owner: amira.email,
        due: '2026-12-18',
        rag: 'Green',
        narrative: 'Change drafted.',
      },
      upd('2026-12-01T10:00:00.000Z', 'Complete'),
    ),
    // Closed with evidence: Complete on 2 Dec with a comment saying what shows it. Amber at meeting 1, then closed.
    life(
      'R4.2',
      {
        title: 'Review the scheme of delegation for routine decisions.',
        theme: R4,
        owner: amira.email,
        due: '2026-12-18',
        rag: 'Amber',
        narrative: 'Legal capacity is stretched.',
      },
      upd('2026-12-02T10:00:00.000Z', 'Complete', 'Adopted by Council on 1 Dec 2026 (minute 45).'),
    ),
    // Improved: Red at meeting 1, Amber since 7 Dec (a Red run of 5 weeks, ended).
    life(
      'R5.1',
      {
        title: 'Cut the number of interim managers by half.',
        theme: R5,
        owner: ben.email,
        due: '2027-01-29',
        rag: 'Red',
        narrative: 'Recruitment paused.',
      },
      upd('2026-11-09T12:00:00.000Z', 'Red', 'Pause lifted, adverts out.'),
      upd('2026-12-07T12:00:00.000Z', 'Amber', 'Four of eight posts filled.'),
    ),
    // New since meeting 1: added to the plan on 1 Dec; its owner (Dan) has not answered since.
    life('R5.2', {
      title: 'Replace the HR case management system.',
      theme: R5,
      owner: DAN,
      due: '2027-03-31',
      rag: 'Green',
      narrative: 'Business case approved.',
      at: '2026-12-01T09:00:00.000Z',
    }),
    // Same: Green throughout, commented on 7 Dec. No flag.
    life(
      'R6.1',
      {
        title: 'Prepare for the next Ofsted monitoring visit.',
        theme: R6,
        owner: carys.email,
        due: '2027-01-29',
        rag: 'Green',
        narrative: 'Case audits under way.',
      },
      upd('2026-12-07T13:00:00.000Z', 'Green', 'Audits done; self-evaluation with the Director.'),
    ),
    // Same Amber, a revised date proposed since meeting 1 (8 Dec: 26 Feb 2027, awaiting a decision); one proposal: not slipping.
    life(
      'R6.2',
      {
        title: 'Refresh the partnership governance framework.',
        theme: R6,
        owner: ben.email,
        due: '2027-01-29',
        rag: 'Amber',
        narrative: 'Partners reviewing terms.',
      },
      upd('2026-12-08T10:00:00.000Z', 'Amber', 'Partners asked for another round.', '2027-02-26'),
    ),
  ];
}

/** The twelve-action plan of test/support/boardPapers.ts, written to the Ledger as its history says. */
export async function storePaperBoard(store: BoardStore): Promise<void> {
  const board = paperBoard();
  await store.plans.upsert(PAPER_PLAN);
  await store.actions.restore(
    PAPER_PLAN.id,
    board.map((l) => l.action),
    board.flatMap((l) => l.history),
  );
}

/** The report between the two meetings, built without storage from the fixture's history (default flags). */
export function paperReport(): PeriodReport {
  const board = paperBoard();
  const at = (t: string): Action[] => board.flatMap((l) => actionAt(l.action, l.history, t) ?? []);
  return buildPeriodReport({
    from: MEETINGS.first,
    to: MEETINGS.second,
    fromAt: AT_FIRST,
    toAt: AT_SECOND,
    scope: PAPER_PLAN.name,
    before: at(AT_FIRST),
    after: at(AT_SECOND),
    during: board.flatMap((l) => l.history.filter((u) => u.at > AT_FIRST && u.at <= AT_SECOND)),
    flags: new Map(
      board.map((l) => [actionKeyOf(l.action), challengeFlags(l.action, l.history, AT_SECOND, FLAG_DEFAULTS)]),
    ),
  });
}
