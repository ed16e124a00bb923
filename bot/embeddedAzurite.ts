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
  /**
   * Makes Azurite save its data file and waits for it to exit (bounded by `stopTimeoutMs`); rejects if it could
   * not confirm the save. Safe to call more than once: every call waits for the same stop.
   */
  stop(): Promise<void>;
}

const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });

/** Options: where data lives (a folder, or 'memory' for tests) and the port. */
export interface AzuriteOptions {
  port: number;
  location: string | 'memory';
  timeoutMs?: number;
  /** How long stop() waits for Azurite to save and exit before killing it (default 15 s). */
  stopTimeoutMs?: number;
}

/**
 * Runs Azurite's table server (its main.js, given as the first argument) so that it saves the way it is built to.
 * Azurite keeps tables in memory (LokiJS), writes the data file every 5 s and, on SIGINT or an IPC "shutdown",
 * saves it (to a temporary file, then renamed) and exits; SIGTERM or SIGKILL lose what the last 5 s wrote.
 * The child runs in its own process group, so a Ctrl-C in the terminal reaches only the bot, which stops its
 * HTTP server first and then closes this IPC channel; and if the bot dies in any way, the channel closes too.
 * Either way the child raises SIGINT in itself exactly once and Azurite saves. A closed stdout must not crash it
 * mid-save, hence the no-op error listeners.
 */
const CHILD_MAIN = [
  'for (const s of [process.stdout, process.stderr]) s.on("error", () => {});',
  'process.once("disconnect", () => process.kill(process.pid, "SIGINT"));',
  'require(process.argv[1]);',
].join(' ');

/** Azurite is a development dependency: a production install (npm ci --omit=dev) has none, and must name its storage. */
function azuriteMain(): string {
  try {
    return require.resolve('azurite/dist/src/table/main.js');
  } catch {
    throw new Error(
      'no storage is configured and the embedded Azurite (a development dependency) is not installed: set STORAGE_ACCOUNT_URL or STORAGE_CONNECTION_STRING',
    );
  }
}

/**
 * Starts azurite-table from node_modules as a child process, or reuses one already listening on the
 * port (so `npm run import` works while `npm start` is running, and both see the same data).
 */
export async function ensureAzurite(opts: AzuriteOptions): Promise<EmbeddedAzurite> {
  const connectionString = azuriteConnectionString(opts.port);
  if (await listening(opts.port)) return { connectionString, startedHere: false, stop: async () => {} };
  const main = azuriteMain();
  const args = [
    '-e',
    CHILD_MAIN,
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
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], detached: true });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  while (!/successfully started/.test(output)) {
    if (child.exitCode !== null)
      throw new Error(`Azurite exited with code ${child.exitCode}: ${output.trim().slice(0, 500)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `Azurite did not start on port ${opts.port} within ${timeoutMs} ms: ${output.trim().slice(0, 500)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const stopping = stopChild(child, opts.stopTimeoutMs ?? 15_000, () => output);
  return { connectionString, startedHere: true, stop: stopping };
}

/** A stop function that closes the IPC channel (Azurite then saves and exits) and waits for the exit. Call it at once. */
function stopChild(child: ChildProcess, timeoutMs: number, output: () => string): () => Promise<void> {
  let done: Promise<void> | undefined;
  // Not 'close': Node does not emit it once the parent has disconnected the IPC channel.
  const ended = (s: NodeJS.ReadableStream | null) =>
    new Promise<void>((resolve) => (s ? s.once('end', resolve) : resolve()));
  const exited = Promise.all([
    new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    ),
    ended(child.stdout),
    ended(child.stderr),
  ]).then(([how]) => how);
  return () => {
    done ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), timeoutMs);
      });
      if (child.connected) child.disconnect();
      else child.kill('SIGINT');
      const first = await Promise.race([exited, late]);
      clearTimeout(timer);
      if (first === 'late') {
        child.kill('SIGKILL');
        await exited;
        throw new Error(
          `Azurite did not save and exit within ${timeoutMs} ms and was killed; writes of its last 5 seconds may be lost`,
        );
      }
      if (first.code !== 0 || !/successfully closed/.test(output()))
        throw new Error(
          `Azurite stopped without confirming its data file was saved (exit ${first.code ?? first.signal}): ${output().trim().slice(-300)}`,
        );
    })();
    return done;
  };
}
