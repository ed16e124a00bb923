import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Server } from 'restify';
import { type Config, JOB_DEFAULTS, RETENTION_YEARS_DEFAULT } from './config';
import { applyRetention } from './jobs/retention';
import type { BoardStore, Clock, Messenger } from './domain/ports';
import type { Digest } from './domain/digest';
import { englandAndWalesBankHolidays } from './domain/bankHolidays';
import type { ChaseSettings } from './domain/chasePolicy';
import { ensureAzurite, type EmbeddedAzurite } from './embeddedAzurite';
import { createServer } from './http/server';
import { finishInterruptedImports, importPlanRows } from './import/importPlan';
import { parsePlanCsv } from './import/planCsv';
import type { ChaseDeps } from './jobs/chaseCycle';
import { JobRunner } from './jobs/jobRunner';
import { JobQueue } from './jobs/jobQueue';
import { jobKinds } from './jobs/jobKinds';
import { everyWorkingDayAt, resumeUnfinishedCycles, schedulerTick } from './jobs/scheduler';
import { postWeeklyDigest } from './jobs/weeklyDigest';
import { tellSecretariat } from './jobs/followUps';
import { DEFAULT_OUTBOUND, ThrottledMessenger } from './outbound/throttledMessenger';
import { gateFor } from './outbound/gateFor';
import { joinFleet } from './outbound/fleetShares';
import type { CommandDeps } from './commands/context';
import { exportLink } from './digest/exportLinks';
import { pngDataUri, trendPng } from './digest/trendChart';
import type { Logger } from './log';
import { type StorageTarget, openTableStore } from './store';

import { createTeamsEndpoint } from './teams';
import { ownerReachFor } from './graph';
import { registerTabRoutes } from './tab/tabRoutes';
import { tabAuthenticatorFor } from './tab/tabAuth';
import { setTabLinks, tabLinksFor } from '../cards/tabLinks';
import { BoardAccess } from './board/boardAccess';
import { flagSettingsOf } from './digest/boardFlags';
import { type Telemetry, observedLogger, telemetryFor, turnKindOf } from './telemetry';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/** When the retention job runs each working day (London time), before anyone is chased. */
const RETENTION_TIME = '06:30';

export const DEMO_PLAN_FILE = path.join(__dirname, 'demo', 'demo-plan.csv');

/** A running bot service. */
export interface App {
  server: Server;
  store: BoardStore;
  messenger: Messenger;
  url: string;
  chase: ChaseDeps;
  commands: CommandDeps;
  tick(): ReturnType<typeof schedulerTick>;
  postDigest(): ReturnType<typeof postWeeklyDigest>;
  /** Runs the background jobs (chase and digest commands) of this instance. */
  jobs: JobRunner;
  stop(): Promise<void>;
}

export const chaseSettingsOf = (c: Config): ChaseSettings => ({
  chaseWeekday: c.chase.weekday,
  intervalWeeks: c.chase.intervalWeeks,
  skipIfRepliedWithinDays: c.chase.skipIfRepliedWithinDays,
  nudgeAfterWorkingDays: c.chase.nudgeAfterWorkingDays,
  escalateAfterWorkingDays: c.chase.escalateAfterWorkingDays,
});

/**
 * Opens the configured store (a real account, or the embedded Azurite started or found here) and
 * finishes any plan import that a crash cut short, before anything reads the plans.
 */
export async function openConfiguredStore(
  config: Config,
  log: Logger,
): Promise<{ store: BoardStore; azurite?: EmbeddedAzurite }> {
  const options = { killAtWrite: config.storage.killAtWrite };
  let azurite: EmbeddedAzurite | undefined;
  let connectionString: StorageTarget | undefined =
    config.storage.connectionString ?? (config.storage.accountUrl && { accountUrl: config.storage.accountUrl });
  if (!connectionString) {
    azurite = await ensureAzurite({ port: config.storage.azuritePort, location: config.storage.azuriteLocation });
    log.info(azurite.startedHere ? 'started embedded Azurite' : 'using the Azurite already running', {
      port: config.storage.azuritePort,
      location: config.storage.azuriteLocation,
    });
    connectionString = azurite.connectionString;
  }
  const store = await openTableStore(connectionString, config.storage.tablePrefix, options);
  const finished = await finishInterruptedImports(store);
  if (finished > 0) log.warn('finished plan imports that a crash had cut short', { imports: finished });
  return { store, azurite };
}

/** Loads the demo plan into an empty store, through the same importer as `npm run import`. */
export async function loadDemoPlanIfEmpty(store: BoardStore, clock: Clock, log: Logger): Promise<void> {
  if ((await store.plans.list()).length > 0) return;
  const { rows, problems } = parsePlanCsv(readFileSync(DEMO_PLAN_FILE, 'utf8'));
  if (problems.length) throw new Error(`demo plan is invalid: ${JSON.stringify(problems.slice(0, 3))}`);
  const summary = await importPlanRows(store, rows, clock(), 'demo plan');
  log.info('loaded the demo plan', { ...summary });
}

/**
 * The key that signs export links: EXPORT_LINK_SECRET, a key of its own (never derived from the app
 * password, which is rotated for other reasons and lives elsewhere), else random for this process
 * (one instance only; the configuration refuses INSTANCE_COUNT > 1 without it).
 */
const linkSecret = (c: Config): string => c.exportLinkSecret ?? randomBytes(32).toString('hex');

/** Draws the chart, or leaves it out (with a log line) rather than fail the digest. Every digest built draws one. */
const chartFor =
  (log: Logger, telemetry: Telemetry) =>
  async (d: Digest): Promise<string | undefined> => {
    const started = performance.now();
    try {
      return pngDataUri(await trendPng(d));
    } catch (e) {
      log.error('chart could not be drawn', { error: e });
      return undefined;
    } finally {
      telemetry.digest('built', performance.now() - started);
    }
  };

/** Wires storage, Teams, the scheduler and HTTP together and starts listening. */
export async function startApp(config: Config, baseLog: Logger, clock: Clock = () => new Date()): Promise<App> {
  const telemetry = telemetryFor(config, baseLog);
  const log = config.telemetry ? observedLogger(baseLog, telemetry) : baseLog;
  const { store, azurite } = await openConfiguredStore(config, log);
  if (config.loadDemoPlan) await loadDemoPlanIfEmpty(store, clock, log);
  const settings = chaseSettingsOf(config);
  const access = new BoardAccess(store, config.secretariat, clock);
  const secretariat = () => access.secretariatIds();
  const isHoliday = englandAndWalesBankHolidays();
  const instanceId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const secret = linkSecret(config);
  const chart = chartFor(log, telemetry);
  const flags = flagSettingsOf(config);
  let baseUrl = config.publicUrl ?? '';
  let commands: CommandDeps | undefined;
  let runner: JobRunner | undefined;
  const jobSettings = config.jobs ?? JOB_DEFAULTS;
  const gate = gateFor(config, log.child({ part: 'outbound' }));
  const fleet = await joinFleet(store, gate, config.outbound.heartbeatMs, instanceId, log.child({ part: 'fleet' }));
  let stopping = false;
  const throttled: ThrottledMessenger[] = [];
  const outbound = (m: Messenger) => {
    const t = new ThrottledMessenger(
      m,
      { ...DEFAULT_OUTBOUND, tenantPerSecond: config.outbound.tenantPerSecond },
      log.child({ part: 'outbound' }),
    );
    throttled.push(t);
    return t;
  };
  const reach = ownerReachFor(config, log);
  log.info(
    reach
      ? 'owners with no chat with the bot are reached through Microsoft Graph (the app is installed for them)'
      : 'Microsoft Graph install is off: owners outside the board team are reported as unreachable',
  );
  const running = new Set<Promise<unknown>>();
  /** Keeps track of work that sends, so that stopping can wait for it. */
  const tracked = <T>(work: Promise<T>): Promise<T> => {
    running.add(work);
    void work.finally(() => running.delete(work)).catch(() => undefined);
    return work;
  };
  const chaseDepsFor = (messenger: Messenger): ChaseDeps => ({
    store,
    messenger,
    clock,
    settings,
    log: log.child({ job: 'chase' }),
    instanceId,
    concurrency: config.outbound.concurrency,
    claimLeaseMs: config.outbound.claimLeaseMs,
    stopping: () => stopping,
    tellSecretariat: (text) => tellSecretariat({ store, messenger, log, secretariat }, text),
    reach,
  });
  const teams = createTeamsEndpoint(
    config,
    log,
    (messenger) => {
      const chase = chaseDepsFor(messenger);
      const postToBoardChannel: CommandDeps['postToBoardChannel'] = async (card, summary) => {
        const channel = await access.channel();
        if (!channel) return false;
        const started = performance.now();
        await messenger.sendCard({ email: 'board channel', conversation: channel.conversation }, card, summary);
        telemetry.digest('posted', performance.now() - started);
        return true;
      };
      const jobRunner = new JobRunner({
        jobs: store.jobs,
        turns: store.turns,
        clock,
        log: log.child({ part: 'jobs' }),
        instanceId,
        kinds: jobKinds({ chase, chart, postToBoardChannel, flags }),
        tell: async (job, text) => {
          if (!job.conversation) return;
          await messenger.sendText({ email: job.requestedBy, conversation: job.conversation }, text);
        },
        leaseMs: jobSettings.leaseMs,
        pollMs: jobSettings.pollMs,
      });
      runner = jobRunner;
      commands = {
        store,
        clock,
        log,
        access,
        jobs: new JobQueue(store.jobs, clock, jobSettings.chaseAgainAfterMinutes * 60_000, () => jobRunner.kick()),
        chaseSettings: settings,
        chart,
        postToBoardChannel,
        sendToPerson: async (owner, card, summary) => void (await messenger.sendCard(owner, card, summary)),
        sendTextToPerson: async (owner, text) => void (await messenger.sendText(owner, text)),
        exportLink: (kind, q) => exportLink(baseUrl, secret, kind, q, clock()),
        flags,
      };
      return commands;
    },
    outbound,
    gate,
  );
  const chase = chaseDepsFor(teams.messenger);
  const cmd = commands as CommandDeps;
  const jobRunner = runner as JobRunner;
  const tick = () => tracked(schedulerTick({ ...chase, isHoliday, secretariat }));
  const postDigest = () =>
    tracked(
      postWeeklyDigest({
        store,
        clock,
        log,
        isHoliday,
        digestWeekday: config.digest.weekday,
        chart,
        instanceId,
        leaseMs: config.outbound.claimLeaseMs,
        postToBoardChannel: cmd.postToBoardChannel,
        flags,
        tellSecretariat: (text) => tellSecretariat({ store, messenger: teams.messenger, log, secretariat }, text),
      }),
    );
  const retention = () =>
    tracked(
      applyRetention({
        store,
        clock,
        log: log.child({ job: 'retention' }),
        years: config.retentionYears ?? RETENTION_YEARS_DEFAULT,
      }),
    );
  const jobs = config.schedulerEnabled
    ? [
        everyWorkingDayAt(config.chase.time, tick, (e) => log.error('scheduled chase failed', { error: e })),
        everyWorkingDayAt(config.digest.time, postDigest, (e) => log.error('scheduled digest failed', { error: e })),
        everyWorkingDayAt(RETENTION_TIME, retention, (e) => log.error('retention job failed', { error: e })),
      ]
    : [];

  const server = createServer(
    {
      messages: (req, res) => {
        telemetry.turn(turnKindOf(req.body));
        return teams.process(req, res);
      },
      storageReachable: () => store.ping(),
      exports: { store, secret, clock, chart, flags },
      guard: { local: !config.credentials, publicOrigin: config.publicUrl && new URL(config.publicUrl).origin },
    },
    log,
  );
  registerTabRoutes(server, {
    store,
    clock,
    chart,
    log: log.child({ part: 'tab' }),
    auth: tabAuthenticatorFor(config),
    access,
    localSecretariat: config.secretariat,
    exportLink: (kind, q) => exportLink(baseUrl, secret, kind, q, clock()),
    flags,
  });
  server.on('routed', (_req: unknown, _res: unknown, route?: { path?: unknown }) => {
    if (typeof route?.path === 'string') telemetry.route(route.path);
  });
  setTabLinks(config.publicUrl ? tabLinksFor(config.publicUrl) : undefined);
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  jobRunner.start();
  // A cycle an instance handed back when it stopped (or a failure left pending) goes on now, not at the next chase time.
  if (config.schedulerEnabled)
    void tracked(resumeUnfinishedCycles(chase)).catch((e: unknown) =>
      log.error('could not resume unfinished chase cycles', { error: e }),
    );
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${server.address().port}`;
  baseUrl ||= url;
  return {
    server,
    store,
    messenger: teams.messenger,
    url,
    chase,
    commands: cmd,
    tick,
    postDigest,
    jobs: jobRunner,
    stop: async () => {
      // Take no new work; release what waits for a slot or a retry; let what is on the wire finish.
      const deadline = Date.now() + config.outbound.stopGraceMs;
      stopping = true;
      for (const j of jobs) j.stop();
      await jobRunner.stop();
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.server.closeIdleConnections();
      gate.stop();
      for (const t of throttled) t.stop();
      const left = () => Math.max(0, deadline - Date.now());
      const settled = Promise.allSettled([...running]);
      const inTime = await Promise.race([settled.then(() => true), sleep(left()).then(() => false)]);
      if (!inTime) log.warn('stopping with work still running: its prompts stay claimed until their lease expires');
      await fleet.leave();
      await Promise.race([closed, sleep(Math.min(500, left()))]);
      server.server.closeAllConnections();
      await azurite?.stop();
      await telemetry.shutdown();
    },
  };
}
