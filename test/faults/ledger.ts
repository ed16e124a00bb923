import { appendFileSync } from 'node:fs';

/**
 * What one fault scenario measured, from what storage and the Connector stand-in recorded: replies
 * confirmed to a person but not stored (or stored twice), and prompts beyond one per owner. A scenario
 * gives only the figures it measured: one that sends no prompt says nothing about duplicates.
 */
export interface FaultOutcome {
  fault: string;
  repliesLost?: number;
  duplicatePrompts?: number;
}

/**
 * Notes a scenario's outcome for the summary line of `npm run test:faults` (test/faults/summaryReporter.js).
 * The test still asserts zero itself; this only makes the figures visible.
 */
export function recordOutcome(o: FaultOutcome): void {
  const file = process.env.FAULT_LEDGER;
  if (file) appendFileSync(file, `${JSON.stringify(o)}\n`);
}

/** Prompts per owner, from what the Bot Connector stand-in received: any count above 1 is a duplicate. */
export function duplicatesIn(countsPerOwner: number[]): number {
  return countsPerOwner.reduce((n, c) => n + Math.max(0, c - 1), 0);
}
