// First: telemetry instruments http, restify and botbuilder only if it starts before they load.
import './telemetry/start';
import { type Config, loadConfig, secretsIn } from './config';
import { loadDotEnv } from './dotenv';
import { startApp } from './app';
import { isBoardBotError } from './errors';
import { captureConsole, createLogger } from './log';

/** `npm start`: reads the configuration, starts the bot, and stops cleanly on Ctrl-C. */
async function main(): Promise<void> {
  loadDotEnv();
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    console.error(isBoardBotError(e) ? e.message : String(e));
    process.exit(2);
  }
  const log = createLogger({ service: 'board-chaser' }, undefined, secretsIn());
  captureConsole(log);
  const app = await startApp(config, log);
  log.info(`bot listening on ${app.url}/api/messages`, {
    mode: config.credentials
      ? 'authenticated (Bot Framework tokens required)'
      : 'local (no app credentials: loopback only, no authentication)',
    storage: config.storage.accountUrl
      ? 'account reached with a managed identity'
      : config.storage.connectionString
        ? 'configured account'
        : `embedded Azurite on port ${config.storage.azuritePort}`,
    chase: `every ${config.chase.intervalWeeks > 1 ? `${config.chase.intervalWeeks} weeks on ` : ''}${['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'][config.chase.weekday]} at ${config.chase.time} Europe/London`,
  });
  // Stops HTTP first (answers in flight finish), then the embedded Azurite saves its data file and exits.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    // App Service kills the process 10 s after SIGTERM: whatever happens, leave before that.
    setTimeout(() => {
      log.warn('stop took too long: exiting now');
      process.exit(1);
    }, config.outbound.stopGraceMs + 700).unref();
    try {
      await app.stop();
      log.info('stopped', { signal });
      process.exit(0);
    } catch (e) {
      log.error('stopped, but storage may not have saved everything', { error: e });
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  console.error(`The bot could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
