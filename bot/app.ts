import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Server } from 'restify';
import { Config } from './config';
import { BoardStore, Clock, Messenger } from './domain/ports';
import { englandAndWalesBankHolidays } from './domain/bankHolidays';
import { ChaseSettings } from './domain/chasePolicy';
import { ensureAzurite, EmbeddedAzurite } from './embeddedAzurite';
import { createServer } from './http/server';
import { importPlanRows } from './import/importPlan';
import { parsePlanCsv } from './import/planCsv';
import { runChaseCycle, ChaseDeps } from './jobs/chaseCycle';
import { schedulerTick, startScheduler } from './jobs/scheduler';
import { Logger } from './log';
import { openTableStore } from './store';
import { createTeamsEndpoint } from './teams';

export const DEMO_PLAN_FILE = path.join(__dirname, 'demo', 'demo-plan.csv');

/** A running bot service. */
export interface App {
  server: Server;
  store: BoardStore;
  messenger: Messenger;
  url: string;
  chase: ChaseDeps;
  tick(): ReturnType<typeof schedulerTick>;
  stop(): Promise<void>;
}

export const chaseSettingsOf = (c: Config): ChaseSettings => ({
  chaseWeekday: c.chase.weekday,
  intervalWeeks: c.chase.intervalWeeks,
  skipIfRepliedWithinDays: c.chase.skipIfRepliedWithinDays,
  nudgeAfterWorkingDays: c.chase.nudgeAfterWorkingDays,
  escalateAfterWorkingDays: c.chase.escalateAfterWorkingDays,
});

/** Opens the configured store: a real account, or the embedded Azurite started (or found) here. */
export async function openConfiguredStore(config: Config, log: Logger): Promise<{ store: BoardStore; azurite?: EmbeddedAzurite }> {
  if (config.storage.connectionString) return { store: await openTableStore(config.storage.connectionString, config.storage.tablePrefix) };
  const azurite = await ensureAzurite({ port: config.storage.azuritePort, location: config.storage.azuriteLocation });
  log.info(azurite.startedHere ? 'started embedded Azurite' : 'using the Azurite already running', { port: config.storage.azuritePort, location: config.storage.azuriteLocation });
  return { store: await openTableStore(azurite.connectionString, config.storage.tablePrefix), azurite };
}

/** Loads the demo plan into an empty store, through the same importer as `npm run import`. */
export async function loadDemoPlanIfEmpty(store: BoardStore, clock: Clock, log: Logger): Promise<void> {
  if ((await store.plans.list()).length > 0) return;
  const { rows, problems } = parsePlanCsv(readFileSync(DEMO_PLAN_FILE, 'utf8'));
  if (problems.length) throw new Error(`demo plan is invalid: ${JSON.stringify(problems.slice(0, 3))}`);
  const summary = await importPlanRows(store, rows, clock(), 'demo plan');
  log.info('loaded the demo plan', { ...summary });
}

/** Wires storage, Teams, the scheduler and HTTP together and starts listening. */
export async function startApp(config: Config, log: Logger, clock: Clock = () => new Date()): Promise<App> {
  const { store, azurite } = await openConfiguredStore(config, log);
  if (config.loadDemoPlan) await loadDemoPlanIfEmpty(store, clock, log);
  const settings = chaseSettingsOf(config);
  const isHoliday = englandAndWalesBankHolidays();
  const instanceId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  let chase: ChaseDeps | undefined;
  const teams = createTeamsEndpoint(
    config,
    { store, clock, log, secretariat: config.secretariat, chaseNow: () => runChaseCycle(chase as ChaseDeps, 'manual') },
    log,
  );
  chase = { store, messenger: teams.messenger, clock, settings, log: log.child({ job: 'chase' }), instanceId };
  const tickDeps = { ...chase, isHoliday, secretariat: config.secretariat };
  const tick = () => schedulerTick(tickDeps);
  const scheduler = config.schedulerEnabled ? startScheduler(config.chase.time, tick, (e) => log.error('scheduled tick failed', { error: e })) : undefined;

  const server = createServer({ messages: (req, res) => teams.process(req, res), storageReachable: () => store.ping() }, log);
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${address.port}`;
  return {
    server,
    store,
    messenger: teams.messenger,
    url,
    chase,
    tick,
    stop: async () => {
      scheduler?.stop();
      await new Promise<void>((r) => server.close(() => r()));
      await azurite?.stop();
    },
  };
}
