import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';

/** Azurite's well-known development account (public, documented by Microsoft). */
const DEV_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export const azuriteConnectionString = (port: number): string =>
  `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${DEV_ACCOUNT_KEY};TableEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`;

/** A Table storage emulator the bot uses: started by us (stop() ends it) or found already running. */
export interface EmbeddedAzurite {
  connectionString: string;
  startedHere: boolean;
  stop(): Promise<void>;
}

const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
  });

/** Options: where data lives (a folder, or 'memory' for tests) and the port. */
export interface AzuriteOptions {
  port: number;
  location: string | 'memory';
  timeoutMs?: number;
}

/**
 * Starts azurite-table from node_modules as a child process, or reuses one already listening on the
 * port (so `npm run import` works while `npm start` is running, and both see the same data).
 */
export async function ensureAzurite(opts: AzuriteOptions): Promise<EmbeddedAzurite> {
  const connectionString = azuriteConnectionString(opts.port);
  if (await listening(opts.port)) return { connectionString, startedHere: false, stop: async () => {} };
  const main = require.resolve('azurite/dist/src/table/main.js');
  const args = [
    main,
    '--tableHost',
    '127.0.0.1',
    '--tablePort',
    String(opts.port),
    '--skipApiVersionCheck',
    '--disableTelemetry',
    '--silent',
  ];
  if (opts.location === 'memory') args.push('--inMemoryPersistence');
  else {
    const dir = path.resolve(opts.location);
    mkdirSync(dir, { recursive: true });
    args.push('--location', dir);
  }
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  while (!/successfully started/.test(output)) {
    if (child.exitCode !== null)
      throw new Error(`Azurite exited with code ${child.exitCode}: ${output.trim().slice(0, 500)}`);
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(
        `Azurite did not start on port ${opts.port} within ${opts.timeoutMs ?? 20_000} ms: ${output.trim().slice(0, 500)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { connectionString, startedHere: true, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}
