import { appendFileSync } from 'node:fs';
import type { FaultOutcome } from './ledger';

/**
 * Notes a scenario's outcome in the fault ledger (read by summaryReporter.js) together with the
 * figures it measured, every one computed from what the Connector stand-in and storage recorded.
 */
export function recordMeasured(o: FaultOutcome & { figures: Record<string, number | string> }): void {
  const file = process.env.FAULT_LEDGER;
  if (file) appendFileSync(file, `${JSON.stringify(o)}\n`);
  console.log(`${o.fault}: ${JSON.stringify(o.figures)}`);
}

/** Cards (not texts) the stand-in stored per member. */
export const cardsIn = (sent: { activity: Record<string, unknown> }[]): number =>
  sent.filter((s) => Array.isArray(s.activity.attachments) && s.activity.attachments.length > 0).length;
