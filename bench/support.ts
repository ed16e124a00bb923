/** Small helpers for the benchmarks: processes, ports, CPU accounting, percentiles and printing. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createServer } from 'node:net';
import { build } from 'esbuild';
import path from 'node:path';
import type { Logger, LogFields } from '../bot/log';

export const ROOT = path.resolve(__dirname, '..');

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

/** Runs a TypeScript file of this repository in a new Node process (through tsx's loader, no wrapper process). */
export function spawnTs(file: string, args: string[], nodeArgs: string[] = []): ChildProcess {
  return spawn(process.execPath, ['--no-deprecation', ...nodeArgs, '--import', 'tsx', path.join(ROOT, file), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Compiles a TypeScript file of this repository (and the repository's code it imports) to one
 * JavaScript file with esbuild, packages left to node_modules: run with plain `node`, it is the bot's
 * code as production runs it (compiled, `npm run start:prod`), without tsx's compiler in memory.
 */
export async function compiledForNode(file: string): Promise<string> {
  // Inside the repository, so that the packages it leaves out resolve from node_modules.
  const out = path.join(ROOT, 'node_modules', '.cache', 'bench', `${path.basename(file, '.ts')}-${process.pid}.cjs`);
  await build({
    entryPoints: [path.join(ROOT, file)],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  return out;
}

/** Runs a file compiled by `compiledForNode` to completion and returns its stdout (rejects on a non-zero exit). */
export function runCompiled(compiled: string, args: string[], nodeArgs: string[] = []): Promise<string> {
  return collect(
    path.basename(compiled),
    spawn(process.execPath, ['--no-deprecation', ...nodeArgs, compiled, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** Runs a TypeScript file to completion and returns its stdout (rejects on a non-zero exit). */
export function runTs(file: string, args: string[], nodeArgs: string[] = []): Promise<string> {
  return collect(file, spawnTs(file, args, nodeArgs));
}

function collect(file: string, child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${file} exited with ${code}: ${err.slice(-2000)}`)),
    );
  });
}

/** Pids of this process's direct children (Linux). */
export function childPids(pid = process.pid): number[] {
  const out: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text) out.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    // not Linux: no per-process CPU accounting
  }
  return out;
}

export const cmdline = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
};

/** CPU time (user + system) a process has used so far, in ms; NaN when it cannot be read. */
export function cpuMsOf(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms (CLK_TCK 100)
  } catch {
    return NaN;
  }
}

export const selfCpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export const round = (n: number, digits = 1): number =>
  Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : n;

/** A logger that prints nothing and counts what the bot said, by level and message. */
export function countingLogger(): Logger & { counts: Map<string, number>; errors: LogFields[] } {
  const counts = new Map<string, number>();
  const errors: LogFields[] = [];
  const make = (): Logger => {
    const emit = (level: string) => (msg: string, fields?: LogFields) => {
      const k = `${level}: ${msg}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
      if (level === 'error' && errors.length < 20)
        errors.push({ msg, ...fields, error: fields?.error instanceof Error ? fields.error.message : fields?.error });
    };
    const l: Logger = { info: emit('info'), warn: emit('warn'), error: emit('error'), child: () => l };
    return l;
  };
  return Object.assign(make(), { counts, errors });
}

/** Prints rows as an aligned table. */
export function table(title: string, rows: [string, string, string?][]): string {
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  return [`\n${title}`, ...rows.map(([a, b, c]) => `  ${a.padEnd(w0)}  ${b.padStart(w1)}${c ? `   ${c}` : ''}`)].join(
    '\n',
  );
}

export const fmt = (n: number, digits = 0): string =>
  Number.isFinite(n)
    ? n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : 'n/a';

/** Runs `work` under V8's sampling profiler when `dir` is set, writing `<dir>/<name>.cpuprofile` (open in Chrome DevTools, or `tsx bench/profileTop.ts`). */
export async function profiled<T>(dir: string | undefined, name: string, work: () => Promise<T>): Promise<T> {
  if (!dir) return work();
  mkdirSync(dir, { recursive: true });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

/** CPU time the whole machine spent busy so far (all CPUs), in ms, from /proc/stat; NaN elsewhere. */
export function machineBusyMs(): number {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal ...
    return (cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + cpu[7]) * 10;
  } catch {
    return NaN;
  }
}
