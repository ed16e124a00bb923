import { type TableClient, TableTransaction } from '@azure/data-tables';
import { inParallel } from '../inParallel';
import type { Owner, Reachability } from '../domain/types';
import type { OwnerPatch, OwnerRepository, ReachabilityAt, Versioned } from '../domain/ports';
import { encodeKey, isStatus, listAll, parseJson, toEntityProps } from './tables';
import { addMissingPointers, ownersNaming, pointAt, standInsOf, stopPointing } from './standInIndex';

/**
 * Owners: PartitionKey 'owner', RowKey = lower-case email (the plan knows people by email).
 * A second row per person, PartitionKey 'aad', RowKey = Entra object id, points back to the
 * email (and the name, so a click knows who it is from one row), because a card submit from Teams
 * names the person only by object id. Who names whom as delegate or cover is pointed to from
 * PartitionKey 'standsIn' (bot/store/standInIndex.ts). Each change of
 * reachability is kept, insert-only, in PartitionKey 'reach', RowKey = email|instant, so a past
 * week's digest says who could not be reached then, not now. PartitionKey 'schema' holds one row once
 * the rows of an older version have been brought up to date.
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
const REACH = 'reach';
/** One row saying the rows of an older version were brought up to date (`upgradeRows`). */
const SCHEMA = 'schema';
const ROWS_VERSION = 'rows-v2';

/** The row that maps a Teams user (Entra object id) back to the person: their email, and their name ('' for none). */
export const aadLinkRow = (aadObjectId: string, email: string, name: string | undefined) => ({
  partitionKey: AAD,
  rowKey: encodeKey(aadObjectId),
  email,
  name: name ?? '',
});

const fromEntity = (e: OwnerEntity): Owner => ({
  email: e.email,
  name: e.name,
  planName: e.planName,
  aadObjectId: e.aadObjectId,
  teamsUserId: e.teamsUserId,
  tenantId: e.tenantId,
  serviceUrl: e.serviceUrl,
  conversation: e.conversation,
  chatId: e.chatId,
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

  async identify(aadObjectId: string): Promise<Pick<Owner, 'email' | 'name'> | undefined> {
    let link: { email: string; name?: string };
    try {
      link = await this.table.getEntity<{ email: string; name?: string }>(AAD, encodeKey(aadObjectId));
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
    // A link written before it carried the name (or for someone with no name: '') is read with the owner row.
    if (link.name === undefined) {
      const owner = (await this.get(link.email))?.value;
      return owner && { email: owner.email, name: owner.name };
    }
    return { email: link.email, name: link.name || undefined };
  }

  async namingAsDelegateOrCover(email: string): Promise<Owner[]> {
    const named = await ownersNaming(this.table, email);
    const rows = await Promise.all(named.map((e) => this.get(e)));
    return rows.flatMap((r) => (r ? [r.value] : []));
  }

  async upgradeRows(): Promise<number> {
    // Done once per table: later opens read one row, not every owner (a bot start, a CLI run, a digest child).
    try {
      await this.table.getEntity(SCHEMA, ROWS_VERSION);
      return 0;
    } catch (err) {
      if (!isStatus(err, 404)) throw err;
    }
    const upgraded = await this.upgradeEveryRow();
    await this.table.upsertEntity(
      { partitionKey: SCHEMA, rowKey: ROWS_VERSION, at: new Date().toISOString() },
      'Replace',
    );
    return upgraded;
  }

  private async upgradeEveryRow(): Promise<number> {
    const [owners, links] = await Promise.all([
      this.list(),
      listAll<{ rowKey: string; email: string; name?: string }>(this.table, `PartitionKey eq '${AAD}'`),
    ]);
    // Links written before they carried the name get it (a click then reads one row, not two).
    const byEmail = new Map(owners.map((o) => [o.email, o]));
    let upgraded = 0;
    for (const l of links) {
      const o = byEmail.get(l.email);
      if (l.name === undefined && o?.aadObjectId) {
        await this.table.upsertEntity(aadLinkRow(o.aadObjectId, o.email, o.name), 'Replace');
        upgraded++;
      }
    }
    return upgraded + (await addMissingPointers(this.table, owners));
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
      updatedAt: owner.updatedAt ?? new Date().toISOString(),
    };
    // A reason belongs to an unreachable owner only: reached again, the old refusal is gone.
    if (merged.reachability !== 'unreachable') merged.unreachableReason = undefined;
    // The change is kept before the owner row moves on, so the row never says more than the history.
    if (
      merged.reachability !== (current?.reachability ?? 'unknown') ||
      (merged.unreachableReason ?? undefined) !== current?.unreachableReason
    ) {
      await this.table.upsertEntity(
        {
          partitionKey: REACH,
          rowKey: `${encodeKey(email)}|${merged.updatedAt}`,
          email,
          at: merged.updatedAt as string,
          ...toEntityProps({ reachability: merged.reachability, reason: merged.unreachableReason ?? undefined }),
        },
        'Replace',
      );
    }
    // The index row is written before the owner row, so an owner row naming an id always has its index
    // (and the name it carries is never older than the row's).
    if (merged.aadObjectId && (merged.aadObjectId !== current?.aadObjectId || merged.name !== current?.name)) {
      await this.table.upsertEntity(aadLinkRow(merged.aadObjectId, email, merged.name ?? undefined), 'Replace');
    }
    // A colleague newly named delegate or cover is pointed at this owner before the row names them;
    // one no longer named stops being pointed at after the row has changed (standInIndex.ts).
    const before = standInsOf(current);
    const after = standInsOf(merged);
    await pointAt(
      this.table,
      [...after].filter((e) => !before.has(e)),
      email,
    );
    // Replace, not Merge: the row is the whole merged owner, so a cleared field is really cleared.
    await this.table.upsertEntity(
      { partitionKey: OWNER, rowKey: encodeKey(email), ...toEntityProps(merged) },
      'Replace',
    );
    await stopPointing(
      this.table,
      [...before].filter((e) => !after.has(e)),
      email,
    );
    return fromEntity({ ...merged, partitionKey: OWNER, rowKey: email, ...toEntityProps(merged) } as OwnerEntity);
  }

  async namePlanOwners(names: readonly { email: string; name: string }[], at: string): Promise<number> {
    const byEmail = new Map(names.map((n) => [n.email.toLowerCase(), n.name]));
    const stored = new Map((await this.list()).map((o) => [o.email, o.planName]));
    const changed = [...byEmail].filter(([email, name]) => stored.get(email) !== name);
    const batches = Array.from({ length: Math.ceil(changed.length / 100) }, (_, i) =>
      changed.slice(i * 100, (i + 1) * 100),
    );
    // Merge: the name (and when it changed) is all that moves; reachability, chats and delegations stay.
    await inParallel(batches, 4, async (batch) => {
      const tx = new TableTransaction();
      for (const [email, planName] of batch)
        tx.upsertEntity({ partitionKey: OWNER, rowKey: encodeKey(email), email, planName, updatedAt: at }, 'Merge');
      await this.table.submitTransaction(tx.actions);
    });
    return changed.length;
  }

  async list(): Promise<Owner[]> {
    return (await listAll<OwnerEntity>(this.table, `PartitionKey eq '${OWNER}'`)).map(fromEntity);
  }

  async reachabilityAt(asOf: string): Promise<Map<string, ReachabilityAt>> {
    const changes = await listAll<{ email: string; at: string; reachability: string; reason?: string }>(
      this.table,
      `PartitionKey eq '${REACH}' and at le '${asOf.replace(/'/g, "''")}'`,
    );
    const out = new Map<string, ReachabilityAt & { at: string }>();
    for (const c of changes) {
      const known = out.get(c.email);
      if (!known || known.at <= c.at)
        out.set(c.email, { at: c.at, reachability: c.reachability as Reachability, reason: c.reason });
    }
    // An owner whose row has not changed since `asOf` stood then as it stands now (rows kept before this history).
    for (const o of await this.list())
      if (!out.has(o.email) && o.updatedAt && o.updatedAt <= asOf)
        out.set(o.email, { at: o.updatedAt, reachability: o.reachability, reason: o.unreachableReason });
    return new Map([...out].map(([email, { reachability, reason }]) => [email, { reachability, reason }]));
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
