import type { Action, ActionKey, ActionUpdate, ChaseCycle, ChasePrompt, Owner, Plan, Reachability } from './types';
import type { Person, Pseudonym } from './personalData';
import type { ThemeMixes, WeekSnapshot } from './snapshots';
import type { Job } from './jobs';
import type { TurnRecord } from './turns';
import type { PlanUploadRecord } from './planUploads';

/** A stored value with the ETag that guards the next write to it. */
export interface Versioned<T> {
  value: T;
  etag: string;
}

/** Someone else wrote first: re-read and decide again. */
export class ConcurrencyConflict extends Error {
  constructor(what: string) {
    super(`${what} was changed by someone else`);
    this.name = 'ConcurrencyConflict';
  }
}

export interface PlanRepository {
  list(): Promise<Plan[]>;
  upsert(plan: Plan): Promise<void>;
  /** Notes that the plan's history up to the end of `week` has left the Ledger (so the next tick skips it). */
  markHistoryMoved(planId: string, week: string): Promise<void>;
}

/**
 * One change to one action: its new state and the history row that says who changed it and why,
 * always written together. `action.revision` is one more than the state it replaces (1 when new).
 */
export interface ActionCommit {
  action: Action;
  /** ETag of the state being replaced; absent when the action is new. */
  etag?: string;
  update: Omit<ActionUpdate, 'revision'>;
}

/** Every action's current state. The only way to change one is a commit, which also writes its history. */
export interface ActionRepository {
  get(key: ActionKey): Promise<Versioned<Action> | undefined>;
  listByPlan(planId: string): Promise<Versioned<Action>[]>;
  listAll(): Promise<Action[]>;
  /** Writes the new state and its history row atomically, if the ETag still matches; ConcurrencyConflict otherwise. */
  commit(change: ActionCommit): Promise<string>;
  /** Many commits of one plan, up to 33 per transaction (imports); ConcurrencyConflict if any ETag moved on. */
  commitMany(planId: string, changes: ActionCommit[]): Promise<void>;
  /**
   * Writes states and history rows as they are (a restore from a backup, or a benchmark's board); no checks.
   * History recorded up to `archivedUntil` goes where the weekly move out of the Ledger would have put it.
   */
  restore(planId: string, actions: Action[], updates: ActionUpdate[], archivedUntil?: string): Promise<void>;
}

/** What is kept of closed weeks, so a digest reads the board's state, not its whole history. */
export interface SnapshotRepository {
  /** The figures kept for the plan's closed weeks from `from` to `to` (ISO weeks, inclusive). */
  figures(planId: string, from: string, to: string): Promise<Map<string, ThemeMixes>>;
  /** The latest closed week at or before `week` whose figures are kept. */
  latestWeek(planId: string, week: string): Promise<string | undefined>;
  /**
   * The plan's actions as they are and the figures of every week kept, in one key-range read (the
   * state and figure rows sit side by side in the plan's partition): what a digest of this week needs.
   */
  board(planId: string): Promise<{ actions: Action[]; figures: Map<string, ThemeMixes> }>;
  /** Every action's state at the end of `week`, when it was kept. */
  states(planId: string, week: string): Promise<Action[] | undefined>;
  /** Keeps a closed week: its states first, then its figures (whose presence says the week is complete). */
  put(planId: string, snapshot: WeekSnapshot): Promise<void>;
  /** History recorded after `after` (exclusive; from the start when absent) up to `until` (inclusive), a key range. */
  historyBetween(planId: string, after: string | undefined, until: string): Promise<ActionUpdate[]>;
  /**
   * Moves the plan's history recorded up to `until` (weeks already folded into a snapshot) out of the
   * partition every commit and digest reads; every read of history still sees it. How many rows moved.
   */
  archiveUntil(planId: string, until: string): Promise<number>;
}

/** Append-only history of every reply and change, written only by ActionRepository.commit. */
export interface UpdateRepository {
  /** The change that produced this revision of the action. */
  getUpdate(key: ActionKey, revision: number): Promise<ActionUpdate | undefined>;
  /** The action's history, oldest first (a key-range read). */
  listForAction(key: ActionKey): Promise<ActionUpdate[]>;
  /** Every update of a plan recorded at or before `until` (ISO instant), oldest first. */
  listForPlan(planId: string, until?: string): Promise<ActionUpdate[]>;
}

/** Changes to a person: a field left undefined is kept, one set to null is cleared. */
export type OwnerPatch = { [K in keyof Owner]?: Owner[K] | null } & { email: string };

export interface OwnerRepository {
  get(email: string): Promise<Versioned<Owner> | undefined>;
  getByAadObjectId(aadObjectId: string): Promise<Owner | undefined>;
  /** Who a Teams user is, email and name, from the one row that maps their Entra object id back to them. */
  identify(aadObjectId: string): Promise<Pick<Owner, 'email' | 'name'> | undefined>;
  /**
   * The owners whose rows may name `email` as delegate or cover, read through a pointer row instead of
   * every owner: their own rows, which decide (answersFor in bot/domain/away.ts); more than the answer, never fewer.
   */
  namingAsDelegateOrCover(email: string): Promise<Owner[]>;
  /**
   * Records the names a plan file gives its owners (shown until Teams gives a person's own), for those
   * whose stored name differs: only the name changes on an existing row; 100 rows a transaction. How many.
   */
  namePlanOwners(names: readonly { email: string; name: string }[], at: string): Promise<number>;
  /**
   * Brings rows an older version wrote up to date (safe at every start, by several instances at once):
   * pointers to owners who named a delegate or cover, names on the rows that map Entra ids back; how many.
   * Done once: a marker row then spares every later start reading every owner.
   */
  upgradeRows(): Promise<number>;
  /**
   * Creates or merges; fields left undefined keep their stored value, fields set to null are cleared.
   * `updatedAt` is the instant of the change (now when absent); a change of reachability is also kept
   * in the owner's history.
   */
  save(owner: OwnerPatch): Promise<Owner>;
  list(): Promise<Owner[]>;
  /** Each owner's reachability as it stood at `asOf`, from the kept changes (owners with none known then are absent). */
  reachabilityAt(asOf: string): Promise<Map<string, ReachabilityAt>>;
}

/** An owner's reachability at some instant, and why when unreachable. */
export interface ReachabilityAt {
  reachability: Reachability;
  reason?: string;
}

export interface PromptRepository {
  /** Creates the prompt unless one exists for this owner and cycle; true when this call created it. */
  create(prompt: ChasePrompt): Promise<boolean>;
  /** Creates one cycle's prompts, up to 100 a transaction; those that exist already are left alone. */
  createMany(prompts: ChasePrompt[]): Promise<void>;
  get(cycleId: string, ownerEmail: string): Promise<Versioned<ChasePrompt> | undefined>;
  listCycle(cycleId: string): Promise<Versioned<ChasePrompt>[]>;
  replace(prompt: ChasePrompt, etag: string): Promise<string>;
  /**
   * Replaces up to 100 prompts of one cycle in one transaction, each conditional on its ETag: all or
   * none (ConcurrencyConflict if any has moved on). Returns the new ETags in order.
   */
  replaceMany(items: { prompt: ChasePrompt; etag: string }[]): Promise<string[]>;
}

export interface CycleRepository {
  create(cycle: ChaseCycle): Promise<boolean>;
  get(id: string): Promise<Versioned<ChaseCycle> | undefined>;
  list(): Promise<ChaseCycle[]>;
  replace(cycle: ChaseCycle, etag: string): Promise<string>;
}

/** Everything the bot keeps, behind its ports. */
/** Personal data: erasure (pseudonymisation) and removal at the end of retention. See bot/domain/personalData.ts. */
export interface PersonalDataRepository {
  /**
   * Replaces the person's email and name with the pseudonym in every Ledger row of one plan (current
   * state, history, timeline, kept weekly states), in transactions of at most 100 rows, each row
   * under the ETag it was read with (a row changed meanwhile is read and rewritten again). Figures,
   * statuses and dates are untouched. Returns how many rows were rewritten.
   */
  pseudonymisePlan(planId: string, person: Person, as: Pseudonym): Promise<number>;
  /** The same for what is kept about people outside the Ledger: Owners (removed), Prompts (re-keyed), Settings. */
  pseudonymiseOutsideLedger(person: Person, as: Pseudonym): Promise<number>;
  /** Deletes a plan: its whole Ledger partition and its Plans row. Returns the rows deleted. */
  deletePlan(planId: string): Promise<number>;
  /** Deletes chase cycles started before `before`, with their prompts. Returns the cycles deleted. */
  deleteCyclesBefore(before: string): Promise<number>;
}

export interface BoardStore {
  personalData: PersonalDataRepository;
  plans: PlanRepository;
  actions: ActionRepository;
  updates: UpdateRepository;
  owners: OwnerRepository;
  prompts: PromptRepository;
  cycles: CycleRepository;
  /** This board's settings: its channel, secretariat, meetings, digest claims. */
  settings: SettingsRepository;
  /**
   * The settings every board of the deployment shares: team rosters, who was welcomed, instances'
   * heartbeats, which board a person's commands are for. The same repository as `settings` when there is one board.
   */
  shared: SettingsRepository;
  turns: TurnRepository;
  jobs: JobRepository;
  imports: ImportJournalRepository;
  /** Plan files sent in the 1:1 chat, between their preview and Apply or Cancel. */
  uploads: UploadRepository;
  snapshots: SnapshotRepository;
  /** Resolves when storage answers; throws when it does not. */
  ping(): Promise<void>;
}

/** An import under way, kept until it has been written in full (its payload: what to write, as JSON). */
export interface ImportJournalEntry {
  id: string;
  startedAt: string;
  payload: string;
}

/**
 * The imports journal: an import is entered before its first write and ended after its last, so one
 * cut short by a crash is found on the next start and finished (imports are idempotent).
 */
export interface ImportJournalRepository {
  /** Durable once it resolves. */
  begin(entry: ImportJournalEntry): Promise<void>;
  /** Entries begun and not ended, oldest first. */
  pending(): Promise<ImportJournalEntry[]>;
  end(id: string): Promise<void>;
}

/** Plan files sent in the chat (bot/domain/planUploads.ts), each with its payload: the file's rows, as JSON. */
export interface UploadRepository {
  /** Stores a previewed upload and its payload (payload first, so a stored upload has all of it); false if the id is taken. */
  create(upload: PlanUploadRecord, payload: string): Promise<boolean>;
  get(id: string): Promise<Versioned<PlanUploadRecord> | undefined>;
  /** The upload's payload; undefined once dropped. */
  payload(id: string): Promise<string | undefined>;
  /** Replaces the upload if its ETag still matches; throws ConcurrencyConflict otherwise. Returns the new ETag. */
  replace(upload: PlanUploadRecord, etag: string): Promise<string>;
  /** Deletes the payload (the upload was applied or cancelled; its record stays to answer a second click). */
  dropPayload(id: string): Promise<void>;
  /** Deletes uploads (and payloads) created before `before` (ISO instant); how many. */
  sweep(before: string): Promise<number>;
}

export interface SettingsRepository {
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  /** Writes the setting only if it does not exist yet; true when this call wrote it (a claim across instances). */
  claim(name: string, value: string): Promise<boolean>;
  /** Removes a setting (e.g. gives up a claim whose work failed, so it can be tried again). */
  release(name: string): Promise<void>;
  /** A setting with its ETag, for leases that change hands. */
  getVersioned(name: string): Promise<Versioned<string> | undefined>;
  /** Replaces a setting only if it is unchanged since read; ConcurrencyConflict otherwise. Returns the new ETag. */
  replace(name: string, value: string, etag: string): Promise<string>;
  /** Every setting whose name starts with `prefix` (e.g. the live instances' heartbeats). */
  listPrefix(prefix: string): Promise<{ name: string; value: string }[]>;
}

/** Inbound activities already handled, so a redelivery is not handled again (shared by every instance). */
export interface TurnRepository {
  /** Inserts the turn unless a row exists for its conversation and activity id; else the row found. */
  claim(turn: TurnRecord): Promise<{ claimed: true; etag: string } | { claimed: false; found: Versioned<TurnRecord> }>;
  /** Replaces the row if its ETag still matches; throws ConcurrencyConflict otherwise. */
  replace(turn: TurnRecord, etag: string): Promise<string>;
  /** Forgets a turn (its handler failed, so a redelivery should run it). */
  release(turn: TurnRecord, etag: string): Promise<void>;
  /** Deletes every row expired at `now` (ISO instant); how many. */
  sweep(now: string): Promise<number>;
}

/** Background jobs, shared by every instance. */
export interface JobRepository {
  /**
   * Creates the job; with a slot, also points the slot at it in the same transaction, provided the slot
   * is still at `etag` (or absent when `etag` is undefined). False when the job exists or the slot moved.
   */
  create(job: Job, slot?: { name: string; etag?: string }): Promise<boolean>;
  get(id: string): Promise<Versioned<Job> | undefined>;
  /** Jobs not yet reported to whoever asked. */
  listOpen(): Promise<Versioned<Job>[]>;
  /** Replaces the job if its ETag still matches; throws ConcurrencyConflict otherwise. */
  replace(job: Job, etag: string): Promise<string>;
  /** The job a slot points at, with the slot's ETag; undefined when the slot was never taken. */
  slot(name: string): Promise<{ jobId: string; etag: string } | undefined>;
  /** Deletes reported jobs created before `before` (ISO instant); how many. */
  sweep(before: string): Promise<number>;
}

/** Where a message for a person can be delivered. */
export interface Recipient {
  email: string;
  aadObjectId?: string;
  teamsUserId?: string;
  tenantId?: string;
  serviceUrl?: string;
  conversation?: string;
  /** The 1:1 chat between the person and the bot as Microsoft Graph names it, until a conversation is stored. */
  chatId?: string;
}

/** A message that Teams accepted. */
export interface Delivered {
  activityId: string;
  conversationId: string;
  /** The 1:1 conversation, to store for the next send. */
  conversation: string;
}

/** Teams refused the send; `permanent` when retrying cannot help (blocked, removed, not found). */
export class DeliveryFailed extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly status?: number,
    /** How long Teams asked us to wait (Retry-After), when it said. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryFailed';
  }
}

/** The bot's way out to people: implemented over the Bot Connector in bot/teams. */
export interface Messenger {
  sendCard(to: Recipient, card: object, summary: string): Promise<Delivered>;
  updateCard(conversation: string, activityId: string, card: object): Promise<void>;
  sendText(to: Recipient, text: string): Promise<Delivered>;
}

/** Where to find, in Teams, an owner for whom the app was just installed (through Microsoft Graph). */
export interface ReachedOwner {
  aadObjectId: string;
  name?: string;
  tenantId: string;
  /** The 1:1 chat between the person and the bot. */
  chatId: string;
  /** The Bot Connector address to send into that chat. */
  serviceUrl: string;
}

/** Makes an owner with no chat with the bot reachable: finds them in the directory and installs the app for them. */
export interface OwnerReach {
  /** Resolves with where to send; rejects with ReachRefused (a reason in words) or any other error (try again later). */
  reach(email: string): Promise<ReachedOwner>;
}

/** The owner cannot be reached this way: why, in words, and what the secretariat can do about it. */
export class ReachRefused extends Error {
  constructor(
    readonly reason: string,
    readonly advice: string,
    readonly status?: number,
  ) {
    super(`${reason}. What to do: ${advice}`);
    this.name = 'ReachRefused';
  }
}

/** The time now; injected so every rule can be tested on a controllable clock. */
export type Clock = () => Date;
