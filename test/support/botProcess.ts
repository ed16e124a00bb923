import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
// One process, with tsx loaded in it (not tsx's CLI, which runs the script in a child): a kill reaches the bot itself.

/** The real bot (`npm start`'s entry point) as a separate process, ready when /healthz answers 200. */
export interface BotProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startBotProcess(env: Record<string, string>, port: number): Promise<BotProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--no-deprecation', path.join(ROOT, 'bot/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      SCHEDULER_ENABLED: 'false',
      LOAD_DEMO_PLAN: 'false',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`bot exited with ${child.exitCode ?? child.signalCode}: ${out.slice(-800)}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`bot did not become healthy: ${out.slice(-800)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    output: () => out,
    kill: (signal = 'SIGKILL') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
