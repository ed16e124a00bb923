import { type Config, loadConfig } from './config';
import { loadDotEnv } from './dotenv';
import { startApp } from './app';
import { isBoardBotError } from './errors';
import { createLogger } from './log';

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
  const log = createLogger({ service: 'board-chaser' });
  const app = await startApp(config, log);
  log.info(`bot listening on ${app.url}/api/messages`, {
    mode: config.credentials
      ? 'authenticated (Bot Framework tokens required)'
      : 'local (no app credentials: loopback only, no authentication)',
    storage: config.storage.connectionString
      ? 'configured account'
      : `embedded Azurite on port ${config.storage.azuritePort}`,
    chase: `every ${config.chase.intervalWeeks > 1 ? `${config.chase.intervalWeeks} weeks on ` : ''}${['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'][config.chase.weekday]} at ${config.chase.time} Europe/London`,
  });
  const stop = async (signal: string) => {
    log.info('stopping', { signal });
    // App Service kills the process 10 s after SIGTERM: whatever happens, leave before that.
    setTimeout(() => {
      log.warn('stop took too long: exiting now');
      process.exit(1);
    }, config.outbound.stopGraceMs + 700).unref();
    await app.stop();
    log.info('stopped', { signal });
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  console.error(`The bot could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
