import type { IncomingMessage, RequestOptions } from 'node:http';
import { format } from 'node:util';
import { AzureLogger, type AzureLogLevel, setLogLevel } from '@azure/logger';
import { shutdownAzureMonitor, useAzureMonitor } from '@azure/monitor-opentelemetry';
import { type DiagLogger, DiagLogLevel, diag, metrics, trace } from '@opentelemetry/api';
import type { CycleReport } from '../jobs/chaseCycle';
import type { Logger } from '../log';
import { scrubbingProcessor } from './scrub';
import type { AnswerOutcome, DigestKind, Telemetry, TurnKind } from './port';

const SERVICE = 'board-chaser';

/** Paths whose requests are not worth a telemetry item each (App Service pings them all day). */
const UNTRACKED_PATHS = new Set(['/healthz']);

const pathOf = (url: string | undefined): string => (url ?? '/').split('?')[0];

/**
 * Azure SDK clients (Table storage, the Bot Connector) report each HTTP call themselves, with its
 * status and retries under one request id; the plain HTTP span under it would count it twice.
 */
const madeByAzureSdk = (req: RequestOptions): boolean => {
  const headers = req.headers;
  if (!headers || Array.isArray(headers)) return false;
  return Object.keys(headers).some((h) => h.toLowerCase() === 'x-ms-client-request-id');
};

const AZURE_LEVELS: AzureLogLevel[] = ['verbose', 'info', 'warning', 'error'];
const line = (args: unknown[]) => format(...args).slice(0, 1000);

/**
 * The SDK's own complaints (an export that failed, a bad setting) as JSON log lines like the bot's,
 * not console text. Azure SDK clients log errors only unless AZURE_LOG_LEVEL says otherwise (at the
 * distro's default, "warning", every Table client prints a deprecation notice).
 */
function sdkLogsTo(log: Logger): void {
  const drop = () => {};
  const lines: DiagLogger = {
    error: (...a) => log.error('telemetry SDK error', { detail: line(a) }),
    warn: (...a) => log.warn('telemetry SDK warning', { detail: line(a) }),
    info: drop,
    debug: drop,
    verbose: drop,
  };
  diag.setLogger(lines, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  setLogLevel(AZURE_LEVELS.find((l) => l === process.env.AZURE_LOG_LEVEL) ?? 'error');
  AzureLogger.log = (...a: unknown[]) => log.warn('Azure SDK log', { detail: line(a) });
}

/**
 * Starts Azure Monitor OpenTelemetry: HTTP requests in and out (Teams' Bot Connector, Entra, Table
 * storage) and Azure SDK calls become requests and dependencies in Application Insights; our own
 * metrics go through the meter named after the service. Must run before http, restify and
 * botbuilder are loaded, so their modules are instrumented.
 */
export function startAzureMonitor(connectionString: string, log: Logger): void {
  const http = {
    enabled: true,
    ignoreIncomingRequestHook: (req: IncomingMessage) => UNTRACKED_PATHS.has(pathOf(req.url)),
    ignoreOutgoingRequestHook: madeByAzureSdk,
  };
  // The distro reads these from the environment only; an operator's own values win.
  // The cloud role name in Application Insights:
  process.env.OTEL_SERVICE_NAME ??= SERVICE;
  // Not the host detector: its machine id (a device identifier) settles late, and until it does every
  // span logs "Accessing resource attributes before async attributes settled" (hundreds at startup).
  process.env.OTEL_NODE_RESOURCE_DETECTORS ??= 'env,os';
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    // Every request and dependency is kept: a board's traffic is small, and a 429 must not be sampled away.
    samplingRatio: 1,
    tracesPerSecond: 0,
    // Live Metrics streams request details to a second Microsoft endpoint every second: not wanted.
    enableLiveMetrics: false,
    instrumentationOptions: { http, azureSdk: { enabled: true } },
    spanProcessors: [scrubbingProcessor],
  });
  sdkLogsTo(log);
}

/** How long a stop waits for the last telemetry to be sent. */
const SHUTDOWN_LIMIT_MS = 5_000;

/** Flushes and stops the SDK, within a time limit; a failure is a log line, never an error for the caller. */
async function shutdownWithin(ms: number, log: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not done within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([shutdownAzureMonitor(), limit]);
  } catch (e) {
    log.warn('telemetry not all sent at shutdown', { error: e });
  } finally {
    clearTimeout(timer);
  }
}

/** The bot's telemetry over the OpenTelemetry API that startAzureMonitor registered. */
export function azureMonitorTelemetry(log: Logger): Telemetry {
  const meter = metrics.getMeter(SERVICE);
  const count = (name: string, description: string) => meter.createCounter(name, { description });
  const cycles = count('board.chase.cycles', 'Chase cycles run (scheduled, resumed or started by hand)');
  const owners = count('board.chase.owners', 'Owners handled in chase cycles');
  const prompted = count('board.chase.prompted', 'Owners sent a chase card');
  const unreachable = count('board.chase.unreachable', 'Owners the bot could not reach in Teams');
  const failed = count('board.chase.failed', 'Chase cards that could not be delivered after retries');
  const answers = count('board.answers', 'Answers on chase cards, by outcome (recorded, refused, failed)');
  const digests = meter.createHistogram('board.digest.duration', {
    description: 'Digests built (chart drawn) or posted to the board channel, and how long that took',
    unit: 'ms',
  });
  return {
    turn: (k: TurnKind) => {
      const span = trace.getActiveSpan();
      if (!span) return;
      if (k.type) span.setAttribute('board.activity.type', k.type);
      if (k.name) span.setAttribute('board.activity.name', k.name);
      if (k.verb) span.setAttribute('board.activity.verb', k.verb);
    },
    route: (path: string) => trace.getActiveSpan()?.setAttribute('http.route', path),
    chaseCycle: (r: CycleReport) => {
      cycles.add(1);
      owners.add(r.prompted + r.skipped + r.unreachable + r.failed + r.unknown + r.alreadyDone);
      prompted.add(r.prompted);
      unreachable.add(r.unreachable);
      failed.add(r.failed);
    },
    answer: (outcome: AnswerOutcome, verb?: string) => answers.add(1, verb ? { outcome, verb } : { outcome }),
    digest: (kind: DigestKind, ms: number) => digests.record(ms, { kind }),
    shutdown: () => shutdownWithin(SHUTDOWN_LIMIT_MS, log),
  };
}
