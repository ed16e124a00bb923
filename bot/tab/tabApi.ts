/**
 * The JSON the tab's data endpoints answer with (bot/tab/tabRoutes.ts), shared as types with the
 * page (web/src): the page imports these with `import type`, so nothing here reaches the bundle.
 */
import type { Rag, Status } from '../domain/types';
import type { ChallengeFlag, FlagKind } from '../domain/challengeFlags';

/** Who the page is showing the board to, and what they may see. */
export interface MeResponse {
  /** `sso`: every data request carries a Teams SSO token; `local`: no credentials, loopback only. */
  mode: 'sso' | 'local';
  user: { email?: string; name?: string };
  secretariat: boolean;
  /** The secretariat and board members (people the bot knows from the board team) read the register. */
  canReadRegister: boolean;
  /** How many open actions are theirs (My actions). */
  openActions: number;
  /** Where the deployment serves several boards: the board this page shows, and every board (to switch). */
  board?: { id: string; name: string };
  boards?: { id: string; name: string }[];
}

/** One action in the register, as it stands. */
export interface RegisterRow {
  planId: string;
  planName: string;
  ref: string;
  title: string;
  theme: string;
  ownerEmail: string;
  ownerName?: string;
  dueDate: string;
  /** The date it is now due by: an approved revised date, else the due date. */
  dueBy: string;
  revisedDate?: string;
  revisedState?: 'proposed' | 'approved' | 'rejected';
  status: Status;
  rag?: Rag;
  /** "▲ Amber (at risk) · In progress · 40%" */
  state: string;
  overdue: boolean;
  daysOverdue?: number;
  narrative?: string;
  percentComplete?: number;
  lastReplyAt?: string;
  /** The board's challenges to this action (green but overdue, stale, ...), each with its reason. */
  flags: ChallengeFlag[];
  /** The owner's evidence link (https only). */
  evidenceUrl?: string;
  /** Marked complete by its owner, waiting for the board to close it. */
  awaitingClosure?: boolean;
}

export interface Facets {
  plans: { id: string; name: string }[];
  themes: { planId: string; theme: string }[];
  owners: { email: string; name?: string }[];
  statuses: readonly Status[];
  rags: readonly Rag[];
  /** The challenge flags a register row can carry, with their names. */
  flags: { kind: FlagKind; label: string }[];
}

/** The digest at the top of the board report. */
export interface SummaryResponse {
  week: string;
  asOf: string;
  scope: string;
  headline: string;
  /** "down" when complete-or-on-target fell since last week. */
  direction: 'up' | 'down' | 'same' | 'none';
  figures: { title: string; value: string }[];
  /** The 8-week chart as a PNG data URI, when it could be drawn. */
  chart?: string;
  chartAlt: string;
  /** Signed links to the CSV and HTML exports (valid one hour), for the secretariat. */
  /** `xlsx`: the register as a workbook that uploads back; `template`: a blank plan (no data, not signed). */
  exports?: { csv: string; html: string; xlsx: string; template: string };
  facets: Facets;
}

export interface RegisterResponse {
  total: number;
  rows: RegisterRow[];
}

/** One recorded answer or change in an action's history. */
export interface TimelineEntry {
  at: string;
  byEmail: string;
  byName?: string;
  /** The owner answered for, when a delegate or cover gave the answer. */
  forEmail?: string;
  forName?: string;
  /** What happened, in words: "Update", "No change", "Imported from the plan file"... */
  label: string;
  status: Status;
  rag?: Rag;
  narrative?: string;
  percentComplete?: number;
  /** The evidence link given with this answer (https only). */
  evidenceUrl?: string;
  /** Date and ownership changes, status and RAG moves, in words. */
  changes: string[];
}

export interface ActionResponse {
  action: RegisterRow;
  /** The revision shown: the secretariat's edits send it back, and are refused if the action changed since. */
  revision: number;
  /** Newest first. */
  timeline: TimelineEntry[];
}

/** One of the owner's open actions, with the revision their update must be based on. */
export interface MyAction extends RegisterRow {
  revision: number;
}

export interface MyActionsResponse {
  owner: { email: string; name?: string };
  /** Set while the owner is away: the date they are back, and their cover. */
  away?: { until: string; cover?: string };
  today: string;
  /** The earliest revised due date the form accepts (tomorrow). */
  minDate: string;
  statuses: readonly Status[];
  rags: { value: Rag; label: string }[];
  narrativeMax: number;
  reasonMax: number;
  actions: MyAction[];
}

/** The form's fields, as typed (the same names the chase card's values have). */
export type UpdateField =
  | 'status'
  | 'rag'
  | 'narrative'
  | 'percentComplete'
  | 'proposedDate'
  | 'proposedDateReason'
  | 'evidenceUrl';

export type UpdateResponse =
  | { outcome: 'recorded'; message: string; recorded: string; action: MyAction }
  | { outcome: 'refused'; message: string; errors: Partial<Record<UpdateField, string>> }
  | { outcome: 'stale'; message: string; action: MyAction };

/** Every refusal: a code from bot/errors.ts and a sentence for the person. */
export interface ErrorResponse {
  code: string;
  error: string;
}
