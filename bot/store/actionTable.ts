import { type TableClient, TableTransaction } from '@azure/data-tables';
import type { Action, ActionKey, Rag, Status } from '../domain/types';
import type { ActionRepository, Versioned } from '../domain/ports';
import { encodeKey, guarded, isStatus, listAll, parseJson, pk, toEntityProps } from './tables';

/** Actions: PartitionKey = plan id, RowKey = reference. One partition per plan keeps a plan's register one query. */
interface ActionEntity {
  partitionKey: string;
  rowKey: string;
  ref: string;
  planName: string;
  theme: string;
  title: string;
  ownerEmail: string;
  dueDate: string;
  status: string;
  rag?: string;
  narrative?: string;
  percentComplete?: number;
  revisedDate?: string;
  lastReplyAt?: string;
  notMine?: string;
  importedProgress?: string;
  revision: number;
}

const toEntity = (a: Action) => {
  const { planId, ref, revisedDate, notMine, ...rest } = a;
  return { partitionKey: planId, rowKey: encodeKey(ref), ref, ...toEntityProps({ ...rest, revisedDate, notMine }) };
};

const fromEntity = (e: ActionEntity): Action => ({
  planId: e.partitionKey,
  ref: e.ref,
  planName: e.planName,
  theme: e.theme,
  title: e.title,
  ownerEmail: e.ownerEmail,
  dueDate: e.dueDate,
  status: e.status as Status,
  rag: e.rag as Rag | undefined,
  narrative: e.narrative,
  percentComplete: e.percentComplete,
  revisedDate: parseJson(e.revisedDate),
  lastReplyAt: e.lastReplyAt,
  notMine: parseJson(e.notMine),
  importedProgress: e.importedProgress,
  revision: e.revision ?? 0,
});

export class ActionTable implements ActionRepository {
  constructor(private readonly table: TableClient) {}

  async get(key: ActionKey): Promise<Versioned<Action> | undefined> {
    try {
      const e = await this.table.getEntity<ActionEntity>(key.planId, encodeKey(key.ref));
      return { value: fromEntity(e), etag: e.etag };
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
  }

  async listByPlan(planId: string): Promise<Versioned<Action>[]> {
    return (await listAll<ActionEntity>(this.table, pk(planId))).map((e) => ({ value: fromEntity(e), etag: e.etag }));
  }

  async listAll(): Promise<Action[]> {
    return (await listAll<ActionEntity>(this.table)).map(fromEntity);
  }

  async replace(action: Action, etag: string): Promise<string> {
    const r = await guarded(`Action ${action.ref}`, () =>
      this.table.updateEntity(toEntity(action), 'Replace', { etag }),
    );
    return r.etag ?? '';
  }

  async upsertMany(planId: string, actions: Action[]): Promise<void> {
    for (let i = 0; i < actions.length; i += 100) {
      const tx = new TableTransaction();
      for (const a of actions.slice(i, i + 100)) tx.upsertEntity(toEntity({ ...a, planId }), 'Replace');
      await this.table.submitTransaction(tx.actions);
    }
  }
}
