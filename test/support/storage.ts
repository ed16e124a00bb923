import { randomBytes } from 'node:crypto';
import type { BoardStore } from '../../bot/domain/ports';
import { openTableStore } from '../../bot/store';

export const testConnectionString = (): string => {
  const cs = process.env.TEST_STORAGE_CONNECTION_STRING;
  if (!cs) throw new Error('TEST_STORAGE_CONNECTION_STRING is not set: the Jest global setup starts Azurite');
  return cs;
};

/** A unique table prefix, so each test works on its own empty tables in the shared Azurite. */
export const freshPrefix = (): string => `t${randomBytes(5).toString('hex')}`;

/** A store on empty tables in the real Azurite the tests started. */
export async function freshStore(prefix = freshPrefix()): Promise<BoardStore> {
  return openTableStore(testConnectionString(), prefix);
}
