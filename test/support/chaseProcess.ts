import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
// One process, with tsx loaded in it (not tsx's CLI, which runs the script in a child): a kill reaches the bot itself.

/** Runs `npm run chase -- --cycle ID` as a real process (what a second instance of the bot would do). */
export function runChaseProcess(
  env: Record<string, string>,
  cycleId: string,
  onStart?: (kill: (signal?: NodeJS.Signals) => void) => void,
) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--no-deprecation', path.join(ROOT, 'bot/cli/chase.ts'), '--cycle', cycleId],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  onStart?.((signal = 'SIGKILL') => child.kill(signal));
  return new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    out: string;
    report?: Record<string, number | string>;
  }>((resolve) =>
    child.on('exit', (code, signal) => {
      const line = out
        .split('\n')
        .filter((l) => l.startsWith('{"cycleId"'))
        .at(-1);
      resolve({ code, signal, out, report: line ? JSON.parse(line) : undefined });
    }),
  );
}
