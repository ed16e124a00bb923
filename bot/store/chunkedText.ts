import { type TableClient, TableTransaction } from '@azure/data-tables';
import { encodeKey, isStatus, listAll } from './tables';

/**
 * Long text kept in rows of its own beside a header row: `{id}|{n}` rows, each one string property of at most
 * CHUNK characters (a string property holds at most 32K characters). Written before the header that names them,
 * so a header means the whole text is there; chunks whose header never arrived are harmless leftovers.
 */
const CHUNK = 30_000;
/** Chunk rows per transaction: well under the 4 MB a transaction may carry. */
const PER_TRANSACTION = 40;

export const chunkKey = (id: string, n: number) => `${encodeKey(id)}|${String(n).padStart(6, '0')}`;

const chunkRange = (partition: string, id: string) =>
  `PartitionKey eq '${partition}' and RowKey gt '${encodeKey(id)}|' and RowKey lt '${encodeKey(id)}|~'`;

/** Writes `text` in chunk rows under `id`; how many (at least one). */
export async function writeChunks(table: TableClient, partition: string, id: string, text: string): Promise<number> {
  const parts = Array.from({ length: Math.ceil(text.length / CHUNK) || 1 }, (_, i) =>
    text.slice(i * CHUNK, (i + 1) * CHUNK),
  );
  for (let i = 0; i < parts.length; i += PER_TRANSACTION) {
    const tx = new TableTransaction();
    for (const [j, part] of parts.slice(i, i + PER_TRANSACTION).entries())
      tx.upsertEntity({ partitionKey: partition, rowKey: chunkKey(id, i + j), text: part }, 'Replace');
    await table.submitTransaction(tx.actions);
  }
  return parts.length;
}

/** The text of `chunks` chunk rows found among `rows` (read with the header, or by readChunks). */
export const joinChunks = (rows: Map<string, string>, id: string, chunks: number): string =>
  Array.from({ length: chunks }, (_, n) => rows.get(chunkKey(id, n)) ?? '').join('');

/** The chunk rows of `id`, by row key. */
export async function readChunks(table: TableClient, partition: string, id: string): Promise<Map<string, string>> {
  const rows = await listAll<{ rowKey: string; text: string }>(table, chunkRange(partition, id));
  return new Map(rows.map((r) => [r.rowKey, r.text]));
}

/** Deletes the chunk rows of `id` (those already gone are fine). */
export async function deleteChunks(table: TableClient, partition: string, id: string): Promise<void> {
  const chunks = await listAll<{ rowKey: string }>(table, chunkRange(partition, id));
  for (const c of chunks)
    await table.deleteEntity(partition, c.rowKey).catch((e: unknown) => {
      if (!isStatus(e, 404)) throw e;
    });
}
