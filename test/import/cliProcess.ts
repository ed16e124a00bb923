import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** What a command-line tool printed and how it ended. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs one of bot/cli/*.ts as its own process (tsx loaded in it, so a signal reaches the tool itself). */
export function runCliProcess(
  tool: 'import' | 'digest' | 'chase',
  args: string[],
  env: Record<string, string>,
  onStart?: (signal: (s: NodeJS.Signals) => void) => void,
): Promise<CliRun> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--no-deprecation', path.join(ROOT, `bot/cli/${tool}.ts`), ...args],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  onStart?.((s) => child.kill(s));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

/** Settings that make a tool or the bot use the embedded Azurite on `port`, keeping its data in `location`. */
export const embeddedStorageEnv = (port: number, location: string): Record<string, string> => ({
  STORAGE_CONNECTION_STRING: '',
  AZURITE_PORT: String(port),
  AZURITE_LOCATION: location,
  TABLE_PREFIX: 'board',
  LOAD_DEMO_PLAN: 'false',
  SCHEDULER_ENABLED: 'false',
});
