/**
 * Imported first by bot/main.ts: starts telemetry when APPLICATIONINSIGHTS_CONNECTION_STRING is
 * set, before restify, http and botbuilder are loaded, so they are instrumented. Without it nothing
 * is loaded, sent or printed.
 */
import { secretsIn, telemetryConnectionString } from '../config';
import { loadDotEnv } from '../dotenv';
import { createLogger } from '../log';

loadDotEnv();
const connectionString = telemetryConnectionString();
if (connectionString) {
  const log = createLogger({ service: 'board-chaser', part: 'telemetry' }, undefined, secretsIn());
  try {
    // Loaded only when switched on: the SDK is large, and off must mean off.
    const { startAzureMonitor } = require('./azureMonitor') as typeof import('./azureMonitor');
    startAzureMonitor(connectionString, log);
  } catch (e) {
    // Telemetry never stops the bot: it runs on, unobserved, and says so.
    log.error('telemetry could not start; running without it', { error: e });
  }
}
