import type { Action, ActionKey, ActionUpdate, ChaseCycle, ChasePrompt, Owner, Plan } from './types';

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
}

export interface ActionRepository {
  get(key: ActionKey): Promise<Versioned<Action> | undefined>;
  listByPlan(planId: string): Promise<Versioned<Action>[]>;
  listAll(): Promise<Action[]>;
  /** Replaces the action if its ETag still matches; throws ConcurrencyConflict otherwise. */
  replace(action: Action, etag: string): Promise<string>;
  /** Writes many actions of one plan in batched transactions (import). */
  upsertMany(planId: string, actions: Action[]): Promise<void>;
}

/** Append-only history of every reply and change. */
export interface UpdateRepository {
  append(update: ActionUpdate): Promise<void>;
  appendMany(planId: string, updates: ActionUpdate[]): Promise<void>;
  listForAction(key: ActionKey): Promise<ActionUpdate[]>;
  /** Every update of a plan recorded at or before `until` (ISO instant), oldest first. */
  listForPlan(planId: string, until?: string): Promise<ActionUpdate[]>;
}

export interface OwnerRepository {
  get(email: string): Promise<Versioned<Owner> | undefined>;
  getByAadObjectId(aadObjectId: string): Promise<Owner | undefined>;
  /** Creates or merges; fields left undefined keep their stored value. */
  save(owner: Partial<Owner> & { email: string }): Promise<Owner>;
  list(): Promise<Owner[]>;
}

export interface PromptRepository {
  /** Creates the prompt unless one exists for this owner and cycle; true when this call created it. */
  create(prompt: ChasePrompt): Promise<boolean>;
  get(cycleId: string, ownerEmail: string): Promise<Versioned<ChasePrompt> | undefined>;
  listCycle(cycleId: string): Promise<Versioned<ChasePrompt>[]>;
  replace(prompt: ChasePrompt, etag: string): Promise<string>;
}

export interface CycleRepository {
  create(cycle: ChaseCycle): Promise<boolean>;
  get(id: string): Promise<Versioned<ChaseCycle> | undefined>;
  list(): Promise<ChaseCycle[]>;
  replace(cycle: ChaseCycle, etag: string): Promise<string>;
}

/** Everything the bot keeps, behind its ports. */
export interface BoardStore {
  plans: PlanRepository;
  actions: ActionRepository;
  updates: UpdateRepository;
  owners: OwnerRepository;
  prompts: PromptRepository;
  cycles: CycleRepository;
  settings: SettingsRepository;
  /** Resolves when storage answers; throws when it does not. */
  ping(): Promise<void>;
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

/** Where a message for a person can be delivered. */
export interface Recipient {
  email: string;
  aadObjectId?: string;
  teamsUserId?: string;
  tenantId?: string;
  serviceUrl?: string;
  conversation?: string;
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

/** The time now; injected so every rule can be tested on a controllable clock. */
export type Clock = () => Date;
