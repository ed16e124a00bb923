import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SettingsRepository } from '../domain/ports';

/** One change to who runs or reads the board: the board channel set or moved, a secretariat member added or removed. */
export interface BoardChange {
  at: string;
  /** Who made it: Entra object id, and name as Teams gave it. */
  by: string;
  byName?: string;
  what: string;
}

const PREFIX = 'boardLog:';
const schema = z.object({ at: z.string(), by: z.string(), byName: z.string().optional(), what: z.string() });

/** Orders changes made in the same millisecond by this process. */
const tick = () => process.hrtime.bigint().toString().padStart(20, '0');

/** Records a change, insert-only (never overwritten). */
export async function recordBoardChange(settings: SettingsRepository, change: BoardChange): Promise<void> {
  const name = `${PREFIX}${change.at}:${tick()}:${randomUUID().slice(0, 4)}`;
  await settings.claim(name, JSON.stringify(schema.parse(change)));
}

/** Every recorded change, oldest first. */
export async function boardChanges(settings: SettingsRepository): Promise<BoardChange[]> {
  return (await settings.listPrefix(PREFIX))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((r) => schema.parse(JSON.parse(r.value)));
}
