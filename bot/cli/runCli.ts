import { loadDotEnv } from '../dotenv';
import { isBoardBotError } from '../errors';

/** What a tool's `main` may ask of the runner: work to do before the process ends, however it ends. */
export interface CliContext {
  /** Runs `stop` (e.g. the embedded Azurite's save-and-exit) before the process exits: on success, error or signal. */
  beforeExit(stop: () => Promise<void>): void;
}

const EXIT_ON: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Runs a command-line tool: reads `.env`, runs `main`, exits with its code; an expected failure
 * prints its own message, anything else one line starting with `what failed:`, never a stack trace.
 * SIGINT (Ctrl-C) and SIGTERM stop the tool the same way, after the `beforeExit` work, with 130 or 143.
 */
export function runCli(what: string, main: (cli: CliContext) => Promise<number>): void {
  loadDotEnv();
  const stops: (() => Promise<void>)[] = [];
  let exiting = false;
  const exit = async (code: number): Promise<void> => {
    if (exiting) return;
    exiting = true;
    let final = code;
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
      if (!exiting) console.error(`${what} interrupted (${signal}): stopping.`);
      void exit(EXIT_ON[signal]);
    });
  main({ beforeExit: (stop) => void stops.push(stop) }).then(
    (code) => exit(code),
    (e: unknown) => {
      if (exiting) return;
      console.error(isBoardBotError(e) ? e.message : `${what} failed: ${e instanceof Error ? e.message : String(e)}`);
      return exit(1);
    },
  );
}
