import type { CycleReport } from '../jobs/chaseCycle';

/** How an owner's answer on a card ended: stored, refused with a reason shown to them, or failed on our side. */
export type AnswerOutcome = 'recorded' | 'refused' | 'failed';

/** A digest drawn for someone to read (card, tab, export), or posted to the board channel. */
export type DigestKind = 'built' | 'posted';

/** What telemetry may know of an incoming turn: its kind, never its text or values. */
export interface TurnKind {
  type?: string;
  /** An invoke's name, e.g. adaptiveCard/action. */
  name?: string;
  /** A card button's verb, e.g. saveUpdate. */
  verb?: string;
}

/**
 * The bot's own telemetry, beside the HTTP requests and dependencies OpenTelemetry records by
 * itself. Every method is cheap and never throws; the no-op one is used when telemetry is off.
 */
export interface Telemetry {
  /** Names the incoming request's turn (on the /api/messages request in Application Insights). */
  turn(kind: TurnKind): void;
  /** Names the incoming request by its route pattern (e.g. /exports/:file), never its values. */
  route(path: string): void;
  /** Counts one chase cycle run: owners in it, prompted, unreachable, failed. */
  chaseCycle(report: CycleReport): void;
  answer(outcome: AnswerOutcome, verb?: string): void;
  digest(kind: DigestKind, ms: number): void;
  /** Sends what is buffered and stops; later calls are dropped. */
  shutdown(): Promise<void>;
}

/** Telemetry switched off: every call does nothing. */
export const noTelemetry: Telemetry = {
  turn: () => {},
  route: () => {},
  chaseCycle: () => {},
  answer: () => {},
  digest: () => {},
  shutdown: async () => {},
};
