/**
 * `npm run bench [-- --quick] [--tenant-rate 50] [--concurrency 8] [--actions-per-plan 2000]`
 *
 * Benchmarks the real bot against a real Azurite (in memory) and a local Bot Connector that
 * enforces Teams' rate limits with real 429s (bench/teamsConnector.ts, in its own process):
 *   1. chase: the first cycle (every owner a new 1:1 chat: 2 requests each) and the weekly cycle
 *      after it (chats known: 1 request each); prompts/s against the configured tenant rate, 429s;
 *   2. digest: time and peak memory (each in a fresh child process) over the big board now and for
 *      a past week, and over a board a tenth of its size;
 *   3. card submit: invoke to confirmation card, p50/p99 at 1 and at 50 owners at once, every
 *      submit checked in storage afterwards;
 *   4. import: rows/s for a plan file;
 *   5. the demo plan: chase and digest.
 * Prints a table per part and a one-line summary, and writes bench/results/latest.json
 * (`--quick`: smaller sizes, written to bench/results/latest-quick.json).
 */
import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type App, DEMO_PLAN_FILE, startApp } from '../bot/app';
import { type Config, OUTBOUND_DEFAULTS } from '../bot/config';
import type { BoardStore } from '../bot/domain/ports';
import { isoWeek, londonDate } from '../bot/domain/calendar';
import { ensureAzurite } from '../bot/embeddedAzurite';
import { importPlanRows } from '../bot/import/importPlan';
import { parsePlanCsv } from '../bot/import/planCsv';
import { type CycleReport, runChaseCycle } from '../bot/jobs/chaseCycle';
import type { ThrottledMessenger } from '../bot/outbound/throttledMessenger';
import { openTableStore } from '../bot/store';
import { tableClient } from '../bot/store/tables';
import { inputKey } from '../cards/chasePromptCard';
import type { ConnectorStats } from './teamsConnector';
import { type StorageCounter, type StorageCounts, startStorageCounter } from './storageCounter';
import type { DigestChildResult } from './digestChild';
import { TableClient } from '@azure/data-tables';
import { keepAndMoveClosedWeeks, lastClosedWeek, weekEndIso } from '../bot/digest/weekSnapshots';
import type { SubmitJob, SubmitResult } from './submitClient';
import {
  BENCH_TENANT,
  type SyntheticBoard,
  type SyntheticPerson,
  inParallel,
  loadBoard,
  loadOwners,
  personOf,
  planCsvOf,
  syntheticPlans,
} from './synthetic';
import {
  ROOT,
  childPids,
  cmdline,
  countingLogger,
  cpuMsOf,
  fmt,
  freePort,
  machineBusyMs,
  percentile,
  profiled,
  round,
  compiledForNode,
  runCompiled,
  selfCpuMs,
  spawnTs,
  table,
} from './support';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string, fallback: number): number => {
  const i = argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
};

const QUICK = flag('quick');
const CPUS = os.availableParallelism?.() ?? os.cpus().length;
/** `--profile DIR`: V8 CPU profiles of the bot during each part (and of each digest process) into DIR. */
const PROFILE_DIR = (() => {
  const i = argv.indexOf('--profile');
  return i >= 0 ? path.resolve(argv[i + 1] ?? 'bench/profiles') : undefined;
})();
const TENANT_RATE = option('tenant-rate', 50);
const CONCURRENCY = option('concurrency', 8);
const PER_PLAN = option('actions-per-plan', 250);
/**
 * The boards that compare history lengths (same actions, ten times the history) come in plans of 10 actions:
 * Azurite's in-memory store looks up each written row by a scan of its partition, so loading time grows with
 * the square of a partition's rows. 200 history rows an action (two rows each) in plans of 50 took 25 minutes
 * to load; in plans of 10, 5. The digest reads neither board's history (docs/performance.md), whatever the plans.
 */
const DEEP_PER_PLAN = option('deep-actions-per-plan', 10);
const SIZES = QUICK
  ? {
      actions: 2_000,
      owners: 500,
      updates: 20_000,
      smallActions: 200,
      submitOne: 40,
      submitMany: 400,
      importRows: 5_000,
      warmup: 10,
    }
  : {
      actions: 20_000,
      owners: 5_000,
      updates: 200_000,
      smallActions: 2_000,
      submitOne: 200,
      submitMany: 2_000,
      importRows: 20_000,
      warmup: 20,
    };
const MANY = 50;

const GOALS = { chaseRatio: 0.9, chase429Share: 0.01, digestMs: 2_000, submitP99Ms: 250, importRowsPerSec: 5_000 };

const log = (line: string) => process.stdout.write(`${line}\n`);
const secs = (ms: number) => `${fmt(ms / 1000, 1)} s`;

/** The bot's settings for one board: real Azurite tables, local mode, no scheduler. */
function configFor(connectionString: string, tablePrefix: string): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    storage: { connectionString, azuritePort: 0, azuriteLocation: 'memory', tablePrefix },
    secretariat: [],
    chase: {
      weekday: 1,
      time: '09:00',
      intervalWeeks: 1,
      skipIfRepliedWithinDays: 3,
      nudgeAfterWorkingDays: 2,
      escalateAfterWorkingDays: 5,
    },
    digest: { weekday: 5, time: '12:00' },
    outbound: { ...OUTBOUND_DEFAULTS, tenantPerSecond: TENANT_RATE, concurrency: CONCURRENCY },
    schedulerEnabled: false,
    loadDemoPlan: false,
  };
}

/** The connector in its own process, driven over HTTP. */
async function startConnector(): Promise<{
  url: string;
  stats(): Promise<ConnectorStats>;
  reset(): Promise<void>;
  stop(): void;
}> {
  const child = spawnTs('bench/teamsConnector.ts', [
    '--port',
    '0',
    '--tenant-rate',
    String(TENANT_RATE),
    '--latency',
    '20-60',
  ]);
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`the bench connector exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  connectorPid = child.pid;
  return {
    url,
    stats: async () => (await (await fetch(`${url}/_bench/stats`)).json()) as ConnectorStats,
    reset: async () => void (await fetch(`${url}/_bench/reset`, { method: 'POST' })).text(),
    stop: () => void child.kill('SIGTERM'),
  };
}

type Connector = Awaited<ReturnType<typeof startConnector>>;

/**
 * Where CPU went during a phase: this process (the bot), Azurite, and everything else on the machine
 * (the connector and load generator, and whatever else runs there: a busy neighbour shows up here).
 */
interface CpuSplit {
  botMs: number;
  azuriteMs: number;
  connectorMs: number;
  elsewhereMs: number;
  wallMs: number;
}
let connectorPid: number | undefined;
function cpuMeter(azuritePid: number | undefined): () => CpuSplit {
  const bot = selfCpuMs();
  const az = cpuMsOf(azuritePid);
  const conn = cpuMsOf(connectorPid);
  const machine = machineBusyMs();
  const started = performance.now();
  return () => {
    const botMs = Math.round(selfCpuMs() - bot);
    const azuriteMs = Math.round(cpuMsOf(azuritePid) - az);
    const connectorMs = Math.round(cpuMsOf(connectorPid) - conn);
    return {
      botMs,
      azuriteMs,
      connectorMs,
      elsewhereMs: Math.max(0, Math.round(machineBusyMs() - machine - botMs - azuriteMs - connectorMs)),
      wallMs: Math.round(performance.now() - started),
    };
  };
}

// ---------------------------------------------------------------------------------------------
// 1. Chase
// ---------------------------------------------------------------------------------------------

interface ChaseFigures {
  owners: number;
  prompted: number;
  requests: number;
  totalMs: number;
  /** From the first to the last request Teams accepted (the pace is counted over this plus 1 s). */
  sendingMs: number;
  planningMs: number;
  promptsPerSec: number;
  requestsPerSec: number;
  ratio: number;
  endToEndPromptsPerSec: number;
  endToEndRatio: number;
  throttled: number;
  throttledTenant: number;
  throttledConversation: number;
  max429In1s: number;
  maxAcceptedIn1s: number;
  slowestSecond: number;
  retries: number;
  failed: number;
  duplicates: number;
  cpu: CpuSplit;
  /** Storage round trips (HTTP requests to Table storage; a transaction is one) during the cycle. */
  storage: StorageCounts;
  report: CycleReport;
}

const countsSince = (counter: StorageCounter, before: StorageCounts): StorageCounts => {
  const now = counter.counts();
  return {
    requests: now.requests - before.requests,
    reads: now.reads - before.reads,
    writes: now.writes - before.writes,
    transactions: now.transactions - before.transactions,
  };
};

async function chaseOnce(
  app: App,
  connector: Connector,
  azuritePid: number | undefined,
  owners: number,
  counter: StorageCounter,
): Promise<ChaseFigures> {
  await connector.reset();
  const storageBefore = counter.counts();
  const tm = app.chase.messenger as ThrottledMessenger;
  const before = { ...tm.stats };
  const cpu = cpuMeter(azuritePid);
  const started = Date.now();
  const report = await runChaseCycle(app.chase, 'manual');
  const totalMs = Date.now() - started;
  const s = await connector.stats();
  const sendingMs = Math.max(1, (s.lastAcceptedAt ?? started) - (s.firstAcceptedAt ?? started));
  const inner = s.acceptedPerSecond.slice(1, -1);
  // A sender that keeps to N per sliding second can send at most N × (T + 1) requests in a span of T
  // seconds (a full window at the start, then N a second), so the pace is counted over T + 1 s:
  // a perfect sender scores exactly the limit, never more.
  const paceSeconds = sendingMs / 1000 + 1;
  const requestsPerSec = s.accepted / paceSeconds;
  return {
    owners,
    prompted: report.prompted,
    requests: s.accepted,
    totalMs,
    sendingMs,
    planningMs: (s.firstAcceptedAt ?? started) - started,
    promptsPerSec: round(report.prompted / paceSeconds),
    requestsPerSec: round(requestsPerSec),
    ratio: round(requestsPerSec / TENANT_RATE, 3),
    endToEndPromptsPerSec: round(report.prompted / (totalMs / 1000)),
    endToEndRatio: round(s.accepted / (totalMs / 1000) / TENANT_RATE, 3),
    throttled: s.throttled,
    throttledTenant: s.throttledTenant,
    throttledConversation: s.throttledConversation,
    max429In1s: s.max429In1s,
    maxAcceptedIn1s: s.maxAcceptedIn1s,
    slowestSecond: inner.length ? Math.min(...inner) : NaN,
    retries: tm.stats.retries - before.retries,
    failed: report.failed + report.unreachable,
    duplicates: s.conversationsWithMoreThanOneMessage,
    cpu: cpu(),
    storage: countsSince(counter, storageBefore),
    report,
  };
}

// ---------------------------------------------------------------------------------------------
// 3. Card submit
// ---------------------------------------------------------------------------------------------

interface SubmitFigures {
  concurrency: number;
  submits: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  perSec: number;
  confirmed: number;
  stored: number;
  cpu: CpuSplit;
  /** Storage round trips per submit (the turn's record, the reads, the commit, the card's reads). */
  storagePerSubmit: number;
}

interface PreparedSubmit {
  person: SyntheticPerson;
  planId: string;
  ref: string;
  rev: number;
  marker: string;
}

async function prepareSubmits(
  store: BoardStore,
  cycleId: string,
  people: SyntheticPerson[],
  tag: string,
): Promise<PreparedSubmit[]> {
  const out: PreparedSubmit[] = [];
  await inParallel(people, 16, async (person, i) => {
    const prompt = (await store.prompts.get(cycleId, person.email))?.value;
    const key = prompt?.actions[0];
    if (!key) throw new Error(`no prompt for ${person.email} in ${cycleId}`);
    const action = (await store.actions.get(key))?.value;
    if (!action) throw new Error(`no action ${key.planId}/${key.ref}`);
    out[i] = {
      person,
      planId: key.planId,
      ref: key.ref,
      rev: action.revision,
      marker: `Bench ${tag} #${i}: Finance has asked for changes to the savings profile; revised plan to the next board.`,
    };
  });
  return out;
}

function invokeActivity(serviceUrl: string, cycleId: string, s: PreparedSubmit, seq: number) {
  const k = inputKey({ planId: s.planId, ref: s.ref });
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `bench-${seq}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: s.person.teamsUserId, name: s.person.name, aadObjectId: s.person.aadObjectId },
    recipient: { id: 'board-chaser-local', name: 'Board actions' },
    conversation: { id: `a:1on1-${s.person.teamsUserId}`, conversationType: 'personal', tenantId: BENCH_TENANT },
    channelData: { tenant: { id: BENCH_TENANT } },
    value: {
      action: {
        type: 'Action.Execute',
        verb: 'saveUpdate',
        data: {
          planId: s.planId,
          ref: s.ref,
          rev: s.rev,
          cycleId,
          [`status|${k}`]: 'In progress',
          [`rag|${k}`]: 'Amber',
          [`narrative|${k}`]: s.marker,
          [`percent|${k}`]: '60',
        },
      },
      trigger: 'manual',
    },
  };
}

let invokeSeq = 0;
/** Posts the submits from a separate process (bench/submitClient.ts), `concurrency` owners at a time. */
async function submitAll(
  app: App,
  serviceUrl: string,
  cycleId: string,
  prepared: PreparedSubmit[],
  concurrency: number,
  azuritePid: number | undefined,
): Promise<{ latencies: number[]; confirmed: number; ms: number; cpu: CpuSplit }> {
  const job: SubmitJob = {
    url: `${app.url}/api/messages`,
    concurrency,
    items: prepared.map((s) => ({
      activity: invokeActivity(serviceUrl, cycleId, s, ++invokeSeq),
      expect: `${s.ref} is recorded for the board`,
    })),
  };
  const file = path.join(os.tmpdir(), `bench-submit-${process.pid}-${invokeSeq}.json`);
  writeFileSync(file, JSON.stringify(job));
  const client = spawnTs('bench/submitClient.ts', [file]);
  let out = '';
  let err = '';
  client.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  client.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  // The client needs a moment to load; CPU is measured from when it says it started (its wall time is its own).
  const cpu = cpuMeter(azuritePid);
  const code = await new Promise<number | null>((resolve) => client.on('exit', resolve));
  rmSync(file, { force: true });
  if (code !== 0) throw new Error(`the submit client failed: ${err.slice(-1500)}`);
  const r = JSON.parse(out.trim().split('\n').at(-1) as string) as SubmitResult;
  return { latencies: r.latencies, confirmed: r.confirmed.filter(Boolean).length, ms: r.wallMs, cpu: cpu() };
}

/** Counts the submits whose action now carries the submitted comment and whose history row exists. */
async function countStored(
  store: BoardStore,
  connectionString: string,
  prefix: string,
  prepared: PreparedSubmit[],
  since: string,
): Promise<number> {
  // The Ledger: each answer's history row (revision rev + 1) carries the comment, and so does the action's state.
  let stored = 0;
  await inParallel(prepared, 16, async (p) => {
    const [a, row] = await Promise.all([store.actions.get(p), store.updates.getUpdate(p, p.rev + 1)]);
    if (
      a?.value.narrative === p.marker &&
      a.value.revision === p.rev + 1 &&
      row?.narrative === p.marker &&
      row.at >= since
    )
      stored++;
  });
  return stored;
}

async function submitPhase(
  app: App,
  store: BoardStore,
  connectionString: string,
  prefix: string,
  serviceUrl: string,
  cycleId: string,
  people: SyntheticPerson[],
  azuritePid: number | undefined,
  counter: StorageCounter,
) {
  const warm = people.slice(0, SIZES.warmup);
  const one = people.slice(SIZES.warmup, SIZES.warmup + SIZES.submitOne);
  const many = people.slice(SIZES.warmup + SIZES.submitOne, SIZES.warmup + SIZES.submitOne + SIZES.submitMany);
  await submitAll(app, serviceUrl, cycleId, await prepareSubmits(store, cycleId, warm, 'warm-up'), 4, azuritePid);
  const figures: SubmitFigures[] = [];
  for (const [concurrency, group] of [
    [1, one],
    [MANY, many],
  ] as const) {
    const prepared = await prepareSubmits(store, cycleId, group, `c${concurrency}`);
    const since = new Date().toISOString();
    const storageBefore = counter.counts();
    const r = await profiled(PROFILE_DIR, `submit-${concurrency}`, () =>
      submitAll(app, serviceUrl, cycleId, prepared, concurrency, azuritePid),
    );
    const sorted = [...r.latencies].sort((a, b) => a - b);
    figures.push({
      concurrency,
      submits: prepared.length,
      p50Ms: round(percentile(sorted, 50)),
      p90Ms: round(percentile(sorted, 90)),
      p99Ms: round(percentile(sorted, 99)),
      maxMs: round(sorted.at(-1) ?? NaN),
      perSec: round(prepared.length / (r.ms / 1000)),
      confirmed: r.confirmed,
      storagePerSubmit: round(countsSince(counter, storageBefore).requests / prepared.length, 2),
      stored: await countStored(store, connectionString, prefix, prepared, since),
      cpu: r.cpu,
    });
  }
  return figures;
}

// ---------------------------------------------------------------------------------------------
// 2. Digest (each run in a fresh process, for its peak memory)
// ---------------------------------------------------------------------------------------------

interface DigestFigures {
  ms: number;
  readActionsMs: number;
  readUpdatesMs: number;
  computeMs: number;
  /** Storage calls other than the two big reads (plans, cycles, the latest cycle's prompts, owners). */
  otherReadsMs: number;
  calls: Record<string, { n: number; ms: number }>;
  updatesRead: number;
  /** Rows every storage read returned, added up, and the repository calls made: machine-independent costs. */
  rowsRead: number;
  storageCalls: number;
  /** HTTP requests to Table storage per digest (averaged over the runs, the opening of the store included). */
  roundTrips: number;
  baselineRssMb: number;
  peakRssMb: number;
  maxRssMb: number;
  cardMs: number;
  /** CPU time of the digest's own process, Azurite's, and the rest of the machine's, during the digest. */
  cpuMs: number;
  azuriteCpuMs: number;
  elsewhereCpuMs: number;
}

/** The digest child, compiled once per run (the first digest waits for it). */
const digestChild = (() => {
  let compiled: Promise<string> | undefined;
  return () => (compiled ??= compiledForNode('bench/digestChild.ts'));
})();

async function digestRun(
  connectionString: string,
  prefix: string,
  week: string | undefined,
  azuritePid: number | undefined,
  /** Digests built in the one process; the figures are the median run's (the first when 1). */
  runs = 3,
): Promise<DigestFigures> {
  const cpu = cpuMeter(azuritePid);
  const prof = PROFILE_DIR
    ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR, '--cpu-prof-name', `digest-${prefix}-${week ?? 'now'}.cpuprofile`]
    : [];
  // Through a counting proxy: the digest's storage round trips (pages of a query each count).
  const counter = await startStorageCounter(connectionString);
  // The child runs the bot's code compiled, as production does (`npm run start:prod`), not through tsx.
  const out = await runCompiled(
    await digestChild(),
    [counter.connectionString, prefix, week ?? '-', String(runs)],
    prof,
  ).finally(() => counter.stop());
  const roundTrips = Math.round(counter.counts().requests / runs);
  const r = JSON.parse(out.trim().split('\n').at(-1) as string) as DigestChildResult;
  const run = [...r.runs].sort((a, b) => a.ms - b.ms)[Math.floor((r.runs.length - 1) / 2)];
  return {
    ms: Math.round(run.ms),
    readActionsMs: Math.round(run.readActionsMs),
    readUpdatesMs: Math.round(run.readUpdatesMs),
    // Whatever is not waiting on storage: the bot's own work.
    computeMs: Math.round(run.ms - run.readMs),
    otherReadsMs: Math.round(run.readMs - run.bigReadsMs),
    calls: run.calls,
    updatesRead: run.updates,
    rowsRead: run.rowsRead,
    storageCalls: Object.values(run.calls).reduce((n, c) => n + c.n, 0),
    roundTrips,
    baselineRssMb: Math.round(r.baselineRssMb),
    peakRssMb: Math.round(r.peakRssMb),
    maxRssMb: Math.round(r.maxRssMb),
    cardMs: Math.round(r.cardMs),
    cpuMs: Math.round(r.cpuMs),
    ...((c) => ({
      azuriteCpuMs: c.azuriteMs,
      elsewhereCpuMs: Math.max(0, c.elsewhereMs - Math.round(r.processCpuMs)),
    }))(cpu()),
  };
}

// ---------------------------------------------------------------------------------------------
// Loading the boards
// ---------------------------------------------------------------------------------------------

/** How many rows a table holds (read through, not counted by the storage proxy). */
async function countRows(connectionString: string, table: string): Promise<number> {
  const client = TableClient.fromConnectionString(connectionString, table, { allowInsecureConnection: true });
  let n = 0;
  for await (const page of client.listEntities({ queryOptions: { select: ['RowKey'] } }).byPage({ maxPageSize: 1000 }))
    n += page.length;
  return n;
}

async function loadSynthetic(store: BoardStore, boards: SyntheticBoard[], archivedUntil?: string): Promise<number> {
  const started = Date.now();
  // Plans are separate partitions: several at once keep Azurite busy while this process builds the next rows.
  await inParallel(boards, 4, (b) => loadBoard(store, b, archivedUntil));
  return Date.now() - started;
}

const PARTS = ['chase', 'submit', 'digest', 'import', 'demo'] as const;
type Part = (typeof PARTS)[number];
/** `--only chase,digest`: run some parts (the submit part runs the chase first, for its cycle). Results then go to bench/results/partial.json. */
const ONLY = (() => {
  const i = argv.indexOf('--only');
  if (i < 0) return undefined;
  const parts = (argv[i + 1] ?? '').split(',').map((x) => x.trim()) as Part[];
  const bad = parts.filter((x) => !PARTS.includes(x));
  if (bad.length || parts.length === 0) throw new Error(`--only takes some of ${PARTS.join(',')} (got ${argv[i + 1]})`);
  return new Set(parts);
})();
const want = (p: Part) => !ONLY || ONLY.has(p) || (p === 'chase' && ONLY.has('submit'));

async function main(): Promise<void> {
  const runStarted = Date.now();
  const now = new Date();
  const machine = {
    cpus: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel: (
      readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ??
      os.cpus()[0]?.model ??
      'unknown'
    ).trim(),
    memTotalGb: round(os.totalmem() / 2 ** 30),
    freeH: (() => {
      try {
        return execSync('free -h', { encoding: 'utf8' }).split('\n')[1]?.replace(/\s+/g, ' ').trim();
      } catch {
        return undefined;
      }
    })(),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    loadAvgAtStart: os.loadavg().map((x) => round(x, 2)),
    azurite: JSON.parse(readFileSync(path.join(ROOT, 'node_modules/azurite/package.json'), 'utf8')).version as string,
    botbuilder: JSON.parse(readFileSync(path.join(ROOT, 'node_modules/botbuilder/package.json'), 'utf8'))
      .version as string,
  };
  log(
    `bench${QUICK ? ' --quick' : ''}${ONLY ? ` --only ${[...ONLY].join(',')}` : ''}: ${machine.cpus} CPU (${machine.cpuModel}), ${machine.memTotalGb} GB, Node ${machine.node}, load ${machine.loadAvgAtStart.join(' ')}`,
  );
  log(
    `sizes: ${fmt(SIZES.actions)} actions in plans of ${fmt(PER_PLAN)}, ${fmt(SIZES.owners)} owners, ${fmt(SIZES.updates)} history rows; tenant rate ${TENANT_RATE}/s, chase concurrency ${CONCURRENCY}`,
  );

  const azurite = await ensureAzurite({ port: await freePort(), location: 'memory' });
  const azuritePid = childPids().find((pid) => cmdline(pid).includes('azurite'));
  const connector = await startConnector();
  const cs = azurite.connectionString;
  const plans = Math.ceil(SIZES.actions / PER_PLAN);
  const results: Record<string, unknown> = {
    machine,
    quick: QUICK,
    only: ONLY ? [...ONLY] : undefined,
    startedAt: now.toISOString(),
    sizes: { ...SIZES, actionsPerPlan: PER_PLAN, plans, chaseConcurrency: CONCURRENCY, tenantRate: TENANT_RATE },
  };
  const goals: Record<string, { goal: string; value: number; met: boolean }> = {};
  const summary: string[] = [];
  const apps: App[] = [];
  const counters: StorageCounter[] = [];
  const botLog = countingLogger();
  try {
    // ---- the boards ------------------------------------------------------------------------
    const people = Array.from({ length: SIZES.owners }, (_, i) => personOf(i + 1));
    const big = await openTableStore(cs, 'bbig');
    if (want('chase') || want('digest')) {
      const bigBoards = syntheticPlans({
        actions: SIZES.actions,
        owners: SIZES.owners,
        updates: SIZES.updates,
        plans,
        now,
      });
      // As the weekly move leaves a board: the closed weeks' history in the History table, the Ledger the board's.
      const loadMs = await loadSynthetic(big, bigBoards, weekEndIso(lastClosedWeek(now)));
      await loadOwners(cs, 'bbig', people, connector.url);
      results.load = {
        rows: SIZES.updates + SIZES.actions,
        ms: loadMs,
        rowsPerSec: Math.round((SIZES.updates + SIZES.actions) / (loadMs / 1000)),
      };
      log(
        `loaded ${fmt(SIZES.updates + SIZES.actions)} rows into Azurite in ${secs(loadMs)} (${fmt((SIZES.updates + SIZES.actions) / (loadMs / 1000))} rows/s through appendMany/upsertMany)`,
      );
    }

    // ---- 1. chase ---------------------------------------------------------------------------
    let weeklyCycle: string | undefined;
    let app: App | undefined;
    let counter: StorageCounter | undefined;
    if (want('chase')) {
      // The bot reaches storage through a counting proxy: round trips per prompt and per answer.
      counter = await startStorageCounter(cs);
      counters.push(counter);
      app = await startApp(configFor(counter.connectionString, 'bbig'), botLog);
      apps.push(app);
      const a = app;
      const c = counter;
      log(`\nchase: first cycle, ${fmt(SIZES.owners)} owners with no chat yet (createConversation + send each)...`);
      const first = await profiled(PROFILE_DIR, 'chase-first', () =>
        chaseOnce(a, connector, azuritePid, SIZES.owners, c),
      );
      log(`chase: weekly cycle, chats known (one send each)...`);
      const weekly = await profiled(PROFILE_DIR, 'chase-weekly', () =>
        chaseOnce(a, connector, azuritePid, SIZES.owners, c),
      );
      weeklyCycle = weekly.report.cycleId;
      const chaseRows = (c: ChaseFigures): [string, string, string?][] => [
        [
          'owners prompted',
          `${fmt(c.prompted)} of ${fmt(c.owners)}`,
          c.failed ? `${c.failed} failed/unreachable` : undefined,
        ],
        ['total time', secs(c.totalMs), `planning (before the first send) ${secs(c.planningMs)}`],
        ['requests to Teams', fmt(c.requests), `${fmt(c.requests / Math.max(1, c.prompted), 2)} per prompt`],
        [
          'storage round trips',
          `${fmt(c.storage.requests / Math.max(1, c.prompted), 2)} per prompt`,
          `${fmt(c.storage.requests)} in all: ${fmt(c.storage.reads)} reads, ${fmt(c.storage.writes)} single writes, ${fmt(c.storage.transactions)} transactions`,
        ],
        ['prompts/s while sending', fmt(c.promptsPerSec, 1), `end to end ${fmt(c.endToEndPromptsPerSec, 1)}/s`],
        [
          'requests/s while sending',
          `${fmt(c.requestsPerSec, 1)} of ${TENANT_RATE}`,
          `ratio ${fmt(c.ratio * 100, 1)}% (goal ≥ 90%); end to end ${fmt(c.endToEndRatio * 100, 1)}%`,
        ],
        [
          'slowest whole second',
          `${fmt(c.slowestSecond)} requests`,
          `busiest 1 s window ${c.maxAcceptedIn1s} (limit ${TENANT_RATE})`,
        ],
        [
          '429s received',
          fmt(c.throttled),
          `most in 1 s: ${c.max429In1s} (tenant ${c.throttledTenant}, conversation ${c.throttledConversation}); our own retries ${c.retries}`,
        ],
        ['duplicate messages', fmt(c.duplicates)],
        [
          'CPU: bot / Azurite / connector',
          `${secs(c.cpu.botMs)} / ${secs(c.cpu.azuriteMs)} / ${secs(c.cpu.connectorMs)}`,
          `of ${secs(c.cpu.wallMs * CPUS)} (${CPUS} CPUs × wall); other processes on the machine: ${secs(c.cpu.elsewhereMs)}`,
        ],
      ];
      log(
        table(`1a. Chase, first cycle (${fmt(SIZES.owners)} owners, ${fmt(SIZES.actions)} actions)`, chaseRows(first)),
      );
      log(table(`1b. Chase, weekly cycle (chats known)`, chaseRows(weekly)));
      const out = (c: ChaseFigures) => {
        const { report: _r, ...rest } = c;
        return rest;
      };
      results.chase = {
        ...out(weekly),
        tenantRateLimit: TENANT_RATE,
        cycle: 'weekly (1:1 chats already known: one request per prompt)',
        firstCycle: { ...out(first), cycle: 'first (createConversation + send: two requests per prompt)' },
      };
      const worst = Math.min(first.ratio, weekly.ratio);
      goals.chase = {
        goal: `requests/s >= 90% of ${TENANT_RATE}/s in both cycles, < 1% of requests answered 429`,
        value: worst,
        met:
          worst >= GOALS.chaseRatio &&
          [first, weekly].every((x) => x.throttled / Math.max(1, x.requests + x.throttled) < GOALS.chase429Share),
      };
      summary.push(
        `chase ${fmt(weekly.promptsPerSec, 1)}/s of ${TENANT_RATE}/s (${fmt(weekly.ratio * 100)}%), first cycle ${fmt(first.requestsPerSec, 1)} req/s (${fmt(first.ratio * 100)}%), ${fmt(first.throttled + weekly.throttled)} × 429; ${fmt(SIZES.owners)} owners in ${secs(first.totalMs)} / ${secs(weekly.totalMs)}`,
      );
    }

    // ---- 3. card submit ---------------------------------------------------------------------
    if (want('submit') && app && weeklyCycle && counter) {
      log(`\nsubmit: invoke -> confirmation card...`);
      const submits = await submitPhase(app, big, cs, 'bbig', connector.url, weeklyCycle, people, azuritePid, counter);
      log(
        table(
          '3. Card submit (saveUpdate: Amber with a comment, from the weekly card)',
          submits.flatMap((s): [string, string, string?][] => [
            [
              `@${s.concurrency}: p50 / p99`,
              `${fmt(s.p50Ms)} / ${fmt(s.p99Ms)} ms`,
              `p90 ${fmt(s.p90Ms)} ms, max ${fmt(s.maxMs)} ms, ${fmt(s.perSec, 1)} submits/s${s.concurrency === MANY ? ' (goal p99 < 250 ms)' : ''}`,
            ],
            [
              `@${s.concurrency}: confirmed / stored`,
              `${fmt(s.confirmed)} / ${fmt(s.stored)} of ${fmt(s.submits)}`,
              `CPU ms per submit: bot ${fmt(s.cpu.botMs / s.submits, 1)}, Azurite ${fmt(s.cpu.azuriteMs / s.submits, 1)}, rest ${fmt(s.cpu.elsewhereMs / s.submits, 1)} (client, other load)`,
            ],
            [`@${s.concurrency}: storage round trips`, `${fmt(s.storagePerSubmit, 2)} per submit`],
          ]),
        ),
      );
      const many = submits.find((s) => s.concurrency === MANY) as SubmitFigures;
      const one = submits.find((s) => s.concurrency === 1) as SubmitFigures;
      results.submit = {
        p50Ms: many.p50Ms,
        p99Ms: many.p99Ms,
        concurrency: MANY,
        stored: many.stored,
        submits: many.submits,
        confirmed: many.confirmed,
        one,
        many,
      };
      goals.submit = {
        goal: `p99 < ${GOALS.submitP99Ms} ms at ${MANY} concurrent, every submit stored`,
        value: many.p99Ms,
        met: many.p99Ms < GOALS.submitP99Ms && many.stored === many.submits && one.stored === one.submits,
      };
      summary.push(
        `submit p50 ${fmt(one.p50Ms)} ms p99 ${fmt(one.p99Ms)} ms @1, p50 ${fmt(many.p50Ms)} ms p99 ${fmt(many.p99Ms)} ms @${MANY}, ${fmt(many.stored + one.stored)}/${fmt(many.submits + one.submits)} stored`,
      );
    }

    // ---- 2. digest --------------------------------------------------------------------------
    if (want('digest')) {
      const small = await openTableStore(cs, 'bsmall');
      const smallBoards = syntheticPlans({
        actions: SIZES.smallActions,
        owners: SIZES.smallActions / 4,
        updates: SIZES.smallActions * 10,
        plans: Math.ceil(SIZES.smallActions / DEEP_PER_PLAN),
        now,
        seed: 7,
      });
      const smallMs = await loadSynthetic(small, smallBoards);
      log(
        `loaded the ${fmt(SIZES.smallActions)}-action board (${fmt(SIZES.smallActions * 10)} updates) in ${secs(smallMs)}`,
      );
      // The same 2,000-action board with ten times the history: the digest should not notice.
      const deep = await openTableStore(cs, 'bdeep');
      const deepMs = await loadSynthetic(
        deep,
        syntheticPlans({
          actions: SIZES.smallActions,
          owners: SIZES.smallActions / 4,
          updates: SIZES.smallActions * 100,
          plans: Math.ceil(SIZES.smallActions / DEEP_PER_PLAN),
          now,
          seed: 7,
        }),
        weekEndIso(lastClosedWeek(now)),
      );
      log(`loaded the same board with ${fmt(SIZES.smallActions * 100)} updates in ${secs(deepMs)}`);
      log(`\ndigest: each in a fresh process...`);
      // The first digest after the weeks closed keeps each closed week's figures (once, for everyone after).
      const dFirst = await digestRun(cs, 'bbig', undefined, azuritePid, 1);
      // The small board was loaded with its whole history in the Ledger: the scheduler's weekly step moves it.
      const moveStarted = Date.now();
      let moved = 0;
      for (const plan of await small.plans.list())
        moved += await keepAndMoveClosedWeeks(small, plan, lastClosedWeek(now));
      const moveMs = Date.now() - moveStarted;
      const movedRows = await countRows(cs, 'bsmallHistory');
      for (const p of ['bsmall', 'bdeep']) await digestRun(cs, p, undefined, azuritePid, 1);
      const pastWeek = lastClosedWeek(now);
      const dNow = await digestRun(cs, 'bbig', undefined, azuritePid);
      const dPast = await digestRun(cs, 'bbig', pastWeek, azuritePid);
      const dSmall = await digestRun(cs, 'bsmall', undefined, azuritePid);
      const dDeep = await digestRun(cs, 'bdeep', undefined, azuritePid);
      const digestRows = (label: string, d: DigestFigures): [string, string, string?][] => [
        [
          label,
          secs(d.ms),
          `${fmt(d.rowsRead)} rows read in ${fmt(d.storageCalls)} storage calls (${fmt(d.roundTrips)} round trips); read actions ${secs(d.readActionsMs)}, history ${secs(d.readUpdatesMs)} (${fmt(d.updatesRead)} rows), other reads ${secs(d.otherReadsMs)}, computing ${secs(d.computeMs)}; CPU: digest ${secs(d.cpuMs)}, Azurite ${secs(d.azuriteCpuMs)}, other ${secs(d.elsewhereCpuMs)}`,
        ],
        [
          '  memory',
          `${fmt(d.peakRssMb)} MB`,
          `peak RSS (baseline ${d.baselineRssMb} MB, kernel maxRSS ${d.maxRssMb} MB); card ${d.cardMs} ms`,
        ],
      ];
      log(
        table('2. Digest', [
          ...digestRows(
            `${fmt(SIZES.actions)} actions, ${fmt(SIZES.updates)} updates, first after the weeks closed`,
            dFirst,
          ),
          ...digestRows(`${fmt(SIZES.actions)} actions, ${fmt(SIZES.updates)} updates, now`, dNow),
          ...digestRows(`same, past week ${pastWeek}`, dPast),
          ...digestRows(`${fmt(SIZES.smallActions)} actions, ${fmt(SIZES.smallActions * 10)} updates, now`, dSmall),
          ...digestRows(`${fmt(SIZES.smallActions)} actions, ${fmt(SIZES.smallActions * 100)} updates, now`, dDeep),
          [
            'moving history',
            `${fmt(moved)} rows`,
            `the scheduler's weekly step kept the ${fmt(SIZES.smallActions)}-action board's closed weeks and moved their history out of the Ledger in ${secs(moveMs)} (${fmt(moved / Math.max(0.001, moveMs / 1000))} rows/s, folding included; the History table holds ${fmt(movedRows)} rows)`,
          ],
          [
            'history ×10',
            `×${fmt(dDeep.ms / dSmall.ms, 2)}`,
            `the same board with ten times the history (goal: within ×1.2); rows read ${fmt(dSmall.rowsRead)} → ${fmt(dDeep.rowsRead)}`,
          ],
          [
            'growth',
            `×${fmt(dNow.ms / dSmall.ms, 1)}`,
            `for ×${fmt(SIZES.actions / SIZES.smallActions)} the data (goal at ${fmt(SIZES.actions)}: < 2 s)`,
          ],
        ]),
      );
      results.digest = {
        actions: SIZES.actions,
        updates: SIZES.updates,
        ms: dNow.ms,
        pastWeek,
        pastWeekMs: dPast.ms,
        peakRssMb: dNow.peakRssMb,
        pastWeekPeakRssMb: dPast.peakRssMb,
        baselineRssMb: dNow.baselineRssMb,
        smallActions: SIZES.smallActions,
        [QUICK ? 'msSmall' : 'ms2k']: dSmall.ms,
        growth: round(dNow.ms / dSmall.ms, 2),
        firstMs: dFirst.ms,
        historyMoved: { rows: moved, ms: moveMs, historyRows: movedRows },
        deepMs: dDeep.ms,
        historyTenfoldRatio: round(dDeep.ms / dSmall.ms, 2),
        rowsRead: dNow.rowsRead,
        storageCalls: dNow.storageCalls,
        detail: { first: dFirst, now: dNow, pastWeek: dPast, small: dSmall, deep: dDeep },
      };
      goals.digest = {
        goal: `< ${GOALS.digestMs} ms at ${SIZES.actions} actions`,
        value: dNow.ms,
        met: dNow.ms < GOALS.digestMs,
      };
      goals.digestPastWeek = { goal: '< 1000 ms for a closed week', value: dPast.ms, met: dPast.ms < 1000 };
      goals.digestHistoryTenfold = {
        goal: 'within ×1.2 with ten times the history',
        value: round(dDeep.ms / dSmall.ms, 2),
        met: dDeep.ms / dSmall.ms <= 1.2,
      };
      goals.digestPeakRss = { goal: '< 250 MB peak RSS', value: dNow.peakRssMb, met: dNow.peakRssMb < 250 };
      summary.push(
        `digest ${fmt(SIZES.actions / 1000, SIZES.actions < 1000 ? 1 : 0)}k ${secs(dNow.ms)} (past week ${secs(dPast.ms)}, ${fmt(SIZES.smallActions / 1000, SIZES.smallActions < 1000 ? 1 : 0)}k ${secs(dSmall.ms)}), ${fmt(dNow.peakRssMb)} MB`,
      );
    }

    // ---- 4. import --------------------------------------------------------------------------
    if (want('import')) {
      log(`\nimport: ${fmt(SIZES.importRows)} rows...`);
      const importBoards = syntheticPlans({
        actions: SIZES.importRows,
        owners: SIZES.importRows / 4,
        updates: SIZES.importRows * 3,
        plans: Math.ceil(SIZES.importRows / PER_PLAN),
        now,
        seed: 99,
        name: 'Imported Plan',
      });
      const csv = importBoards
        .map((b, i) => (i === 0 ? planCsvOf(b) : planCsvOf(b).split('\r\n').slice(1).join('\r\n')))
        .join('');
      const importStore = await openTableStore(cs, 'bimport');
      const importCpu = cpuMeter(azuritePid);
      const t0 = performance.now();
      let parseMs = 0;
      const { parsed, summary: imp } = await profiled(PROFILE_DIR, 'import', async () => {
        const parsed = parsePlanCsv(csv);
        parseMs = performance.now() - t0;
        if (parsed.problems.length)
          throw new Error(`the synthetic plan file is invalid: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
        return { parsed, summary: await importPlanRows(importStore, parsed.rows, new Date()) };
      });
      const importMs = performance.now() - t0;
      const imported = (await importStore.actions.listAll()).length;
      const importFig = {
        rows: parsed.rows.length,
        bytes: Buffer.byteLength(csv),
        plans: imp.plans,
        parseMs: Math.round(parseMs),
        writeMs: Math.round(importMs - parseMs),
        ms: Math.round(importMs),
        rowsPerSec: Math.round(parsed.rows.length / (importMs / 1000)),
        imported,
        cpu: importCpu(),
      };
      log(
        table('4. Import', [
          [
            'rows/s',
            fmt(importFig.rowsPerSec),
            `${fmt(importFig.rows)} rows (${fmt(importFig.bytes / 1024)} KB, ${importFig.plans} plans) in ${secs(importFig.ms)}: parse ${secs(importFig.parseMs)}, write ${secs(importFig.writeMs)} (goal ≥ ${fmt(GOALS.importRowsPerSec)} rows/s)`,
          ],
          [
            'in storage afterwards',
            fmt(imported),
            `CPU bot ${secs(importFig.cpu.botMs)}, Azurite ${secs(importFig.cpu.azuriteMs)}, rest ${secs(importFig.cpu.elsewhereMs)}`,
          ],
        ]),
      );
      results.import = importFig;
      goals.import = {
        goal: `≥ ${GOALS.importRowsPerSec} rows/s, all or nothing`,
        value: importFig.rowsPerSec,
        met: importFig.rowsPerSec >= GOALS.importRowsPerSec && imported === importFig.rows,
      };
      summary.push(`import ${fmt(importFig.rowsPerSec)} rows/s`);
    }

    // ---- 5. the demo plan -------------------------------------------------------------------
    if (want('demo')) {
      const demoStore = await openTableStore(cs, 'bdemo');
      const demo = parsePlanCsv(readFileSync(DEMO_PLAN_FILE, 'utf8'));
      const demoImportStart = performance.now();
      await importPlanRows(demoStore, demo.rows, new Date(Date.now() - 14 * 86_400_000), 'demo plan');
      const demoImportMs = performance.now() - demoImportStart;
      const demoPeople = [...new Set(demo.rows.map((r) => r.ownerEmail))].map((email, i) => ({
        ...personOf(900_000 + i),
        email,
        name: email.split('@')[0],
      }));
      await loadOwners(cs, 'bdemo', demoPeople, connector.url);
      const demoCounter = await startStorageCounter(cs);
      counters.push(demoCounter);
      const demoApp = await startApp(configFor(demoCounter.connectionString, 'bdemo'), countingLogger());
      apps.push(demoApp);
      const demoFirst = await chaseOnce(demoApp, connector, azuritePid, demoPeople.length, demoCounter);
      const demoWeekly = await chaseOnce(demoApp, connector, azuritePid, demoPeople.length, demoCounter);
      const demoDigest = await digestRun(cs, 'bdemo', undefined, azuritePid);
      log(
        table(`5. Demo plan (${demo.rows.length} actions, ${demoPeople.length} owners)`, [
          ['import', `${fmt(demoImportMs)} ms`],
          [
            'chase, first cycle',
            `${fmt(demoFirst.totalMs)} ms`,
            `${demoFirst.prompted} prompts, ${demoFirst.requests} requests, ${demoFirst.throttled} × 429`,
          ],
          [
            'chase, weekly cycle',
            `${fmt(demoWeekly.totalMs)} ms`,
            `${demoWeekly.prompted} prompts, ${demoWeekly.requests} requests, ${demoWeekly.throttled} × 429`,
          ],
          ['digest', `${fmt(demoDigest.ms)} ms`, `peak RSS ${demoDigest.peakRssMb} MB; card ${demoDigest.cardMs} ms`],
        ]),
      );
      results.demo = {
        actions: demo.rows.length,
        owners: demoPeople.length,
        importMs: Math.round(demoImportMs),
        chaseMs: demoFirst.totalMs,
        weeklyChaseMs: demoWeekly.totalMs,
        prompted: demoFirst.prompted,
        throttled: demoFirst.throttled + demoWeekly.throttled,
        digestMs: demoDigest.ms,
        digestPeakRssMb: demoDigest.peakRssMb,
      };
      summary.push(`demo plan: chase ${fmt(demoFirst.totalMs)} ms, digest ${fmt(demoDigest.ms)} ms`);
    }

    // ---- results ----------------------------------------------------------------------------
    Object.assign(results, {
      goals,
      bot: { logCounts: Object.fromEntries(botLog.counts), errors: botLog.errors },
      machineLoadAvgAtEnd: os.loadavg().map((x) => round(x, 2)),
      totalSeconds: Math.round((Date.now() - runStarted) / 1000),
    });
    // A profiled run is slowed by the profiler, and a partial run is partial: neither replaces latest.json.
    const file = PROFILE_DIR
      ? path.join(PROFILE_DIR, 'results.json')
      : path.join(ROOT, 'bench', 'results', ONLY ? 'partial.json' : QUICK ? 'latest-quick.json' : 'latest.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    if (PROFILE_DIR) log(`\nCPU profiles in ${PROFILE_DIR} (summarise one with: npx tsx bench/profileTop.ts <file>)`);
    log(
      table(
        'Goals',
        Object.entries(goals).map(([k, g]): [string, string, string?] => [
          k,
          g.met ? 'met' : 'MISSED',
          `${g.goal}; measured ${fmt(g.value, k === 'chase' ? 3 : 0)}`,
        ]),
      ),
    );
    log(`\nwritten ${path.relative(ROOT, file)} (${Math.round((Date.now() - runStarted) / 1000)} s in all)`);
    log(`bench${QUICK ? ' (quick)' : ''}: ${summary.join('; ')}`);
  } finally {
    for (const a of apps.reverse()) await a.stop().catch(() => undefined);
    for (const c of counters) await c.stop();
    connector.stop();
    await azurite.stop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
