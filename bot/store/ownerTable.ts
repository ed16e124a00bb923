import type { TableClient } from '@azure/data-tables';
import type { Owner, Reachability } from '../domain/types';
import type { OwnerRepository, Versioned } from '../domain/ports';
import { encodeKey, isStatus, listAll, toEntityProps } from './tables';

/**
 * Owners: PartitionKey 'owner', RowKey = lower-case email (the plan knows people by email).
 * A second row per person, PartitionKey 'aad', RowKey = Entra object id, points back to the
 * email, because a card submit from Teams names the person only by object id.
 */
type OwnerEntity = Omit<Owner, 'email'> & { partitionKey: string; rowKey: string; email: string };

const OWNER = 'owner';
const AAD = 'aad';

const fromEntity = (e: OwnerEntity): Owner => ({
  email: e.email,
  name: e.name,
  aadObjectId: e.aadObjectId,
  teamsUserId: e.teamsUserId,
  tenantId: e.tenantId,
  serviceUrl: e.serviceUrl,
  conversation: e.conversation,
  chatId: e.chatId,
  reachability: (e.reachability ?? 'unknown') as Reachability,
  unreachableReason: e.unreachableReason,
  welcomedAt: e.welcomedAt,
  updatedAt: e.updatedAt,
});

export class OwnerTable implements OwnerRepository {
  constructor(private readonly table: TableClient) {}

  async get(email: string): Promise<Versioned<Owner> | undefined> {
    try {
      const e = await this.table.getEntity<OwnerEntity>(OWNER, encodeKey(email.toLowerCase()));
      return { value: fromEntity(e), etag: e.etag };
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
  }

  async getByAadObjectId(aadObjectId: string): Promise<Owner | undefined> {
    try {
      const link = await this.table.getEntity<{ email: string }>(AAD, encodeKey(aadObjectId));
      return (await this.get(link.email))?.value;
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
  }

  async save(owner: Partial<Owner> & { email: string }): Promise<Owner> {
    const email = owner.email.toLowerCase();
    const current = (await this.get(email))?.value;
    const merged: Owner = {
      reachability: 'unknown',
      ...current,
      ...stripUndefined(owner),
      email,
      updatedAt: new Date().toISOString(),
    };
    // A reason belongs to an unreachable owner only: reached again, the old refusal is gone.
    if (merged.reachability !== 'unreachable') merged.unreachableReason = undefined;
    // The index row is written before the owner row, so an owner row naming an id always has its index.
    if (merged.aadObjectId && merged.aadObjectId !== current?.aadObjectId) {
      await this.table.upsertEntity({ partitionKey: AAD, rowKey: encodeKey(merged.aadObjectId), email }, 'Replace');
    }
    // Replace, not Merge: the row is the whole merged owner, so a cleared field is really cleared.
    await this.table.upsertEntity(
      { partitionKey: OWNER, rowKey: encodeKey(email), ...toEntityProps(merged) },
      'Replace',
    );
    return merged;
  }

  async list(): Promise<Owner[]> {
    return (await listAll<OwnerEntity>(this.table, `PartitionKey eq '${OWNER}'`)).map(fromEntity);
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
