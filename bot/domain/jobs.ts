/** What a background job does. */
export const JOB_KINDS = ['chase', 'postDigest', 'chatFile'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const JOB_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/**
 * Work that takes longer than a chat turn, stored so that any instance can run it and another can
 * take it over when the one running it dies (its lease runs out).
 */
export interface Job {
  id: string;
  kind: JobKind;
  /** The job's arguments as JSON; the kind that runs it validates them. */
  args: string;
  /** Who asked (email, or Entra object id when they are not an owner). */
  requestedBy: string;
  /** Where to tell them the result: the conversation reference of their message, as JSON. */
  conversation: string;
  state: JobState;
  createdAt: string;
  /** The instance working on it, and until when; once that has passed another instance may take over. */
  leaseOwner?: string;
  leaseUntil?: string;
  /** Runs started (a takeover after a crash is one more). */
  attempts: number;
  startedAt?: string;
  finishedAt?: string;
  /** What the person who asked is told when it ends. */
  result?: string;
  /** An Adaptive Card (JSON) they are shown with it, when the job answers with a card (a plan file's preview). */
  card?: string;
  /** When they were told; a job is open until then. */
  reportedAt?: string;
  /** The guard against doing it twice by accident, e.g. "chase:all". */
  slot?: string;
}

/** Runs a job may start before it is given up as failed. */
export const MAX_JOB_ATTEMPTS = 3;

const passed = (iso: string | undefined, now: Date): boolean => !iso || Date.parse(iso) <= now.getTime();

/** May an instance take this job now: still open, and nobody's lease on it (or the lease ran out)? */
export const isTakeable = (job: Job, now: Date): boolean => !job.reportedAt && passed(job.leaseUntil, now);

/** Does the job still have to run (as opposed to only being reported)? */
export const needsRun = (job: Job): boolean => job.state === 'queued' || job.state === 'running';

/** Why a second request for the same thing is refused: the first is still running, or finished moments ago. */
export type RepeatVerdict =
  | { verdict: 'go' }
  | { verdict: 'running'; startedAt: string }
  | { verdict: 'recent'; startedAt: string; finishedAt: string };

/** A job holding a slot blocks another in it while it runs and for `windowMs` after it finished. */
export function repeatVerdict(held: Job | undefined, now: Date, windowMs: number): RepeatVerdict {
  if (!held || held.state === 'failed') return { verdict: 'go' };
  const startedAt = held.startedAt ?? held.createdAt;
  if (needsRun(held)) return { verdict: 'running', startedAt };
  const finishedAt = held.finishedAt ?? startedAt;
  return now.getTime() - Date.parse(finishedAt) < windowMs
    ? { verdict: 'recent', startedAt, finishedAt }
    : { verdict: 'go' };
}
