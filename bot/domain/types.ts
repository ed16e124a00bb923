import type { ActionRecord } from './actionRecord';
/** Vocabulary of the board: plans, actions, owners' replies and chase prompts, as plain data. */
import type { Away, Delegation } from './away';

export const STATUSES = ['Not started', 'In progress', 'Complete', 'Deferred', 'Rescheduled (approved)'] as const;
/** Where an action stands, in the words councils use. */
export type Status = (typeof STATUSES)[number];

export const RAGS = ['Green', 'Amber', 'Red'] as const;
/** Green on track, Amber at risk, Red off track. Completed actions carry no RAG. */
export type Rag = (typeof RAGS)[number];

/** An action plan overseen by the board, e.g. "LGA CPC Action Plan 2023". */
export interface Plan {
  id: string;
  name: string;
  createdAt: string;
  /** The last closed week whose history has been moved out of the Ledger (HistoryArchive), if any. */
  historyMovedUntil?: string;
}

/** Identifies one action: its plan and its reference within that plan (e.g. R4.2). */
export interface ActionKey {
  planId: string;
  ref: string;
}

/** A proposed change of deadline, shown beside the original, never replacing it silently. */
export interface RevisedDate {
  date: string;
  reason: string;
  state: 'proposed' | 'approved' | 'rejected';
  proposedAt: string;
  proposedBy: string;
}

/** The current state of one action. History lives in ActionUpdate rows. */
export interface Action extends ActionKey {
  planName: string;
  theme: string;
  title: string;
  ownerEmail: string;
  dueDate: string;
  status: Status;
  rag?: Rag;
  narrative?: string;
  percentComplete?: number;
  revisedDate?: RevisedDate;
  /** When the owner last replied about this action (ISO instant). */
  lastReplyAt?: string;
  /** "Not my action" flag raised by the owner for the secretariat. */
  notMine?: { by: string; at: string; note?: string };
  /** Status, RAG and narrative as last imported from a plan file, so a re-import never undoes an owner's reply. */
  importedProgress?: string;
  /** When open work became Complete (unset when it was created complete): "completed this week" reads it. */
  completedAt?: string;
  /** Taken out of the plan by the secretariat: kept with its history, never chased or counted as open. */
  retired?: { at: string; by: string; reason: string };
  /** What its history says beyond its state (last comment, Red since, revised dates, closure): bot/domain/actionRecord.ts. */
  record?: ActionRecord;
  /**
   * The board's closure of completed work: an owner's "Complete" awaits closure by the secretariat;
   * `closed` once the secretariat closes it. Complete with no closure: complete as imported (closed).
   */
  closure?: Closure;
  /** A link (https only) to evidence the owner gives for the action, shown in the timeline and exports. */
  evidenceUrl?: string;
  /** Increases with every change: a card carries it to detect stale submits. */
  revision: number;
}

/** Where an owner's "Complete" stands with the board. */
export interface Closure {
  state: 'awaiting' | 'closed';
  /** When and by whom it was proposed (awaiting) or closed (closed). */
  at: string;
  by: string;
  /** Status and RAG before the owner marked it complete: what a return to the owner restores. */
  reopen?: { status: Status; rag?: Rag };
}

export type UpdateKind =
  | 'update'
  | 'noChange'
  | 'notMine'
  | 'import'
  /** Added by the board secretariat in the Board report tab (a plan's line, as an import adds it). */
  | 'add'
  /** Title, theme, owner or due date changed by the board secretariat in the Board report tab. */
  | 'edit'
  | 'reassign'
  | 'dateDecision'
  | 'retire'
  | 'close'
  | 'return';

/** One recorded answer or change. Append-only: never overwritten. */
export interface ActionUpdate extends ActionKey {
  id: string;
  /** The action's revision this change produced: one history row per revision, never two. */
  revision: number;
  /**
   * What was asked, by whom, against which revision: a retried click carries the same fingerprint,
   * so it is recognised as already recorded instead of being written twice or refused as stale.
   */
  fingerprint?: string;
  at: string;
  kind: UpdateKind;
  byEmail: string;
  status: Status;
  rag?: Rag;
  narrative?: string;
  percentComplete?: number;
  proposedDate?: string;
  proposedDateReason?: string;
  note?: string;
  cycleId?: string;
  /** The plan's structure as of this row (imports and reassignments), so any past week can be rebuilt. */
  ownerEmail?: string;
  dueDate?: string;
  theme?: string;
  title?: string;
  /** The secretariat's decision on a proposed revised date. */
  decision?: 'approved' | 'rejected';
  /** The evidence link the owner gave with this answer (https only). */
  evidenceUrl?: string;
  /** The owner this answer was given for, when a delegate or cover gave it (`byEmail`). */
  forEmail?: string;
}

export type Reachability = 'unknown' | 'reachable' | 'unreachable';

/** A person the bot knows: from the plan (email) and from Teams (Entra object id). */
export interface Owner {
  email: string;
  /** Their display name in Teams, once a turn or a roster gave it. Shown through `nameOf` (bot/domain/people.ts). */
  name?: string;
  /** The name the plan's "owner name" column gives, until Teams gives theirs. */
  planName?: string;
  aadObjectId?: string;
  teamsUserId?: string;
  tenantId?: string;
  serviceUrl?: string;
  /** Opaque conversation reference of the 1:1 chat, as JSON. */
  conversation?: string;
  /** The 1:1 chat's id from Microsoft Graph, for the first send to an owner the app was installed for. */
  chatId?: string;
  reachability: Reachability;
  unreachableReason?: string;
  welcomedAt?: string;
  /** Away until a date, with a cover chased instead meanwhile (bot/domain/away.ts). */
  away?: Away;
  /** A colleague who may answer for this owner, until revoked. */
  delegate?: Delegation;
  updatedAt: string;
}

export const PROMPT_STATES = [
  'pending',
  'sending',
  'sent',
  'answered',
  'skipped',
  'unreachable',
  'unknown',
  'failed',
] as const;
/** Where one owner's prompt in one cycle stands. */
export type PromptState = (typeof PROMPT_STATES)[number];

/** One owner's prompt within one chase cycle: exactly one per owner per cycle. */
export interface ChasePrompt {
  cycleId: string;
  ownerEmail: string;
  state: PromptState;
  actions: ActionKey[];
  /**
   * The actions answered: never stored, always worked out from the actions (bot/domain/currentAsk.ts,
   * withAnswers), so an answer given anywhere counts and no second write can be missed.
   */
  answered: ActionKey[];
  reason?: string;
  attempts: number;
  claimedBy?: string;
  claimedAt?: string;
  /** When the sender last renewed its claim (a lease): one not renewed within the lease is a dead sender's. */
  renewedAt?: string;
  sentAt?: string;
  activityId?: string;
  conversationId?: string;
  nudgedAt?: string;
  escalatedAt?: string;
}

/** One round of prompts to every owner with open actions. */
export interface ChaseCycle {
  id: string;
  trigger: 'schedule' | 'manual';
  startedAt: string;
  planned: boolean;
  completedAt?: string;
}

export const actionId = (k: ActionKey): string => `${k.planId}/${k.ref}`;
/** A reference as the board compares it: without regard to case or surrounding spaces (`hr1.1` is `HR1.1`). */
export const refOf = (ref: string): string => ref.trim().toUpperCase();
/** References (or themes) in number order, R2.1 before R10.1: one collator for every comparison, not one per call. */
const numberOrder = new Intl.Collator('en', { numeric: true });
export const compareRefs = (a: string, b: string): number => numberOrder.compare(a, b);
/** An action's identity as the board compares it: its plan and its reference, without regard to case. */
export const actionKeyOf = (k: ActionKey): string => `${k.planId}/${refOf(k.ref)}`;
export const sameAction = (a: ActionKey, b: ActionKey): boolean => a.planId === b.planId && a.ref === b.ref;
/** Whether a status is work still to be done. */
export const isOpenStatus = (s: string): boolean => s !== 'Complete' && s !== 'Deferred';

/** Whether the action is still to be done: the one definition every view and rule uses. */
export const isOpen = (a: Pick<Action, 'status' | 'retired'>): boolean => !a.retired && isOpenStatus(a.status);

/** Complete by its owner's word, and waiting for the board secretariat to close it (or return it). */
export const awaitsClosure = (a: Pick<Action, 'status' | 'closure' | 'retired'>): boolean =>
  !a.retired && a.status === 'Complete' && a.closure?.state === 'awaiting';

/** The date an action is now due by: an approved revised date replaces the original, for every overdue check. */
export const effectiveDue = (a: Pick<Action, 'dueDate' | 'revisedDate'>): string =>
  a.revisedDate?.state === 'approved' ? a.revisedDate.date : a.dueDate;

/** A plan's id: its name as a slug, e.g. "lga-cpc-action-plan-2023". */
export const planIdOf = (name: string): string =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'plan';
