import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { ConcurrencyConflict, type UploadRepository, type Versioned } from '../domain/ports';
import type { PlanUploadRecord } from '../domain/planUploads';
import { deleteChunks, joinChunks, readChunks, writeChunks } from './chunkedText';
import { encodeKey, guarded, isStatus, listAll, toEntityProps } from './tables';

/**
 * Plan files sent in the 1:1 chat, in the Settings table under PartitionKey `upload`: the file's rows as JSON in
 * chunk rows (`{id}|{n}`, bot/store/chunkedText.ts), then the upload's own row (`{id}`) last, whose state changes
 * are ETag-conditional (one click applies it). The chunks go once it is applied or cancelled; the row stays until
 * swept, so a second click is answered with what the first did.
 */
const PARTITION = 'upload';

const uploadSchema = z.object({
  id: z.string(),
  name: z.string(),
  byEmail: z.string(),
  createdAt: z.string(),
  basis: z.string(),
  state: z.enum(['previewed', 'applying', 'applied', 'cancelled']),
  changedAt: z.string().optional(),
  changedBy: z.string().optional(),
  result: z.string().optional(),
  chunks: z.number().int().min(0),
});

const toEntity = (u: PlanUploadRecord, chunks: number) => ({
  partitionKey: PARTITION,
  rowKey: encodeKey(u.id),
  ...toEntityProps(u),
  chunks,
});

export class UploadTable implements UploadRepository {
  constructor(private readonly table: TableClient) {}

  async create(upload: PlanUploadRecord, payload: string): Promise<boolean> {
    if (await this.get(upload.id)) return false;
    const chunks = await writeChunks(this.table, PARTITION, upload.id, payload);
    try {
      await guarded(`Upload ${upload.id}`, () => this.table.createEntity(toEntity(upload, chunks)));
      return true;
    } catch (e) {
      if (e instanceof ConcurrencyConflict) return false;
      throw e;
    }
  }

  private async read(id: string) {
    try {
      const e = await this.table.getEntity(PARTITION, encodeKey(id));
      return { row: uploadSchema.parse(e), etag: e.etag };
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
  }

  async get(id: string): Promise<Versioned<PlanUploadRecord> | undefined> {
    const r = await this.read(id);
    if (!r) return undefined;
    const { chunks: _chunks, ...value } = r.row;
    return { value, etag: r.etag };
  }

  async payload(id: string): Promise<string | undefined> {
    const r = await this.read(id);
    if (!r || r.row.chunks === 0) return undefined;
    return joinChunks(await readChunks(this.table, PARTITION, id), id, r.row.chunks);
  }

  async replace(upload: PlanUploadRecord, etag: string): Promise<string> {
    // Merged, so the row keeps its count of chunks; a state change only ever adds fields.
    const { chunks: _chunks, ...row } = toEntity(upload, 0);
    const r = await guarded(`Upload ${upload.id}`, () => this.table.updateEntity(row, 'Merge', { etag }));
    return r.etag ?? '';
  }

  async dropPayload(id: string): Promise<void> {
    // The row first says there is no payload, then the chunks go.
    await this.table.updateEntity({ partitionKey: PARTITION, rowKey: encodeKey(id), chunks: 0 }, 'Merge');
    await deleteChunks(this.table, PARTITION, id);
  }

  async sweep(before: string): Promise<number> {
    const old = await listAll<{ rowKey: string; id: string }>(
      this.table,
      `PartitionKey eq '${PARTITION}' and createdAt lt '${before.replace(/'/g, "''")}'`,
    );
    for (const u of old) {
      await deleteChunks(this.table, PARTITION, u.id);
      await this.table.deleteEntity(PARTITION, u.rowKey).catch((e: unknown) => {
        if (!isStatus(e, 404)) throw e;
      });
    }
    return old.length;
  }
}
