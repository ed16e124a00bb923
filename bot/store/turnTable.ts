import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { ConcurrencyConflict, type TurnRepository, type Versioned } from '../domain/ports';
import type { TurnRecord } from '../domain/turns';
import { encodeKey, guarded, isStatus, listAll } from './tables';

/** A string property holds at most 64 KiB (32 K UTF-16 units): a long answer is kept in parts. */
const PART = 30_000;
/** Answers longer than this are not kept (the redelivery gets a neutral card instead). */
const MAX_PARTS = 12;

const entitySchema = z
  .object({
    conversationId: z.string(),
    activityId: z.string(),
    state: z.enum(['running', 'done']),
    claimedAt: z.string(),
    leaseUntil: z.string(),
    expiresAt: z.string(),
    resultParts: z.number().int().min(0).max(MAX_PARTS).optional(),
    etag: z.string(),
  })
  .passthrough();

const keys = (t: Pick<TurnRecord, 'conversationId' | 'activityId'>) => ({
  partitionKey: encodeKey(t.conversationId),
  rowKey: encodeKey(t.activityId),
});

function toEntity(t: TurnRecord) {
  const parts: Record<string, string> = {};
  const n = t.result ? Math.ceil(t.result.length / PART) : 0;
  if (t.result && n <= MAX_PARTS)
    for (let i = 0; i < n; i++) parts[`result${i}`] = t.result.slice(i * PART, (i + 1) * PART);
  const kept = t.result !== undefined && n <= MAX_PARTS;
  return {
    ...keys(t),
    conversationId: t.conversationId,
    activityId: t.activityId,
    state: t.state,
    claimedAt: t.claimedAt,
    leaseUntil: t.leaseUntil,
    expiresAt: t.expiresAt,
    ...(kept ? { resultParts: n, ...parts } : {}),
  };
}

function fromEntity(raw: unknown): Versioned<TurnRecord> {
  const e = entitySchema.parse(raw);
  const record = e as Record<string, unknown>;
  const result =
    e.resultParts === undefined
      ? undefined
      : Array.from({ length: e.resultParts }, (_, i) => String(record[`result${i}`] ?? '')).join('');
  return {
    value: {
      conversationId: e.conversationId,
      activityId: e.activityId,
      state: e.state,
      claimedAt: e.claimedAt,
      leaseUntil: e.leaseUntil,
      expiresAt: e.expiresAt,
      result,
    },
    etag: e.etag,
  };
}

/**
 * Turns: PartitionKey = conversation id, RowKey = activity id. Inserting the row is the claim (a second
 * insert fails with 409 in any instance); the row then records the answer, and expires.
 */
export class TurnTable implements TurnRepository {
  constructor(private readonly table: TableClient) {}

  async claim(
    turn: TurnRecord,
  ): Promise<{ claimed: true; etag: string } | { claimed: false; found: Versioned<TurnRecord> }> {
    for (;;) {
      try {
        const r = await guarded(`Turn ${turn.activityId}`, () => this.table.createEntity(toEntity(turn)));
        return { claimed: true, etag: r.etag ?? '' };
      } catch (e) {
        if (!(e instanceof ConcurrencyConflict)) throw e;
      }
      try {
        const { partitionKey, rowKey } = keys(turn);
        return { claimed: false, found: fromEntity(await this.table.getEntity(partitionKey, rowKey)) };
      } catch (e) {
        if (!isStatus(e, 404)) throw e; // swept or released between the two calls: claim again
      }
    }
  }

  async replace(turn: TurnRecord, etag: string): Promise<string> {
    const r = await guarded(`Turn ${turn.activityId}`, () =>
      this.table.updateEntity(toEntity(turn), 'Replace', { etag }),
    );
    return r.etag ?? '';
  }

  async release(turn: TurnRecord, etag: string): Promise<void> {
    const { partitionKey, rowKey } = keys(turn);
    try {
      await this.table.deleteEntity(partitionKey, rowKey, { etag });
    } catch (e) {
      if (!isStatus(e, 404, 412)) throw e;
    }
  }

  async sweep(now: string): Promise<number> {
    const expired = await listAll<{ partitionKey: string; rowKey: string }>(
      this.table,
      `expiresAt le '${now.replace(/'/g, "''")}'`,
    );
    let swept = 0;
    for (const e of expired) {
      try {
        await this.table.deleteEntity(e.partitionKey, e.rowKey, { etag: e.etag });
        swept += 1;
      } catch (err) {
        if (!isStatus(err, 404, 412)) throw err;
      }
    }
    return swept;
  }
}
