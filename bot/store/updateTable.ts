import { type TableClient, TableTransaction } from '@azure/data-tables';
import type { ActionKey, ActionUpdate } from '../domain/types';
import type { UpdateRepository } from '../domain/ports';
import { encodeKey, listAll, pk, toEntityProps } from './tables';

/**
 * Updates, append-only: PartitionKey = plan id, RowKey = `${at}|${ref}|${id}`.
 * RowKeys sort by time, so "everything known at the end of week W" is one range query
 * (RowKey < end-of-week) and any past digest can be rebuilt. Rows are only ever inserted.
 */
type UpdateEntity = Omit<ActionUpdate, 'planId'> & { partitionKey: string; rowKey: string };

const rowKey = (u: ActionUpdate): string => `${u.at}|${encodeKey(u.ref)}|${u.id}`;
const toEntity = ({ planId, ...rest }: ActionUpdate) => ({
  partitionKey: planId,
  rowKey: rowKey({ planId, ...rest }),
  ...toEntityProps(rest),
});
const fromEntity = ({
  partitionKey,
  rowKey: _rk,
  ...rest
}: UpdateEntity & { etag?: string; timestamp?: string }): ActionUpdate => {
  const { etag: _e, timestamp: _t, ...fields } = rest;
  return { planId: partitionKey, ...fields };
};

export class UpdateTable implements UpdateRepository {
  constructor(private readonly table: TableClient) {}

  async append(update: ActionUpdate): Promise<void> {
    await this.table.createEntity(toEntity(update));
  }

  async appendMany(planId: string, updates: ActionUpdate[]): Promise<void> {
    for (let i = 0; i < updates.length; i += 100) {
      const tx = new TableTransaction();
      for (const u of updates.slice(i, i + 100)) tx.createEntity(toEntity({ ...u, planId }));
      await this.table.submitTransaction(tx.actions);
    }
  }

  async listForAction(key: ActionKey): Promise<ActionUpdate[]> {
    const filter = `${pk(key.planId)} and ref eq '${key.ref.replace(/'/g, "''")}'`;
    return (await listAll<UpdateEntity>(this.table, filter)).map(fromEntity);
  }

  async listForPlan(planId: string, until?: string): Promise<ActionUpdate[]> {
    const filter = until ? `${pk(planId)} and RowKey lt '${until}~'` : pk(planId);
    return (await listAll<UpdateEntity>(this.table, filter)).map(fromEntity);
  }
}
