import { createHash, randomUUID } from 'node:crypto';
import type { Clock, JobRepository } from '../domain/ports';
import { type Job, type JobKind, repeatVerdict } from '../domain/jobs';

/** A request for background work from a chat command. */
export interface JobRequest {
  kind: JobKind;
  args: object;
  requestedBy: string;
  /** Where to report: the conversation reference of the message that asked (JSON). */
  conversation: string;
  /** The activity that asked: handling it again (after a crash) finds the same job instead of a second one. */
  turn?: { conversationId: string; activityId: string };
  /** At most one job in this slot runs at a time, and none starts again within the window after it finished. */
  slot?: string;
  /** Start even if the slot's job is running or finished moments ago ("chase all again"). */
  insist?: boolean;
}

/** Queued (perhaps earlier, by the same activity), or refused because the slot is busy. */
export type Enqueued =
  | { outcome: 'queued'; job: Job }
  | { outcome: 'running'; job: Job; startedAt: string }
  | { outcome: 'recent'; job: Job; startedAt: string; finishedAt: string };

/** The job id of an activity's work: the same activity always gives the same job. */
export const jobIdFor = (turn: { conversationId: string; activityId: string } | undefined): string =>
  turn
    ? `t-${createHash('sha256').update(`${turn.conversationId}\n${turn.activityId}`).digest('hex').slice(0, 32)}`
    : `r-${randomUUID()}`;

/** Where chat commands put background work: in storage, for whichever instance takes it first. */
export class JobQueue {
  constructor(
    private readonly jobs: JobRepository,
    private readonly clock: Clock,
    /** How long after a job finished its slot stays busy. */
    private readonly repeatWindowMs: number,
    /** Tells this process's runner to look for work now. */
    private readonly kick: () => void,
  ) {}

  async enqueue(req: JobRequest): Promise<Enqueued> {
    const id = jobIdFor(req.turn);
    for (let tries = 0; tries < 5; tries++) {
      const mine = await this.jobs.get(id);
      if (mine) return { outcome: 'queued', job: mine.value };
      const slot = req.slot ? await this.jobs.slot(req.slot) : undefined;
      const now = this.clock();
      if (slot && !req.insist) {
        const held = (await this.jobs.get(slot.jobId))?.value;
        const v = repeatVerdict(held, now, this.repeatWindowMs);
        if (held && v.verdict === 'running') return { outcome: 'running', job: held, startedAt: v.startedAt };
        if (held && v.verdict === 'recent')
          return { outcome: 'recent', job: held, startedAt: v.startedAt, finishedAt: v.finishedAt };
      }
      const job: Job = {
        id,
        kind: req.kind,
        args: JSON.stringify(req.args),
        requestedBy: req.requestedBy,
        conversation: req.conversation,
        state: 'queued',
        createdAt: now.toISOString(),
        attempts: 0,
        slot: req.slot,
      };
      if (await this.jobs.create(job, req.slot ? { name: req.slot, etag: slot?.etag } : undefined)) {
        this.kick();
        return { outcome: 'queued', job };
      }
      // Another request took the slot (or made this job) first: look again.
    }
    throw new Error(`could not queue ${req.kind}: the slot kept changing`);
  }
}
