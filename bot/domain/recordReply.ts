import type { Action, ActionUpdate, UpdateKind } from './types';
import type { ReplyFields } from './replyRules';

/** Who answered, when, and in which cycle. */
export interface ReplyContext {
  byEmail: string;
  at: string;
  updateId: string;
  cycleId?: string;
}

export type Reply =
  | { kind: 'update'; fields: ReplyFields }
  | { kind: 'noChange' }
  | { kind: 'notMine'; note?: string }
  | { kind: 'reassign'; ownerEmail: string }
  | { kind: 'dateDecision'; decision: 'approved' | 'rejected' };

/** The new current state of the action and the history row that records the reply. */
export function applyReply(action: Action, reply: Reply, ctx: ReplyContext): { action: Action; update: ActionUpdate } {
  const base = {
    planId: action.planId,
    ref: action.ref,
    id: ctx.updateId,
    at: ctx.at,
    byEmail: ctx.byEmail,
    cycleId: ctx.cycleId,
  };
  const next: Action = { ...action, revision: action.revision + 1 };
  let kind: UpdateKind = reply.kind;
  let update: ActionUpdate;
  if (reply.kind === 'update') {
    const f = reply.fields;
    Object.assign(next, {
      status: f.status,
      rag: f.rag,
      narrative: f.narrative ?? action.narrative,
      percentComplete: f.percentComplete ?? action.percentComplete,
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
    kind = 'notMine';
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
  return { action: next, update };
}
