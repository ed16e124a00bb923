import type { TableClient } from '@azure/data-tables';
import type { Owner } from '../domain/types';
import { encodeKey, isStatus, listAll, parseJson } from './tables';

/**
 * "Who has named this person delegate or cover": in the Owners table, PartitionKey 'standsIn', RowKey =
 * the colleague's email, `owners` = the emails (JSON) of the owners whose row names them. A click reads
 * this one row (a point read, usually a 404) instead of every owner. The row is a pointer, never the
 * authority: whoever reads it reads the owners it lists and judges their own rows (bot/domain/away.ts).
 * So it may list too many (a crash between the two writes of a change, a revoked delegate), never too
 * few: a colleague is added here before the owner's row names them, and removed after it stops.
 */
export const STANDS_IN = 'standsIn';

interface StandInEntity {
  partitionKey: string;
  rowKey: string;
  owners: string;
}

/** How many times a pointer row is read and written again when another write moved it on meanwhile. */
const ATTEMPTS = 8;

/** The colleagues an owner's row names as delegate or cover (whether or not the owner is away today). */
export const standInsOf = (
  o: { email?: string; delegate?: { email: string } | null; away?: { cover?: string } | null } | undefined,
): Set<string> =>
  new Set(
    [o?.delegate?.email, o?.away?.cover]
      .filter((e): e is string => Boolean(e))
      .map(lower)
      .filter((e) => e !== o?.email?.toLowerCase()),
  );

const lower = (e: string) => e.toLowerCase();

async function read(table: TableClient, standIn: string): Promise<{ owners: string[]; etag?: string }> {
  try {
    const e = await table.getEntity<StandInEntity>(STANDS_IN, encodeKey(lower(standIn)));
    return { owners: parseJson<string[]>(e.owners) ?? [], etag: e.etag };
  } catch (err) {
    if (isStatus(err, 404)) return { owners: [] };
    throw err;
  }
}

/** The emails of the owners whose rows may name `standIn` as delegate or cover (their rows decide). */
export async function ownersNaming(table: TableClient, standIn: string): Promise<string[]> {
  return (await read(table, standIn)).owners;
}

/** Changes one colleague's pointer row, under its ETag, read again after a conflict; removed when empty. */
async function change(table: TableClient, standIn: string, edit: (owners: Set<string>) => void): Promise<void> {
  const rowKey = encodeKey(lower(standIn));
  for (let attempt = 1; ; attempt++) {
    const now = await read(table, standIn);
    const next = new Set(now.owners);
    edit(next);
    if (next.size === now.owners.length && now.owners.every((o) => next.has(o))) return;
    const entity = { partitionKey: STANDS_IN, rowKey, owners: JSON.stringify([...next].sort()) };
    try {
      if (!now.etag) await table.createEntity(entity);
      else if (next.size === 0) await table.deleteEntity(STANDS_IN, rowKey, { etag: now.etag });
      else await table.updateEntity(entity, 'Replace', { etag: now.etag });
      return;
    } catch (e) {
      if (!isStatus(e, 409, 412, 404) || attempt >= ATTEMPTS) throw e;
    }
  }
}

/** Points each of `standIns` at `owner` (before the owner's row names them). */
export async function pointAt(table: TableClient, standIns: Iterable<string>, owner: string): Promise<void> {
  for (const s of standIns) await change(table, s, (owners) => owners.add(lower(owner)));
}

/** Stops each of `standIns` pointing at `owner` (after the owner's row no longer names them). */
export async function stopPointing(table: TableClient, standIns: Iterable<string>, owner: string): Promise<void> {
  for (const s of standIns) await change(table, s, (owners) => owners.delete(lower(owner)));
}

/**
 * Adds any pointer missing for what the owners' rows say (rows written before the pointers existed, or by
 * an older version of the bot): safe to run at every start, and by several instances at once.
 */
export async function addMissingPointers(table: TableClient, owners: readonly Owner[]): Promise<number> {
  const rows = await listAll<StandInEntity>(table, `PartitionKey eq '${STANDS_IN}'`);
  const have = new Map(rows.map((r) => [r.rowKey, new Set(parseJson<string[]>(r.owners) ?? [])]));
  let added = 0;
  for (const o of owners)
    for (const s of standInsOf(o))
      if (!have.get(encodeKey(s))?.has(lower(o.email))) {
        await pointAt(table, [s], o.email);
        added++;
      }
  return added;
}

/** Erasing a person: their own pointer row goes, and they are no longer pointed to from those their row named. */
export async function forgetPointers(table: TableClient, owner: Parameters<typeof standInsOf>[0] & { email: string }) {
  await stopPointing(table, standInsOf(owner), owner.email);
  try {
    await table.deleteEntity(STANDS_IN, encodeKey(lower(owner.email)));
    return 1;
  } catch (e) {
    if (isStatus(e, 404)) return 0;
    throw e;
  }
}
