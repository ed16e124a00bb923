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
import { type StorageTarget, openBoardStores } from './store';
import { type BoardConfig, boardsIn } from './boardsConfig';
import { BoardBotError, ErrorCode } from './errors';
import { BoardDirectory } from './board/boardDirectory';
import { boardMessenger } from './board/boardMessenger';

import { createTeamsEndpoint } from './teams';
import { ownerReachFor } from './graph';
import { type TabDeps, registerTabRoutes } from './tab/tabRoutes';
import { tabAuthenticatorFor } from './tab/tabAuth';
import { BoardAccess } from './board/boardAccess';
import { type Telemetry, observedLogger, telemetryFor, turnKindOf } from './telemetry';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/** When the retention job runs each working day (London time), before anyone is chased. */
const RETENTION_TIME = '06:30';

export const DEMO_PLAN_FILE = path.join(__dirname, 'demo', 'demo-plan.csv');

/** One board's part of a running service: its store, its commands, its chase and its digest. */
export interface BoardService {
  id: string;
  name: string;
  store: BoardStore;
  chase: ChaseDeps;
  commands: CommandDeps;
  tick(): ReturnType<typeof schedulerTick>;
  postDigest(): ReturnType<typeof postWeeklyDigest>;
  /** Runs the background jobs (chase and digest commands) of this board on this instance. */
  jobs: JobRunner;
}

/** A running bot service. Its own store, chase, commands, tick, digest and jobs are its first board's. */
export interface App extends BoardService {
  server: Server;
  messenger: Messenger;
  url: string;
  /** Every board this deployment serves, in the configuration's order. */
  boards: BoardService[];
  stop(): Promise<void>;
}

export const chaseSettingsOf = (c: Config, board: BoardConfig = boardsIn(c)[0]): ChaseSettings => ({
  chaseWeekday: board.chase.weekday,
  intervalWeeks: c.chase.intervalWeeks,
  skipIfRepliedWithinDays: c.chase.skipIfRepliedWithinDays,
  nudgeAfterWorkingDays: c.chase.nudgeAfterWorkingDays,
  escalateAfterWorkingDays: c.chase.escalateAfterWorkingDays,
});

/**
 * Opens the configured stores, one per board (a real account, or the embedded Azurite started or
 * found here), and finishes any plan import that a crash cut short, before anything reads the plans.
 */
export async function openConfiguredStores(
  config: Config,
  log: Logger,
): Promise<{ stores: BoardStore[]; azurite?: EmbeddedAzurite }> {
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
  const boards = boardsIn(config);
  const stores = await openBoardStores(
    connectionString,
    config.storage.tablePrefix,
    boards.map((b) => b.tablePrefix),
    options,
  );
  for (const [i, store] of stores.entries()) {
    const finished = await finishInterruptedImports(store);
    if (finished > 0)
      log.warn('finished plan imports that a crash had cut short', { imports: finished, board: boards[i].id });
  }
  return { stores, azurite };
}

/**
 * One board's store (the command-line tools work on one board: the first, or the one named), with the
 * embedded Azurite if it was started for it.
 */
export async function openConfiguredStore(
  config: Config,
  log: Logger,
  boardId: string | undefined = config.cliBoard,
): Promise<{ store: BoardStore; board: BoardConfig; azurite?: EmbeddedAzurite }> {
  const boards = boardsIn(config);
  const index = boardId === undefined ? 0 : boards.findIndex((b) => b.id === boardId);
  if (index < 0)
    throw new BoardBotError(
      ErrorCode.ConfigInvalid,
      `Configuration error: BOARD names no board ("${boardId}"); the boards are ${boards.map((b) => b.id).join(', ')}.`,
    );
  const { stores, azurite } = await openConfiguredStores(config, log);
  return { store: stores[index], board: boards[index], azurite };
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
  const { stores, azurite } = await openConfiguredStores(config, log);
  const boardConfigs = boardsIn(config);
  const several = boardConfigs.length > 1;
  if (config.loadDemoPlan) await loadDemoPlanIfEmpty(stores[0], clock, log);
  const isHoliday = englandAndWalesBankHolidays();
  const instanceId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const secret = linkSecret(config);
  const chart = chartFor(log, telemetry);
  const tabLinks = { publicUrl: config.publicUrl, teamsAppId: config.teamsAppId };
  let baseUrl = config.publicUrl ?? '';
  const jobSettings = config.jobs ?? JOB_DEFAULTS;
  const gate = gateFor(config, log.child({ part: 'outbound' }));
  const fleet = await joinFleet(stores[0], gate, config.outbound.heartbeatMs, instanceId, log.child({ part: 'fleet' }));
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
  if (several) log.info('serving several boards', { boards: boardConfigs.map((b) => b.id) });
  const running = new Set<Promise<unknown>>();
  /** Keeps track of work that sends, so that stopping can wait for it. */
  const tracked = <T>(work: Promise<T>): Promise<T> => {
    running.add(work);
    void work.finally(() => running.delete(work)).catch(() => undefined);
    return work;
  };

  /** One board's use cases, over its own store and access, sending through the deployment's messenger. */
  const boardServiceFor = (board: BoardConfig, store: BoardStore, sharedMessenger: Messenger): BoardService => {
    const messenger = several ? boardMessenger(sharedMessenger, board.id) : sharedMessenger;
    const blog = several ? log.child({ board: board.id }) : log;
    const settings = chaseSettingsOf(config, board);
    const access = new BoardAccess(store, board.secretariat, clock);
    const secretariat = () => access.secretariatIds();
    const tellTheSecretariat = (text: string) => tellSecretariat({ store, messenger, log: blog, secretariat }, text);
    const chase: ChaseDeps = {
      store,
      messenger,
      clock,
      settings,
      log: blog.child({ job: 'chase' }),
      instanceId,
      concurrency: config.outbound.concurrency,
      claimLeaseMs: config.outbound.claimLeaseMs,
      stopping: () => stopping,
      tellSecretariat: tellTheSecretariat,
      reach,
      tabLinks,
    };
    const postToBoardChannel: CommandDeps['postToBoardChannel'] = async (card, summary) => {
      const channel = await access.channel();
      if (!channel) return false;
      const started = performance.now();
      await messenger.sendCard({ email: 'board channel', conversation: channel.conversation }, card, summary);
      telemetry.digest('posted', performance.now() - started);
      return true;
    };
    const jobs = new JobRunner({
      jobs: store.jobs,
      turns: store.turns,
      uploads: store.uploads,
      clock,
      log: blog.child({ part: 'jobs' }),
      instanceId,
      kinds: jobKinds({ chase, chart, postToBoardChannel, flags: board.flags }),
      tell: async (job, text) => {
        if (!job.conversation) return;
        const to = { email: job.requestedBy, conversation: job.conversation };
        if (job.card) await messenger.sendCard(to, JSON.parse(job.card), text);
        else await messenger.sendText(to, text);
      },
      leaseMs: jobSettings.leaseMs,
      pollMs: jobSettings.pollMs,
    });
    const commands: CommandDeps = {
      store,
      clock,
      log: blog,
      access,
      jobs: new JobQueue(store.jobs, clock, jobSettings.chaseAgainAfterMinutes * 60_000, () => jobs.kick()),
      chaseSettings: settings,
      chart,
      postToBoardChannel,
      sendToPerson: async (owner, card, summary) => void (await messenger.sendCard(owner, card, summary)),
      sendTextToPerson: async (owner, text) => void (await messenger.sendText(owner, text)),
      exportLink: (kind, q) => exportLink(baseUrl, secret, kind, q, clock(), several ? board.id : undefined),
      otherBoards: stores.filter((s) => s !== store),
      tabLinks,
      flags: board.flags,
    };
    return {
      id: board.id,
      name: board.name,
      store,
      chase,
      commands,
      jobs,
      tick: () => tracked(schedulerTick({ ...chase, isHoliday, secretariat })),
      postDigest: () =>
        tracked(
          postWeeklyDigest({
            store,
            clock,
            log: blog,
            isHoliday,
            digestWeekday: board.digest.weekday,
            chart,
            instanceId,
            leaseMs: config.outbound.claimLeaseMs,
            postToBoardChannel,
            tellSecretariat: tellTheSecretariat,
            tabLinks,
            flags: board.flags,
          }),
        ),
    };
  };

  let boards: BoardService[] = [];
  let directory: BoardDirectory | undefined;
  const teams = createTeamsEndpoint(
    config,
    log,
    (messenger) => {
      boards = boardConfigs.map((b, i) => boardServiceFor(b, stores[i], messenger));
      directory = new BoardDirectory(
        boards.map((b) => ({ id: b.id, name: b.name, deps: b.commands })),
        stores[0].shared,
      );
      return directory;
    },
    outbound,
    gate,
  );
  // createTeamsEndpoint builds the directory before it returns.
  const boardDirectory = directory as BoardDirectory;
  const retention = (b: BoardService) =>
    tracked(
      applyRetention({
        store: b.store,
        clock,
        log: log.child({ job: 'retention', board: b.id }),
        years: config.retentionYears ?? RETENTION_YEARS_DEFAULT,
      }),
    );
  const schedules = config.schedulerEnabled
    ? boards.flatMap((b, i) => {
        const c = boardConfigs[i];
        const blog = log.child({ board: b.id });
        return [
          everyWorkingDayAt(c.chase.time, b.tick, (e) => blog.error('scheduled chase failed', { error: e })),
          everyWorkingDayAt(c.digest.time, b.postDigest, (e) => blog.error('scheduled digest failed', { error: e })),
          everyWorkingDayAt(
            RETENTION_TIME,
            () => retention(b),
            (e) => blog.error('retention job failed', { error: e }),
          ),
        ];
      })
    : [];
  const first = boards[0];

  const server = createServer(
    {
      messages: (req, res) => {
        telemetry.turn(turnKindOf(req.body));
        return teams.process(req, res);
      },
      storageReachable: () => first.store.ping(),
      exports: {
        storeFor: (id) => (id === undefined ? first.store : boards.find((b) => b.id === id)?.store),
        flagsFor: (id) => boardConfigs.find((b) => b.id === id)?.flags ?? boardConfigs[0].flags,
        secret,
        clock,
        chart,
      },
      guard: { local: !config.credentials, publicOrigin: config.publicUrl && new URL(config.publicUrl).origin },
    },
    log,
  );
  const tabDepsOf = (b: BoardService, i: number): TabDeps => ({
    store: b.store,
    clock,
    chart,
    log: log.child({ part: 'tab', ...(several ? { board: b.id } : {}) }),
    auth,
    access: b.commands.access,
    localSecretariat: boardConfigs[i].secretariat,
    exportLink: b.commands.exportLink,
    flags: boardConfigs[i].flags,
  });
  const auth = tabAuthenticatorFor(config);
  const tabBoards = boards.map((b, i) => ({ id: b.id, name: b.name, deps: tabDepsOf(b, i) }));
  registerTabRoutes(
    server,
    tabBoards[0].deps,
    several
      ? {
          list: tabBoards,
          choose: async (asker) => {
            const choice = await boardDirectory.choiceFor(asker);
            return 'board' in choice ? choice.board.id : choice.ambiguous[0].id;
          },
          ofChannel: async (channelId) => (await boardDirectory.withChannel(channelId))?.id,
        }
      : undefined,
  );
  server.on('routed', (_req: unknown, _res: unknown, route?: { path?: unknown }) => {
    if (typeof route?.path === 'string') telemetry.route(route.path);
  });
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  for (const b of boards) b.jobs.start();
  // A cycle an instance handed back when it stopped (or a failure left pending) goes on now, not at the next chase time.
  if (config.schedulerEnabled)
    for (const b of boards)
      void tracked(resumeUnfinishedCycles(b.chase)).catch((e: unknown) =>
        log.error('could not resume unfinished chase cycles', { error: e, board: b.id }),
      );
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${server.address().port}`;
  baseUrl ||= url;
  return {
    ...first,
    server,
    messenger: teams.messenger,
    url,
    boards,
    stop: async () => {
      // Take no new work; release what waits for a slot or a retry; let what is on the wire finish.
      const deadline = Date.now() + config.outbound.stopGraceMs;
      stopping = true;
      for (const j of schedules) j.stop();
      await Promise.all(boards.map((b) => b.jobs.stop()));
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
