import type { ChallengeFlag } from './challengeFlags';
import type { PeopleNames } from './people';
import { type DigestLine, type FlaggedLine, type Mix, byRef, completeOrOnTarget, digestLine, mixOf } from './digest';
import { type Action, type ActionUpdate, type Rag, actionKeyOf, isOpen } from './types';

/** How an action moved between two dates: ▲ improved, ▼ worsened, = same, new, closed. */
export type Movement = 'improved' | 'worsened' | 'same' | 'new' | 'closed';
export const MOVEMENT_SYMBOL: Record<Movement, string> = {
  improved: '▲',
  worsened: '▼',
  same: '=',
  new: 'new',
  closed: 'closed',
};
export const MOVEMENT_WORDS: Record<Movement, string> = {
  improved: 'improved',
  worsened: 'worsened',
  same: 'no change',
  new: 'new since',
  closed: 'closed since',
};

/** Where an action stood, in one word for a table: its RAG, or Complete, Deferred, Not rated. */
export type Standing = Rag | 'Complete' | 'Deferred' | 'Not rated';

export interface MovementLine extends DigestLine {
  before?: Standing;
  after: Standing;
  movement: Movement;
}

export interface RevisedDateLine extends DigestLine {
  /** The original due date and the latest revised date proposed in the period, with its state now. */
  original: string;
  revised: string;
  state: 'proposed' | 'approved' | 'rejected';
  proposedAt: string;
}

/** The board's figures at one date. */
export interface Figures {
  mix: Mix;
  completeOrOnTarget: number;
}

/** What has moved between two dates (two board meetings, or a quarter): the report since the last meeting. */
export interface PeriodReport {
  /** The two dates (London) and the instants the states were taken at (the end of `from`, up to `to`). */
  from: string;
  to: string;
  fromAt: string;
  toAt: string;
  scope: string;
  start: Figures;
  end: Figures;
  /** Percentage points of "complete or on target" between the two dates. */
  change: number;
  movements: MovementLine[];
  /** Open at `from` (or new since) and Complete at `to`: proposed to the board for closure. */
  completed: MovementLine[];
  datesRevised: RevisedDateLine[];
  /** Red and Amber at `to`, Red first (the exception table). */
  exceptions: MovementLine[];
  /** Red or Amber at `to` and not at `from`. */
  newExceptions: MovementLine[];
  /** Owners of open actions who recorded no answer (update, "no change", "not mine") in the period. */
  silentOwners: { email: string; name?: string; openActions: number }[];
  challenges: FlaggedLine[];
}

export interface PeriodInput {
  from: string;
  to: string;
  fromAt: string;
  toAt: string;
  scope: string;
  /** The actions as they stood at fromAt and at toAt (retired ones left out). */
  before: readonly Action[];
  after: readonly Action[];
  /** History rows of these actions recorded in (fromAt, toAt]. */
  during: readonly ActionUpdate[];
  flags: ReadonlyMap<string, readonly ChallengeFlag[]>;
  /** The names shown for people (bot/domain/people.ts), by email. */
  names?: PeopleNames;
}

const standingOf = (a: Action): Standing =>
  a.status === 'Complete' ? 'Complete' : a.status === 'Deferred' ? 'Deferred' : (a.rag ?? 'Not rated');
const RANK: Partial<Record<Standing, number>> = { Red: 0, Amber: 1, Green: 2 };

function movementOf(was: Action | undefined, is: Action): Movement {
  if (!was) return 'new';
  if (!isOpen(is)) return isOpen(was) ? 'closed' : 'same';
  if (!isOpen(was)) return 'worsened'; // reopened
  const [a, b] = [RANK[standingOf(was)], RANK[standingOf(is)]];
  if (a === undefined || b === undefined || a === b) return 'same';
  return b > a ? 'improved' : 'worsened';
}

const figuresOf = (actions: readonly Action[]): Figures => {
  const mix = mixOf(actions);
  return { mix, completeOrOnTarget: completeOrOnTarget(mix) };
};

/** Builds the report between two dates from the states at each and the history between them. Pure. */
export function buildPeriodReport(input: PeriodInput): PeriodReport {
  const today = input.to;
  const line = (a: Action) => digestLine(a, today, undefined, input.names);
  const atStart = new Map(input.before.map((a) => [actionKeyOf(a), a]));
  const movements = input.after
    .map((a): MovementLine => {
      const was = atStart.get(actionKeyOf(a));
      return {
        ...line(a),
        before: was && standingOf(was),
        after: standingOf(a),
        movement: movementOf(was, a),
      };
    })
    .sort(byRef);
  const proposals = new Map<string, ActionUpdate>();
  for (const u of [...input.during].sort((a, b) => a.at.localeCompare(b.at)))
    if (u.kind === 'update' && u.proposedDate) proposals.set(actionKeyOf(u), u);
  const datesRevised = input.after
    .flatMap((a): RevisedDateLine[] => {
      const u = proposals.get(actionKeyOf(a));
      if (!u?.proposedDate) return [];
      return [
        {
          ...line(a),
          original: a.dueDate,
          revised: u.proposedDate,
          state: a.revisedDate?.date === u.proposedDate ? a.revisedDate.state : 'proposed',
          proposedAt: u.at,
        },
      ];
    })
    .sort(byRef);
  const answered = new Set(
    input.during
      .filter((u) => u.kind === 'update' || u.kind === 'noChange' || u.kind === 'notMine')
      .map((u) => u.byEmail.toLowerCase()),
  );
  const openBy = new Map<string, number>();
  for (const a of input.after) if (isOpen(a)) openBy.set(a.ownerEmail, (openBy.get(a.ownerEmail) ?? 0) + 1);
  const start = figuresOf(input.before);
  const end = figuresOf(input.after);
  return {
    from: input.from,
    to: input.to,
    fromAt: input.fromAt,
    toAt: input.toAt,
    scope: input.scope,
    start,
    end,
    change: Math.round((end.completeOrOnTarget - start.completeOrOnTarget) * 10) / 10,
    movements,
    completed: movements.filter((m) => m.after === 'Complete' && (m.movement === 'closed' || m.movement === 'new')),
    datesRevised,
    exceptions: movements
      .filter((m) => m.after === 'Red' || m.after === 'Amber')
      .sort((a, b) => (a.after === b.after ? 0 : a.after === 'Red' ? -1 : 1)),
    newExceptions: movements.filter(
      (m) => (m.after === 'Red' || m.after === 'Amber') && m.before !== 'Red' && m.before !== 'Amber',
    ),
    silentOwners: [...openBy]
      .filter(([email]) => !answered.has(email.toLowerCase()))
      .map(([email, openActions]) => ({ email, name: input.names?.get(email), openActions }))
      .sort((a, b) => a.email.localeCompare(b.email)),
    challenges: input.after
      .flatMap((a) => {
        const flags = input.flags.get(actionKeyOf(a));
        return flags?.length ? [{ ...line(a), flags: [...flags] }] : [];
      })
      .sort(byRef),
  };
}
