import { z } from 'zod';
import type { LogFields, Logger } from '../log';
import type { AnswerOutcome, Telemetry } from './port';

/** The card verbs worth a dimension; anything else a client sends is counted as "other". */
const VERBS = new Set(['saveUpdate', 'noChange', 'notMine', 'noChangeAll']);
const verbOf = (fields: LogFields): string | undefined =>
  typeof fields.verb === 'string' ? (VERBS.has(fields.verb) ? fields.verb : 'other') : undefined;

/** The report the chase cycle logs when it has run (bot/jobs/chaseCycle.ts, "chase cycle run"). */
const cycleReport = z.object({
  cycleId: z.string(),
  prompted: z.number().int().min(0),
  skipped: z.number().int().min(0),
  unreachable: z.number().int().min(0),
  failed: z.number().int().min(0),
  unknown: z.number().int().min(0),
  alreadyDone: z.number().int().min(0),
  released: z.number().int().min(0).default(0),
});

/** Log events that are also telemetry: the message the module logs, and how an answer ended. */
const ANSWERS: Record<string, AnswerOutcome> = {
  'reply recorded': 'recorded',
  'action flagged not mine': 'recorded',
  'reply refused': 'refused',
  'card action refused': 'refused',
  'card action failed': 'failed',
};

/** Turns one log event into telemetry when it is one of the events counted. */
function observe(t: Telemetry, msg: string, fields: LogFields): void {
  const outcome = ANSWERS[msg];
  if (outcome) t.answer(outcome, verbOf(fields));
  else if (msg === 'chase cycle run') {
    const report = cycleReport.safeParse(fields);
    if (report.success) t.chaseCycle(report.data);
  }
}

/**
 * A logger that also reports the events the jobs and card handlers already log (chase cycles run,
 * answers recorded or refused) to telemetry, so those modules need not know telemetry exists.
 * Every line is still written as before.
 */
export function observedLogger(log: Logger, t: Telemetry, base: LogFields = {}): Logger {
  const seen = (msg: string, fields?: LogFields) => {
    try {
      observe(t, msg, { ...base, ...fields });
    } catch {
      // Telemetry never breaks the work it watches.
    }
  };
  return {
    info: (m, f) => {
      log.info(m, f);
      seen(m, f);
    },
    warn: (m, f) => {
      log.warn(m, f);
      seen(m, f);
    },
    error: (m, f) => {
      log.error(m, f);
      seen(m, f);
    },
    child: (fields) => observedLogger(log.child(fields), t, { ...base, ...fields }),
  };
}
