import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { ConcurrencyConflict, type JobRepository, type Versioned } from '../domain/ports';
import { JOB_KINDS, JOB_STATES, type Job } from '../domain/jobs';
import { encodeKey, guarded, isStatus, listAll, toEntityProps } from './tables';

const PARTITION = 'job';
/** Slot rows share the jobs' partition, so a job and its slot are written in one transaction. */
const slotKey = (name: string) => `slot~${encodeKey(name)}`;

const jobSchema = z.object({
  id: z.string(),
  kind: z.enum(JOB_KINDS),
  args: z.string(),
  requestedBy: z.string(),
  conversation: z.string(),
  state: z.enum(JOB_STATES),
  createdAt: z.string(),
  leaseOwner: z.string().optional(),
  leaseUntil: z.string().optional(),
  attempts: z.number().int().min(0),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  result: z.string().optional(),
  card: z.string().optional(),
  reportedAt: z.string().optional(),
  slot: z.string().optional(),
});
const slotSchema = z.object({ jobId: z.string(), etag: z.string() });

const toEntity = (job: Job) => ({
  partitionKey: PARTITION,
  rowKey: encodeKey(job.id),
  ...toEntityProps(job),
  // Open until reported: the one property the runners' query filters on.
  open: !job.reportedAt,
});

const fromEntity = (e: { etag: string }): Versioned<Job> => ({ value: jobSchema.parse(e), etag: e.etag });

/**
 * Jobs: PartitionKey 'job', RowKey = job id; slot rows (RowKey 'slot~name') point at the job that last
 * took the slot. Every change is an ETag-conditional replace, so one instance at a time holds a job.
 */
export class JobTable implements JobRepository {
  constructor(private readonly table: TableClient) {}

  async create(job: Job, slot?: { name: string; etag?: string }): Promise<boolean> {
    try {
      await guarded(`Job ${job.id}`, async () => {
        if (!slot) return this.table.createEntity(toEntity(job));
        const pointer = { partitionKey: PARTITION, rowKey: slotKey(slot.name), jobId: job.id };
        return this.table.submitTransaction([
          ['create', toEntity(job)],
          slot.etag ? ['update', pointer, 'Replace', { etag: slot.etag }] : ['create', pointer],
        ]);
      });
      return true;
    } catch (e) {
      if (e instanceof ConcurrencyConflict) return false;
      throw e;
    }
  }

  async get(id: string): Promise<Versioned<Job> | undefined> {
    try {
      return fromEntity(await this.table.getEntity(PARTITION, encodeKey(id)));
    } catch (e) {
      if (isStatus(e, 404)) return undefined;
      throw e;
    }
  }

  async listOpen(): Promise<Versioned<Job>[]> {
    return (await listAll<object>(this.table, `PartitionKey eq '${PARTITION}' and open eq true`)).map(fromEntity);
  }

  async replace(job: Job, etag: string): Promise<string> {
    const r = await guarded(`Job ${job.id}`, () => this.table.updateEntity(toEntity(job), 'Replace', { etag }));
    return r.etag ?? '';
  }

  async slot(name: string): Promise<{ jobId: string; etag: string } | undefined> {
    try {
      return slotSchema.parse(await this.table.getEntity(PARTITION, slotKey(name)));
    } catch (e) {
      if (isStatus(e, 404)) return undefined;
      throw e;
    }
  }

  async sweep(before: string): Promise<number> {
    const old = await listAll<{ rowKey: string }>(
      this.table,
      `PartitionKey eq '${PARTITION}' and open eq false and createdAt lt '${before.replace(/'/g, "''")}'`,
    );
    let swept = 0;
    for (const e of old) {
      try {
        await this.table.deleteEntity(PARTITION, e.rowKey, { etag: e.etag });
        swept += 1;
      } catch (err) {
        if (!isStatus(err, 404, 412)) throw err;
      }
    }
    return swept;
  }
}
