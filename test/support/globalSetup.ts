import { ensureAzurite } from '../../bot/embeddedAzurite';
import { freePort } from './freePort';

/** Starts one real Azurite (in memory) for the whole run; tests isolate themselves by table prefix. */
export default async function globalSetup(): Promise<void> {
  const port = await freePort();
  const azurite = await ensureAzurite({ port, location: 'memory' });
  process.env.TEST_STORAGE_CONNECTION_STRING = azurite.connectionString;
  process.env.TEST_AZURITE_PORT = String(port);
  (globalThis as { __azurite?: typeof azurite }).__azurite = azurite;
}
