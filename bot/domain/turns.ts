/**
 * One inbound activity (a message or a card press) as the bot remembers it, so that Teams delivering
 * it again does not run it again. Keyed by conversation and activity id.
 */
export interface TurnRecord {
  conversationId: string;
  activityId: string;
  /** running: an instance is handling it; done: handled, `result` holds an invoke's answer. */
  state: 'running' | 'done';
  claimedAt: string;
  /** A running turn whose lease has passed was left by an instance that died: another may run it. */
  leaseUntil: string;
  /** After this the row means nothing and is swept. */
  expiresAt: string;
  /** An invoke's answer ({ status, body }) as JSON, to give the same answer again. */
  result?: string;
}

/** What to do with an activity already on record. */
export type TurnDecision = 'run' | 'replay' | 'wait';

/** Expired or abandoned: run it (taking the row over); handled: replay; being handled now: wait for it. */
export function turnDecision(found: TurnRecord, now: Date): TurnDecision {
  if (Date.parse(found.expiresAt) <= now.getTime()) return 'run';
  if (found.state === 'done') return 'replay';
  return Date.parse(found.leaseUntil) <= now.getTime() ? 'run' : 'wait';
}
