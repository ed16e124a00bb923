import { type TableClient, TableTransaction } from '@azure/data-tables';
import { inParallel } from '../inParallel';
import { isStatus, listAll } from './tables';

/** Operations per entity group transaction (Azure's limit). */
const BATCH = 100;
/** Attempts at one row's move when it changes under it (an erasure rewriting it). */
const ATTEMPTS = 5;
/** Rows deleted from the Ledger at once, each its own request. */
const DELETES_IN_FLIGHT = 8;

type Row = Record<string, unknown> & { partitionKey: string; rowKey: string; etag: string };

const withoutMeta = (r: Row) => {
  const { etag: _e, timestamp: _t, ...entity } = r as Row & { timestamp?: unknown };
  return entity;
};

/**
 * A plan's history in two tables: the Ledger holds the rows of the weeks not yet folded into a
 * snapshot (every commit writes there, in its one transaction), the History table the rows of closed
 * weeks already folded, moved there so that the Ledger, which every answer and digest reads, stays the
 * size of the board rather than of its past. Same keys in both; a read of history reads both as one.
 *
 * A move copies the rows first and then deletes each from the Ledger under the ETag it was copied
 * with (a row changed meanwhile is copied again); a reader reads the Ledger before the History table. So a row being moved is always seen (in the
 * Ledger, or copied before it left it), and a row changed meanwhile (only an erasure rewrites history)
 * is copied again before it leaves: the History table never keeps a version the Ledger no longer has.
 */
export class HistoryArchive {
  constructor(
    private readonly ledger: TableClient,
    private readonly history: TableClient,
  ) {}

  /** Every row of one key range of history, from both tables, in key order (a row in both counts once). */
  async range<E extends object>(filter: string): Promise<(E & { rowKey: string })[]> {
    const hot = await listAll<E & { rowKey: string }>(this.ledger, filter);
    const cold = await listAll<E & { rowKey: string }>(this.history, filter);
    if (cold.length === 0) return hot;
    if (hot.length === 0) return cold;
    const byKey = new Map(cold.map((r) => [r.rowKey, r]));
    for (const r of hot) byKey.set(r.rowKey, r);
    return [...byKey.keys()].sort().map((k) => byKey.get(k) as E & { rowKey: string });
  }

  /** One row of history, wherever it is. */
  async get<E extends object>(planId: string, rowKey: string): Promise<E | undefined> {
    for (const table of [this.ledger, this.history]) {
      try {
        return await table.getEntity<E>(planId, rowKey);
      } catch (e) {
        if (!isStatus(e, 404)) throw e;
      }
    }
    return undefined;
  }

  /** Moves the Ledger rows that `select` reads (a plan's folded history) to the History table; how many moved. */
  async move(planId: string, select: () => Promise<Row[]>): Promise<number> {
    const rows = await select();
    for (let i = 0; i < rows.length; i += BATCH) {
      const tx = new TableTransaction();
      for (const r of rows.slice(i, i + BATCH)) tx.upsertEntity(withoutMeta(r), 'Replace');
      await this.history.submitTransaction(tx.actions);
    }
    // A transaction's delete takes no ETag: each row leaves on its own, under the ETag it was copied with.
    await inParallel(rows, DELETES_IN_FLIGHT, (r) => this.leave(planId, r));
    return rows.length;
  }

  /** Deletes a copied row from the Ledger if it is still as copied; if it changed, copies it again first. */
  private async leave(planId: string, copied: Row): Promise<void> {
    let row = copied;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.ledger.deleteEntity(planId, row.rowKey, { etag: row.etag });
        return;
      } catch (e) {
        if (isStatus(e, 404)) return; // moved already (by another instance)
        if (!isStatus(e, 412) || attempt >= ATTEMPTS) throw e;
      }
      const now = await this.ledger.getEntity<Row>(planId, row.rowKey).catch((e: unknown) => {
        if (isStatus(e, 404)) return undefined;
        throw e;
      });
      if (!now) return;
      row = now as Row;
      await this.history.upsertEntity(withoutMeta(row), 'Replace');
    }
  }
}
