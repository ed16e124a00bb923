import { type Action, type ActionUpdate, type Status, type UpdateKind, awaitsClosure, isOpen } from './types';
import type { ReplyFields } from './replyRules';
import { closureAfter, completedAtAfter } from './history';

/** Who is making a change, and in what capacity. */
export interface ChangeActor {
  email: string;
  role: 'owner' | 'secretariat' | 'import';
  /** Owners this person may answer for: they named them delegate, or are away and named them cover. */
  answersFor?: readonly string[];
}

/** Who answered, when, and in which cycle. */
export interface ReplyContext {
  byEmail: string;
  at: string;
  updateId: string;
  cycleId?: string;
  /** Set when a delegate or cover answers: the owner they answer for. */
  forEmail?: string;
}

export type Reply =
  | { kind: 'update'; fields: ReplyFields }
  | { kind: 'noChange' }
  | { kind: 'notMine'; note?: string }
  | { kind: 'reassign'; ownerEmail: string }
  | { kind: 'dateDecision'; decision: 'approved' | 'rejected'; date: string }
  | { kind: 'retire'; reason: string }
  /** The board secretariat changes the plan's line: title, theme, owner or due date (those given). */
  | { kind: 'edit'; fields: PlanFields }
  /** The board secretariat closes work its owner marked complete. */
  | { kind: 'close' }
  /** The board secretariat returns work its owner marked complete, with a reason: it is open again. */
  | { kind: 'return'; reason: string };

/** The plan's own fields of an action, as the secretariat may change them. */
export type PlanFields = Partial<Pick<Action, 'title' | 'theme' | 'ownerEmail' | 'dueDate'>>;
const PLAN_FIELDS = ['title', 'theme', 'ownerEmail', 'dueDate'] as const satisfies readonly (keyof PlanFields)[];
const FIELD_WORDS: Record<keyof PlanFields, string> = {
  title: 'title',
  theme: 'theme',
  ownerEmail: 'owner',
  dueDate: 'due date',
};

/** The fields an edit would change, in words ("title, due date"), in the order the board reads them. */
export const changedFields = (current: Action, fields: PlanFields): string[] =>
  PLAN_FIELDS.filter((f) => fields[f] !== undefined && fields[f] !== current[f]).map((f) => FIELD_WORDS[f]);

/** A change as asked for: what, by whom, and against which state the person saw. */
export interface ChangeRequest {
  reply: Reply;
  actor: ChangeActor;
  /** The revision the person saw (a card carries it); a change made against another revision is stale. */
  basis?: number;
}

/**
 * What an owner reads for an action that is not theirs and for one that does not exist, alike
 * (the same words and the same code, so neither says whether the other person's action exists).
 */
export const notYoursMessage = (ref: string): string =>
  `${ref} is not one of your actions, so your change was not recorded. If it should be yours, please ask the board secretariat to reassign it.`;

/** Why a change cannot be made to the state as it is now. */
export type Refusal =
  | { code: 'not_yours'; message: string }
  | { code: 'not_allowed'; message: string }
  | { code: 'stale'; message: string }
  | { code: 'no_pending_date'; message: string }
  | { code: 'retired'; message: string }
  | { code: 'not_awaiting_closure'; message: string }
  | { code: 'closed'; message: string }
  | { code: 'not_open'; message: string }
  | { code: 'nothing_to_change'; message: string };

/** The statuses an owner may choose; deferring and approving a reschedule are the secretariat's decisions. */
export const OWNER_STATUSES = ['Not started', 'In progress', 'Complete'] as const satisfies readonly Status[];

const mayOwnerSet = (s: Status): boolean => (OWNER_STATUSES as readonly Status[]).includes(s);

/**
 * The first of the board's rules that a change breaks, checked on the state it would replace (on every attempt, so a
 * retry after a conflict is judged again, never re-applied blindly): an owner changes only their
 * own actions and only to an owner's status; a card's answer must be about the revision it showed;
 * a date decision must be about the date that is pending and was seen. Undefined: it may be made.
 */
export function checkChange(current: Action, request: ChangeRequest): Refusal | undefined {
  const { reply, actor } = request;
  const ownersReply = reply.kind === 'update' || reply.kind === 'noChange' || reply.kind === 'notMine';
  // First, so that an owner learns nothing of an action that is not theirs (not even that it was retired).
  if (
    ownersReply &&
    actor.role === 'owner' &&
    current.ownerEmail !== actor.email &&
    !actor.answersFor?.includes(current.ownerEmail)
  ) {
    return { code: 'not_yours', message: notYoursMessage(current.ref) };
  }
  if (current.retired) {
    return { code: 'retired', message: `${current.ref} has been taken out of the plan, so nothing was recorded.` };
  }
  if (!ownersReply && actor.role === 'owner') {
    return { code: 'not_allowed', message: `Only the board secretariat can do that to ${current.ref}.` };
  }
  if (ownersReply && actor.role === 'owner' && current.closure?.state === 'closed') {
    return {
      code: 'closed',
      message: `${current.ref} has been closed by the board, so nothing was recorded. If it needs to be reopened, please ask the board secretariat.`,
    };
  }
  if ((reply.kind === 'close' || reply.kind === 'return') && !awaitsClosure(current)) {
    return {
      code: 'not_awaiting_closure',
      message:
        current.status !== 'Complete'
          ? `${current.ref} is not marked complete by its owner (it is ${current.status}), so there is nothing to ${reply.kind}.`
          : `${current.ref} is not awaiting closure: it is already closed.`,
    };
  }
  if (reply.kind === 'update' && actor.role === 'owner' && !mayOwnerSet(reply.fields.status)) {
    return {
      code: 'not_allowed',
      message: `"${reply.fields.status}" is decided by the board secretariat. Propose a revised date with a reason, or say in your comment that you are asking for deferral.`,
    };
  }
  if (request.basis !== undefined && current.revision !== request.basis) {
    return {
      code: 'stale',
      message: `${current.ref} changed since you opened it, so nothing was recorded from that click. Its current state is shown; update it again if you need to.`,
    };
  }
  if (reply.kind === 'retire' && !isOpen(current)) {
    return {
      code: 'not_open',
      message: `${current.ref} is ${current.status}: only open actions can be taken out of the plan.`,
    };
  }
  if (reply.kind === 'edit' && changedFields(current, reply.fields).length === 0) {
    return {
      code: 'nothing_to_change',
      message: `Nothing to change: ${current.ref} already has that title, theme, owner and due date.`,
    };
  }
  if (reply.kind === 'dateDecision') {
    const pending = current.revisedDate?.state === 'proposed' ? current.revisedDate.date : undefined;
    if (!pending) {
      return { code: 'no_pending_date', message: `${current.ref} has no revised date waiting for a decision.` };
    }
    if (pending !== reply.date) {
      return {
        code: 'stale',
        message: `${current.ref}'s proposed date changed since you looked: it is now ${pending}, not ${reply.date}. Nothing was decided; decide again on the new date.`,
      };
    }
  }
  return undefined;
}

/** The owner a change is made for, when the person making it answers for them (a delegate or cover). */
export const answeringFor = (current: Action, actor: ChangeActor): string | undefined =>
  actor.role === 'owner' && current.ownerEmail !== actor.email && actor.answersFor?.includes(current.ownerEmail)
    ? current.ownerEmail
    : undefined;

/** The new current state of the action and the history row that records the reply. */
export function applyReply(
  action: Action,
  reply: Reply,
  ctx: ReplyContext,
): { action: Action; update: Omit<ActionUpdate, 'revision'> } {
  const base = {
    planId: action.planId,
    ref: action.ref,
    id: ctx.updateId,
    at: ctx.at,
    byEmail: ctx.byEmail,
    cycleId: ctx.cycleId,
    forEmail: ctx.forEmail,
  };
  const next: Action = { ...action, revision: action.revision + 1 };
  const kind: UpdateKind = reply.kind;
  let update: Omit<ActionUpdate, 'revision'>;
  if (reply.kind === 'update') {
    const f = reply.fields;
    Object.assign(next, {
      status: f.status,
      rag: f.rag,
      narrative: f.narrative ?? action.narrative,
      percentComplete: f.percentComplete ?? action.percentComplete,
      evidenceUrl: f.evidenceUrl ?? action.evidenceUrl,
      closure: closureAfter(action, f, ctx.at, ctx.byEmail),
    });
    if (f.proposedDate) {
      next.revisedDate = {
        date: f.proposedDate,
        reason: f.proposedDateReason ?? '',
        state: 'proposed',
        proposedAt: ctx.at,
        proposedBy: ctx.byEmail,
      };
    }
    next.lastReplyAt = ctx.at;
    update = { ...base, kind, ...f };
  } else if (reply.kind === 'noChange') {
    next.lastReplyAt = ctx.at;
    update = {
      ...base,
      kind,
      status: action.status,
      rag: action.rag,
      narrative: action.narrative,
      percentComplete: action.percentComplete,
    };
  } else if (reply.kind === 'notMine') {
    next.notMine = { by: ctx.byEmail, at: ctx.at, note: reply.note };
    update = { ...base, kind, status: action.status, rag: action.rag, note: reply.note };
  } else if (reply.kind === 'reassign') {
    next.ownerEmail = reply.ownerEmail;
    next.notMine = undefined;
    next.lastReplyAt = undefined;
    update = {
      ...base,
      kind,
      status: action.status,
      rag: action.rag,
      ownerEmail: reply.ownerEmail,
      note: `reassigned from ${action.ownerEmail} to ${reply.ownerEmail}`,
    };
  } else if (reply.kind === 'close') {
    next.closure = { state: 'closed', at: ctx.at, by: ctx.byEmail };
    update = { ...base, kind, status: action.status, note: 'closed by the board' };
  } else if (reply.kind === 'return') {
    const reopen = action.closure?.reopen ?? { status: 'In progress' as const };
    Object.assign(next, { status: reopen.status, rag: reopen.rag, closure: undefined, lastReplyAt: undefined });
    update = {
      ...base,
      kind,
      status: reopen.status,
      rag: reopen.rag,
      note: `returned to the owner: ${reply.reason}`,
    };
  } else if (reply.kind === 'edit') {
    const changed = changedFields(action, reply.fields);
    Object.assign(
      next,
      Object.fromEntries(PLAN_FIELDS.flatMap((f) => (reply.fields[f] === undefined ? [] : [[f, reply.fields[f]]]))),
    );
    // A new owner starts afresh, as on a reassignment: their answer is still to come.
    if (next.ownerEmail !== action.ownerEmail) Object.assign(next, { notMine: undefined, lastReplyAt: undefined });
    // The row carries the plan's line as it now is (as an import's does), so any past week can be rebuilt.
    update = {
      ...base,
      kind,
      status: action.status,
      rag: action.rag,
      title: next.title,
      theme: next.theme,
      ownerEmail: next.ownerEmail,
      dueDate: next.dueDate,
      note: `changed: ${changed.join(', ')}`,
    };
  } else if (reply.kind === 'retire') {
    next.retired = { at: ctx.at, by: ctx.byEmail, reason: reply.reason };
    update = { ...base, kind, status: action.status, rag: action.rag, note: `retired: ${reply.reason}` };
  } else {
    if (next.revisedDate) next.revisedDate = { ...next.revisedDate, state: reply.decision };
    update = {
      ...base,
      kind,
      status: action.status,
      rag: action.rag,
      decision: reply.decision,
      proposedDate: action.revisedDate?.date,
      note: `revised date ${action.revisedDate?.date ?? ''} ${reply.decision}`,
    };
  }
  next.completedAt = completedAtAfter(action, next, ctx.at);
  return { action: next, update };
}
