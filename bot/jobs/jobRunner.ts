import {
  type Clock,
  ConcurrencyConflict,
  type JobRepository,
  type TurnRepository,
  type UploadRepository,
} from '../domain/ports';
import { type Job, type JobKind, MAX_JOB_ATTEMPTS, isTakeable, needsRun } from '../domain/jobs';
import { isBoardBotError, userMessageFor } from '../errors';
import type { Logger } from '../log';

/** Does one kind of job; resolves with what the person who asked is told: a line of text, or a card with its summary. */
export type JobWork = (job: Job) => Promise<string | { text: string; card: object }>;

/** What the runner needs. */
export interface JobRunnerDeps {
  jobs: JobRepository;
  /** Swept with the jobs, so the turn memory does not grow for ever. */
  turns?: TurnRepository;
  /** Plan files sent in the chat, swept UPLOAD_DAYS_KEPT days after their preview, applied or not. */
  uploads?: UploadRepository;
  clock: Clock;
  log: Logger;
  /** Names this process in leases. */
  instanceId: string;
  kinds: Record<JobKind, JobWork>;
  /** Tells the person who asked, in the conversation they asked in. */
  tell(job: Job, text: string): Promise<void>;
  /** How long a lease lasts; renewed every third of it while the job runs. */
  leaseMs: number;
  /** How often storage is looked at for jobs to take (a job queued here is started at once). */
  pollMs: number;
  /** Jobs run at once by this process. */
  concurrency?: number;
  /** How often expired turns and old jobs are swept. */
  sweepEveryMs?: number;
}

const after = (now: Date, ms: number) => new Date(now.getTime() + ms).toISOString();
const WEEKS_KEPT = 5;
/** How long a plan file's preview can still be applied, and an applied one answers a second click. */
export const UPLOAD_DAYS_KEPT = 7;

/** The job's state and lease as this process last wrote them; writes go one after another. */
class Held {
  private chain: Promise<unknown> = Promise.resolve();
  lost = false;
  constructor(
    private readonly jobs: JobRepository,
    public job: Job,
    private etag: string,
  ) {}

  /** Writes a change to the job under its ETag; a conflict means another instance took it over. */
  write(change: (job: Job) => Job): Promise<boolean> {
    const next = this.chain.then(async () => {
      if (this.lost) return false;
      const job = change(this.job);
      try {
        this.etag = await this.jobs.replace(job, this.etag);
        this.job = job;
        return true;
      } catch (e) {
        if (e instanceof ConcurrencyConflict) {
          this.lost = true;
          return false;
        }
        throw e;
      }
    });
    this.chain = next.catch(() => undefined);
    return next;
  }
}

/**
 * Runs the background jobs of every instance: polls the Jobs table, takes a job whose lease is free
 * (queued, or left by a dead instance), keeps its lease alive while it works, stores the result, then
 * tells whoever asked. A job taken over after a crash runs again from the top: each kind is written so
 * that running it twice does no harm (a chase re-runs its cycle id, which prompts nobody twice).
 */
export class JobRunner {
  private readonly running = new Map<string, Promise<void>>();
  private timer?: NodeJS.Timeout;
  private stopped = true;
  private polling = false;
  /** Asked to look again while a look was under way. */
  private lookAgain = false;
  private lastSweep = 0;

  constructor(private readonly deps: JobRunnerDeps) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Looks for work now (e.g. a job was just queued here). */
  kick(): void {
    if (!this.stopped) this.schedule(0);
  }

  /** Stops taking jobs; waits up to `graceMs` for those running (their leases then lapse for another instance). */
  async stop(graceMs = 5_000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const all = Promise.allSettled([...this.running.values()]);
    await Promise.race([all, new Promise((r) => setTimeout(r, graceMs).unref())]);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), ms);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    if (this.stopped) return;
    if (this.polling) {
      this.lookAgain = true;
      return;
    }
    this.polling = true;
    this.lookAgain = false;
    try {
      const now = this.deps.clock();
      const open = await this.deps.jobs.listOpen();
      const free = open.filter((j) => !this.running.has(j.value.id) && isTakeable(j.value, now));
      for (const j of free.sort((a, b) => a.value.createdAt.localeCompare(b.value.createdAt))) {
        if (this.running.size >= (this.deps.concurrency ?? 2)) break;
        const work = this.take(j.value, j.etag).finally(() => {
          this.running.delete(j.value.id);
          this.kick();
        });
        this.running.set(j.value.id, work);
      }
      await this.sweepIfDue(now);
    } catch (e) {
      this.deps.log.error('could not look for jobs', { error: e });
    } finally {
      this.polling = false;
      if (!this.stopped) this.schedule(this.lookAgain ? 0 : this.deps.pollMs);
    }
  }

  private async sweepIfDue(now: Date): Promise<void> {
    const every = this.deps.sweepEveryMs ?? 600_000;
    if (Date.now() - this.lastSweep < every) return;
    this.lastSweep = Date.now();
    const turns = (await this.deps.turns?.sweep(now.toISOString())) ?? 0;
    const jobs = await this.deps.jobs.sweep(after(now, -WEEKS_KEPT * 7 * 86_400_000));
    const uploads = (await this.deps.uploads?.sweep(after(now, -UPLOAD_DAYS_KEPT * 86_400_000))) ?? 0;
    if (turns + jobs + uploads > 0) this.deps.log.info('swept', { turns, jobs, uploads });
  }

  private async take(found: Job, etag: string): Promise<void> {
    const { clock, leaseMs, log } = this.deps;
    const run = needsRun(found);
    const held = new Held(this.deps.jobs, found, etag);
    const claimed = await held.write((j) => ({
      ...j,
      state: run ? 'running' : j.state,
      leaseOwner: this.deps.instanceId,
      leaseUntil: after(clock(), leaseMs),
      attempts: run ? j.attempts + 1 : j.attempts,
      startedAt: j.startedAt ?? clock().toISOString(),
    }));
    if (!claimed) return; // another instance took it first
    const jlog = log.child({ job: found.id, kind: found.kind, attempt: held.job.attempts });
    const renew = setInterval(
      () =>
        void held
          .write((j) => ({ ...j, leaseUntil: after(clock(), leaseMs) }))
          .catch((e: unknown) => {
            jlog.error('could not renew the lease', { error: e });
          }),
      Math.max(100, Math.floor(leaseMs / 3)),
    );
    try {
      if (run) {
        if (found.attempts > 0) jlog.info('taking over a job whose lease ran out', { from: found.leaseOwner });
        if (!(await this.work(held, jlog))) return;
      }
      clearInterval(renew);
      await this.report(held, jlog);
    } finally {
      clearInterval(renew);
    }
  }

  /** Runs the job and records how it ended; false when it is to be tried again (or was lost to another). */
  private async work(held: Held, log: Logger): Promise<boolean> {
    const { clock } = this.deps;
    try {
      const done = await this.deps.kinds[held.job.kind](held.job);
      const [result, card] = typeof done === 'string' ? [done] : [done.text, JSON.stringify(done.card)];
      return held.write((j) => ({ ...j, state: 'done', finishedAt: clock().toISOString(), result, card }));
    } catch (e) {
      const final = isBoardBotError(e) || held.job.attempts >= MAX_JOB_ATTEMPTS;
      log.error('job failed', { error: e, final });
      if (!final) {
        // Back in the queue, not before a pause.
        await held.write((j) => ({ ...j, state: 'queued', leaseOwner: undefined, leaseUntil: after(clock(), 2_000) }));
        return false;
      }
      const result = isBoardBotError(e)
        ? userMessageFor(e)
        : `Sorry, that did not finish after ${held.job.attempts} tries; the secretariat can see the error in the logs. Please ask again in a few minutes.`;
      return held.write((j) => ({ ...j, state: 'failed', finishedAt: clock().toISOString(), result }));
    }
  }

  /** Tells whoever asked, then closes the job; a failed telling is tried again at the next poll after the lease. */
  private async report(held: Held, log: Logger): Promise<void> {
    const { clock } = this.deps;
    try {
      await this.deps.tell(held.job, held.job.result ?? 'Done.');
    } catch (e) {
      log.error('could not report a job', { error: e });
      return;
    }
    await held.write((j) => ({
      ...j,
      reportedAt: clock().toISOString(),
      leaseOwner: undefined,
      leaseUntil: undefined,
    }));
    log.info('job done and reported', { state: held.job.state });
  }
}
