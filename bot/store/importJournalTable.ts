import { type TableClient, TableTransaction } from '@azure/data-tables';
import type { ImportJournalEntry, ImportJournalRepository } from '../domain/ports';
import { encodeKey, isStatus, listAll } from './tables';

/**
 * The imports journal, in the Settings table under PartitionKey `import-journal`: an entry's payload in
 * chunks (`{id}|{n}`, a string property holds at most 32K characters), then its header (`{id}`) last,
 * so a header means the whole payload is there. Chunks of an entry whose header never arrived are
 * harmless leftovers, removed when that id ends.
 */
const PARTITION = 'import-journal';
const CHUNK = 30_000;
/** Chunk rows per transaction: well under the 4 MB a transaction may carry. */
const PER_TRANSACTION = 40;

interface HeaderEntity {
  id: string;
  startedAt: string;
  chunks: number;
}

const chunkKey = (id: string, n: number) => `${encodeKey(id)}|${String(n).padStart(6, '0')}`;

const ignoreGone = (e: unknown): void => {
  if (!isStatus(e, 404)) throw e;
};

export class ImportJournalTable implements ImportJournalRepository {
  constructor(private readonly table: TableClient) {}

  async begin(entry: ImportJournalEntry): Promise<void> {
    const parts = Array.from({ length: Math.ceil(entry.payload.length / CHUNK) || 1 }, (_, i) =>
      entry.payload.slice(i * CHUNK, (i + 1) * CHUNK),
    );
    for (let i = 0; i < parts.length; i += PER_TRANSACTION) {
      const tx = new TableTransaction();
      for (const [j, text] of parts.slice(i, i + PER_TRANSACTION).entries())
        tx.upsertEntity({ partitionKey: PARTITION, rowKey: chunkKey(entry.id, i + j), text }, 'Replace');
      await this.table.submitTransaction(tx.actions);
    }
    const header: HeaderEntity = { id: entry.id, startedAt: entry.startedAt, chunks: parts.length };
    await this.table.upsertEntity({ partitionKey: PARTITION, rowKey: encodeKey(entry.id), ...header }, 'Replace');
  }

  async pending(): Promise<ImportJournalEntry[]> {
    const rows = await listAll<{ rowKey: string; id?: string; startedAt?: string; chunks?: number; text?: string }>(
      this.table,
      `PartitionKey eq '${PARTITION}'`,
    );
    const text = new Map(rows.filter((r) => r.text !== undefined).map((r) => [r.rowKey, r.text as string]));
    return rows
      .filter((r): r is typeof r & HeaderEntity => r.chunks !== undefined && r.id !== undefined)
      .map((h) => ({
        id: h.id,
        startedAt: h.startedAt,
        payload: Array.from({ length: h.chunks }, (_, n) => text.get(chunkKey(h.id, n)) ?? '').join(''),
      }))
      .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  async end(id: string): Promise<void> {
    // The header goes first: from then on the entry is ended, whatever happens to its chunks.
    await this.table.deleteEntity(PARTITION, encodeKey(id)).catch(ignoreGone);
    const chunks = await listAll<{ rowKey: string }>(
      this.table,
      `PartitionKey eq '${PARTITION}' and RowKey gt '${encodeKey(id)}|' and RowKey lt '${encodeKey(id)}|~'`,
    );
    for (const c of chunks) await this.table.deleteEntity(PARTITION, c.rowKey).catch(ignoreGone);
  }
}
