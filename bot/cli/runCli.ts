import { loadDotEnv } from '../dotenv';
import { isBoardBotError } from '../errors';

/**
 * Runs a command-line tool: reads `.env`, runs `main`, exits with its code; an expected failure
 * prints its own message, anything else one line starting with `what failed:`, never a stack trace.
 */
export function runCli(what: string, main: () => Promise<number>): void {
  loadDotEnv();
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(isBoardBotError(e) ? e.message : `${what} failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
