import type { TableClient } from '@azure/data-tables';
import type { ImportJournalEntry, ImportJournalRepository } from '../domain/ports';
import { deleteChunks, joinChunks, writeChunks } from './chunkedText';
import { encodeKey, isStatus, listAll } from './tables';

/**
 * The imports journal, in the Settings table under PartitionKey `import-journal`: an entry's payload in
 * chunks (bot/store/chunkedText.ts), then its header (`{id}`) last, so a header means the whole payload
 * is there. Chunks of an entry whose header never arrived are harmless leftovers, removed when that id ends.
 */
const PARTITION = 'import-journal';

interface HeaderEntity {
  id: string;
  startedAt: string;
  chunks: number;
}

export class ImportJournalTable implements ImportJournalRepository {
  constructor(private readonly table: TableClient) {}

  async begin(entry: ImportJournalEntry): Promise<void> {
    const chunks = await writeChunks(this.table, PARTITION, entry.id, entry.payload);
    const header: HeaderEntity = { id: entry.id, startedAt: entry.startedAt, chunks };
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
      .map((h) => ({ id: h.id, startedAt: h.startedAt, payload: joinChunks(text, h.id, h.chunks) }))
      .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  async end(id: string): Promise<void> {
    // The header goes first: from then on the entry is ended, whatever happens to its chunks.
    await this.table.deleteEntity(PARTITION, encodeKey(id)).catch((e: unknown) => {
      if (!isStatus(e, 404)) throw e;
    });
    await deleteChunks(this.table, PARTITION, id);
  }
}
