import { ensureAzurite } from '../../bot/embeddedAzurite';
import { freePort } from './freePort';

const REQUIRED_NODE_MAJOR = 24;

/** Starts one real Azurite (in memory) for the whole run; tests isolate themselves by table prefix. */
export default async function globalSetup(): Promise<void> {
  const major = Number(process.versions.node.split('.')[0]);
  process.stdout.write(`\nTests run on Node ${process.version} (${process.execPath})\n`);
  if (major < REQUIRED_NODE_MAJOR) {
    throw new Error(
      `Node ${process.version} runs the tests, but the project needs Node ${REQUIRED_NODE_MAJOR}: run them with npm test, which puts the Node from node_modules first on PATH.`,
    );
  }
  const port = await freePort();
  const azurite = await ensureAzurite({ port, location: 'memory' });
  process.env.TEST_STORAGE_CONNECTION_STRING = azurite.connectionString;
  process.env.TEST_AZURITE_PORT = String(port);
  (globalThis as { __azurite?: typeof azurite }).__azurite = azurite;
}
