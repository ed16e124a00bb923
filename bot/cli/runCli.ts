import { loadDotEnv } from '../dotenv';
import { isBoardBotError } from '../errors';

/** What a tool's `main` may ask of the runner: work to do before the process ends, however it ends. */
export interface CliContext {
  /** Runs `stop` (e.g. the embedded Azurite's save-and-exit) before the process exits: on success, error or signal. */
  beforeExit(stop: () => Promise<void>): void;
  /**
   * On SIGINT or SIGTERM, runs `drain` and waits for it (at most `STOP_GRACE_MS`) before the
   * `beforeExit` work: the tool stops taking work and records what it was doing (a chase hands
   * back its unsent prompts and records the sends in flight), so nothing is left half-done.
   */
  whenStopping(drain: () => Promise<void>): void;
}

/** The longest a signalled tool waits for its work to wind down. */
const DRAIN_MS = 15_000;

const EXIT_ON: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Runs a command-line tool: reads `.env`, runs `main`, exits with its code; an expected failure
 * prints its own message, anything else one line starting with `what failed:`, never a stack trace.
 * SIGINT (Ctrl-C) and SIGTERM stop the tool the same way, after the `beforeExit` work, with 130 or 143.
 */
export function runCli(what: string, main: (cli: CliContext) => Promise<number>): void {
  loadDotEnv();
  const stops: (() => Promise<void>)[] = [];
  const drains: (() => Promise<void>)[] = [];
  let exiting = false;
  /** Set when a signal came: the tool then exits with 130 or 143 however its work ended. */
  let signalled: number | undefined;
  const exit = async (code: number): Promise<void> => {
    if (exiting) return;
    exiting = true;
    let final = signalled ?? code;
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (e) {
        console.error(`${what} failed while stopping: ${e instanceof Error ? e.message : String(e)}`);
        final = final || 1;
      }
    }
    process.exit(final);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      if (exiting || signalled !== undefined) return;
      signalled = EXIT_ON[signal];
      console.error(`${what} interrupted (${signal}): stopping.`);
      const drained = Promise.allSettled(drains.map((d) => d()));
      const bound = new Promise((r) => setTimeout(r, DRAIN_MS).unref());
      void Promise.race([drained, bound]).then(() => exit(EXIT_ON[signal]));
    });
  main({ beforeExit: (stop) => void stops.push(stop), whenStopping: (drain) => void drains.push(drain) }).then(
    (code) => exit(code),
    (e: unknown) => {
      if (exiting) return;
      console.error(isBoardBotError(e) ? e.message : `${what} failed: ${e instanceof Error ? e.message : String(e)}`);
      return exit(1);
    },
  );
}
