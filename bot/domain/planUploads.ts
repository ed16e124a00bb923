/**
 * A plan file sent in the 1:1 chat: previewed, then applied or cancelled from the preview card. Kept in storage
 * between the preview and the click (any instance may get the click), with the file's rows beside it.
 */
export interface PlanUploadRecord {
  /** The id of the job that read the file (the same message delivered again gives the same id). */
  id: string;
  name: string;
  /** Who sent it. */
  byEmail: string;
  createdAt: string;
  /** The board as the preview read it: a fingerprint of the file's plans and their actions' revisions. */
  basis: string;
  state: 'previewed' | 'applying' | 'applied' | 'cancelled';
  /** When the state last changed, and who changed it. */
  changedAt?: string;
  changedBy?: string;
  /** What the person was told when it was applied. */
  result?: string;
}

/** How long an "applying" upload is left to the click that claimed it before another click may finish it. */
export const APPLY_LEASE_MS = 120_000;

/** What a click on Apply does with an upload in this state. */
export type ApplyVerdict =
  | { verdict: 'apply' }
  /** Claimed by a click whose instance stopped part way: run the (idempotent) import again, basis unchecked. */
  | { verdict: 'finish' }
  | { verdict: 'applying' }
  | { verdict: 'applied'; result: string }
  | { verdict: 'cancelled' };

export function applyVerdict(u: PlanUploadRecord, now: Date): ApplyVerdict {
  switch (u.state) {
    case 'previewed':
      return { verdict: 'apply' };
    case 'applied':
      return { verdict: 'applied', result: u.result ?? '' };
    case 'cancelled':
      return { verdict: 'cancelled' };
    case 'applying':
      return now.getTime() - Date.parse(u.changedAt ?? u.createdAt) > APPLY_LEASE_MS
        ? { verdict: 'finish' }
        : { verdict: 'applying' };
  }
}
