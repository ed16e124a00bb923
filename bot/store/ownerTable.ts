import type { TableClient } from '@azure/data-tables';
import type { Owner, Reachability } from '../domain/types';
import type { OwnerPatch, OwnerRepository, Versioned } from '../domain/ports';
import { encodeKey, isStatus, listAll, parseJson, toEntityProps } from './tables';

/**
 * Owners: PartitionKey 'owner', RowKey = lower-case email (the plan knows people by email).
 * A second row per person, PartitionKey 'aad', RowKey = Entra object id, points back to the
 * email, because a card submit from Teams names the person only by object id.
 */
type OwnerEntity = Omit<Owner, 'email' | 'away' | 'delegate'> & {
  partitionKey: string;
  rowKey: string;
  email: string;
  away?: string;
  delegate?: string;
};

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
  reachability: (e.reachability ?? 'unknown') as Reachability,
  unreachableReason: e.unreachableReason,
  welcomedAt: e.welcomedAt,
  away: parseJson(e.away),
  delegate: parseJson(e.delegate),
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

  async save(owner: OwnerPatch): Promise<Owner> {
    const email = owner.email.toLowerCase();
    const current = (await this.get(email))?.value;
    const merged = {
      reachability: 'unknown' as const,
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
    return fromEntity({ ...merged, partitionKey: OWNER, rowKey: email, ...toEntityProps(merged) } as OwnerEntity);
  }

  async list(): Promise<Owner[]> {
    return (await listAll<OwnerEntity>(this.table, `PartitionKey eq '${OWNER}'`)).map(fromEntity);
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
