import type { Action, Rag, Status } from './types';

export const NARRATIVE_MAX = 2000;
export const REASON_MAX = 500;

/** What an owner says about one action, already typed. */
export interface ReplyFields {
  status: Status;
  rag?: Rag;
  narrative?: string;
  percentComplete?: number;
  proposedDate?: string;
  proposedDateReason?: string;
  /** A link to evidence (https only). */
  evidenceUrl?: string;
}

export type ReplyField = keyof ReplyFields;
/** Messages for the owner, one per field that needs attention. */
export type FieldErrors = Partial<Record<ReplyField, string>>;

/**
 * The board's rules for a reply, beyond the shape of each field: a RAG for open work,
 * a narrative for Amber and Red, and a revised date only in the future and with a reason.
 */
export function checkReply(fields: ReplyFields, action: Pick<Action, 'dueDate'>, today: string): FieldErrors {
  const errors: FieldErrors = {};
  const open =
    fields.status === 'Not started' || fields.status === 'In progress' || fields.status === 'Rescheduled (approved)';
  if (open && !fields.rag) errors.rag = 'Choose Green, Amber or Red for work that is not complete.';
  const narrative = fields.narrative?.trim() ?? '';
  if ((fields.rag === 'Amber' || fields.rag === 'Red') && open && narrative.length === 0) {
    errors.narrative = `The board needs a comment for ${fields.rag}: say what is at risk and what is being done.`;
  }
  if (fields.proposedDate !== undefined) {
    if (fields.proposedDate <= today) errors.proposedDate = 'A revised due date must be in the future.';
    else if (fields.proposedDate === action.dueDate)
      errors.proposedDate = 'The revised date is the same as the current due date.';
    if (!fields.proposedDateReason?.trim()) errors.proposedDateReason = 'Give a reason for the revised date.';
  } else if (fields.proposedDateReason?.trim()) {
    errors.proposedDate = 'Pick the revised date this reason is for.';
  }
  return errors;
}

/** The reply as it will be stored: RAG and revised dates dropped where they do not apply. */
export function normaliseReply(fields: ReplyFields): ReplyFields {
  const done = fields.status === 'Complete' || fields.status === 'Deferred';
  return {
    status: fields.status,
    rag: done ? undefined : fields.rag,
    narrative: fields.narrative?.trim() || undefined,
    percentComplete: fields.status === 'Complete' ? 100 : fields.percentComplete,
    proposedDate: done ? undefined : fields.proposedDate,
    proposedDateReason: done ? undefined : fields.proposedDateReason?.trim() || undefined,
    evidenceUrl: fields.evidenceUrl,
  };
}
