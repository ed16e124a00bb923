import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/**
 * The bot (with its embedded Azurite) and the Microsoft 365 Agents Playground, started as child
 * processes: by `npm run playground` for people and by `npm run test:e2e` for the e2e journeys.
 */

export const ROOT = path.resolve(__dirname, '..', '..');

/** The ports everything listens on: the bot's and the Playground's defaults. */
export const PORTS = { bot: 3978, azurite: 10002, owner: 56150, secretariat: 56151 } as const;

/** The two people the Playground configs sign in as (e2e/.m365agentsplayground*.yml). */
export const PEOPLE = {
  owner: {
    name: 'Amira Khan',
    email: 'amira.khan@example.org',
    config: path.join(ROOT, 'e2e', '.m365agentsplayground.yml'),
    port: PORTS.owner,
  },
  secretariat: {
    name: 'Sam Patel',
    email: 'sam.patel@example.org',
    config: path.join(ROOT, 'e2e', '.m365agentsplayground.secretariat.yml'),
    port: PORTS.secretariat,
  },
} as const;
export type Role = keyof typeof PEOPLE;

/** A running child process and the process group it leads. */
export interface Running {
  name: string;
  child: ChildProcess;
  logFile?: string;
  /** Everything it printed so far (kept for error messages). */
  output(): string;
  /** Stops it gently (SIGTERM to the process, which passes it on), then anything left in its group. */
  stop(): Promise<void>;
  /** Kills its whole process group at once (SIGKILL), synchronously: for a parent that is exiting. */
  kill(): void;
}

/** Where a child's output goes: a log file, the terminal (with a prefix), or both. */
export interface OutputOptions {
  logFile?: string;
  echo?: boolean;
}

const isFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });

/** Fails with one clear message naming every port that is already taken. */
export async function assertPortsFree(ports: Record<string, number>): Promise<void> {
  const busy: string[] = [];
  for (const [name, port] of Object.entries(ports)) if (!(await isFree(port))) busy.push(`${port} (${name})`);
  if (busy.length) {
    throw new Error(
      `Port${busy.length > 1 ? 's' : ''} already in use: ${busy.join(', ')}. Stop whatever holds ${busy.length > 1 ? 'them' : 'it'} ` +
        `(another \`npm start\`, \`npm run playground\` or e2e run?), for example: ss -ltnp | grep -E '${Object.values(ports).join('|')}'`,
    );
  }
}

function launch(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  out: OutputOptions,
): Running {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let file: WriteStream | undefined;
  if (out.logFile) {
    mkdirSync(path.dirname(out.logFile), { recursive: true });
    file = createWriteStream(out.logFile, { flags: 'a' });
  }
  const take = (d: Buffer) => {
    const text = d.toString();
    output = (output + text).slice(-200_000);
    file?.write(text);
    if (out.echo) process.stdout.write(text.replace(/^(?=.)/gm, `[${name}] `));
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => file?.end());
  const group = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      /* already gone */
    }
  };
  return {
    name,
    child,
    logFile: out.logFile,
    output: () => output,
    kill: () => group('SIGKILL'),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return group('SIGKILL');
      // The leader passes SIGTERM on (tsx to the bot, which stops its Azurite and exits).
      child.kill('SIGTERM');
      const killer = setTimeout(() => group('SIGKILL'), 8000);
      await exited;
      clearTimeout(killer);
      // Anything it started in its group (Azurite under the bot) goes with it.
      group('SIGKILL');
    },
  };
}

async function until(
  what: string,
  running: Running,
  ready: () => Promise<boolean>,
  timeoutMs: number,
  why?: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (running.child.exitCode !== null || running.child.signalCode !== null) {
      throw new Error(
        `${what} exited (${running.child.exitCode ?? running.child.signalCode}) before it was ready.${why?.() ?? ''}\n${running.output().trim().slice(-2000)}`,
      );
    }
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) {
      await running.stop();
      throw new Error(
        `${what} was not ready within ${Math.round(timeoutMs / 1000)} s.${why?.() ?? ''}\n${running.output().trim().slice(-2000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

const answers = async (url: string, ok: (status: number) => boolean = (s) => s === 200): Promise<boolean> => {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await res.arrayBuffer();
  return ok(res.status);
};

/** What the bot is started with. */
export interface BotOptions extends OutputOptions {
  /** Azurite's data folder (created; a new folder is a new, empty store that gets the demo plan). */
  dataDir: string;
  tablePrefix?: string;
}

/**
 * Starts the bot as `npm start` does (tsx bot/main.ts), with its own Azurite on a data folder of its
 * own, the demo plan, Sam Patel as the secretariat, no scheduler and no app credentials (the
 * Playground sends no tokens). Every setting is passed explicitly, so a developer's `.env` does not
 * change what the Playground shows.
 */
export async function startBot(opts: BotOptions): Promise<Running> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(PORTS.bot),
    HOST: '127.0.0.1',
    AZURITE_PORT: String(PORTS.azurite),
    AZURITE_LOCATION: opts.dataDir,
    TABLE_PREFIX: opts.tablePrefix ?? 'board',
    STORAGE_CONNECTION_STRING: '',
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    SECRETARIAT: PEOPLE.secretariat.email,
    LOAD_DEMO_PLAN: 'true',
    SCHEDULER_ENABLED: 'false',
    PUBLIC_URL: '',
  };
  const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const bot = launch('bot', process.execPath, [tsx, '--no-deprecation', path.join('bot', 'main.ts')], env, ROOT, opts);
  await until('The bot', bot, () => answers(`http://127.0.0.1:${PORTS.bot}/healthz`), 90_000);
  return bot;
}

/** What one Playground is started with. */
export interface PlaygroundOptions extends OutputOptions {
  role: Role;
  /** Its working folder: it writes devTools/m365agentsplayground.log there. */
  workDir: string;
}

/**
 * Starts one Agents Playground (`agentsplayground -e http://127.0.0.1:3978/api/messages -c msteams`)
 * signed in as the role's person, with the no-op xdg-open of e2e/bin first on PATH (without one it
 * exits silently on a machine with no browser to open) and telemetry off.
 */
export async function startPlayground(opts: PlaygroundOptions): Promise<Running> {
  const person = PEOPLE[opts.role];
  mkdirSync(opts.workDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${path.join(ROOT, 'e2e', 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: person.config,
    BROWSER: 'none',
  };
  const cli = path.join(ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  if (!existsSync(cli))
    throw new Error(
      'The Agents Playground is not installed: run npm ci (it is a devDependency, @microsoft/m365agentsplayground).',
    );
  const args = [
    cli,
    '-e',
    `http://127.0.0.1:${PORTS.bot}/api/messages`,
    '-c',
    'msteams',
    '-p',
    String(person.port),
    '--dt',
  ];
  const running = launch(`${opts.role} playground`, process.execPath, args, env, opts.workDir, opts);
  const devLog = path.join(opts.workDir, 'devTools', 'm365agentsplayground.log');
  const why = () =>
    existsSync(devLog)
      ? `\nIts log (${devLog}) ends:\n${readFileSync(devLog, 'utf8').trim().split('\n').slice(-15).join('\n')}`
      : '';
  // It prints "Listening on <port>" before it has read its config; the page answering and the log
  // saying it launched mean the config was accepted.
  await until(
    `The Agents Playground for ${person.name}`,
    running,
    async () => {
      if (!new RegExp(`Listening on ${person.port}\\b`).test(running.output())) return false;
      if (!existsSync(devLog) || !/is being launched/.test(readFileSync(devLog, 'utf8'))) return false;
      return answers(`http://127.0.0.1:${person.port}/`);
    },
    60_000,
    why,
  );
  return running;
}

/** Stops the Playgrounds first, then the bot (which stops its Azurite). */
export async function stopAll(running: Running[]): Promise<void> {
  for (const r of [...running].reverse()) await r.stop();
}
