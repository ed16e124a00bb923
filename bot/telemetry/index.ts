import type { Config } from '../config';
import type { Logger } from '../log';
import { type Telemetry, noTelemetry } from './port';

export type { AnswerOutcome, DigestKind, Telemetry, TurnKind } from './port';
export { noTelemetry } from './port';
export { observedLogger } from './logEvents';

/** The bot's telemetry: to Application Insights when configured (started by ./start), else none. */
export function telemetryFor(config: Config, log: Logger): Telemetry {
  if (!config.telemetry) return noTelemetry;
  const { azureMonitorTelemetry } = require('./azureMonitor') as typeof import('./azureMonitor');
  return azureMonitorTelemetry(log.child({ part: 'telemetry' }));
}
export { turnKindOf } from './turn';
