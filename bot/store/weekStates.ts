import { type TableClient, TableTransaction } from '@azure/data-tables';
import type { Action } from '../domain/types';
import { joinChunks, writeChunks } from './chunkedText';
import { encodeKey, listAll, pk } from './tables';

/**
 * The Weeks table: every action's state at the end of a closed week, one plan a partition, the week's
 * states as JSON in chunk rows (`{week}|{n}`) written before the header row (`{week}`, with how many)
 * that says they are all there. Closed weeks never change, so this is written once and read whole: a
 * past week's digest reads a plan's week in one key-range read of a small table, whatever the history.
 */
export class WeekStates {
  constructor(private readonly table: TableClient) {}

  async put(planId: string, week: string, states: readonly Action[]): Promise<void> {
    const text = JSON.stringify(states.map((a) => ({ ...a, planId: undefined })));
    const chunks = await writeChunks(this.table, planId, week, text);
    await this.table.upsertEntity({ partitionKey: planId, rowKey: encodeKey(week), chunks }, 'Replace');
  }

  async get(planId: string, week: string): Promise<Action[] | undefined> {
    // The header and its chunks in one key-range read: `{week}` sorts just before `{week}|000000`.
    const key = encodeKey(week);
    const rows = await listAll<{ rowKey: string; chunks?: number; text?: string }>(
      this.table,
      `${pk(planId)} and RowKey ge '${key}' and RowKey lt '${key}|~'`,
    );
    const header = rows.find((r) => r.rowKey === key);
    if (header?.chunks === undefined) return undefined;
    const text = joinChunks(new Map(rows.map((r) => [r.rowKey, r.text ?? ''])), week, header.chunks);
    return (JSON.parse(text) as Action[]).map((a) => ({ ...a, planId }));
  }

  /** Forgets the plan's kept weeks (they are rebuilt from history when asked for); how many rows went. */
  async forget(planId: string): Promise<number> {
    const rows = await listAll<{ rowKey: string }>(this.table, pk(planId));
    for (let i = 0; i < rows.length; i += 100) {
      const tx = new TableTransaction();
      for (const r of rows.slice(i, i + 100)) tx.deleteEntity(planId, r.rowKey);
      await this.table.submitTransaction(tx.actions);
    }
    return rows.length;
  }
}
