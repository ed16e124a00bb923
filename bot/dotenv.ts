import { existsSync } from 'node:fs';

/** Reads `.env` in the working folder when there is one (Node's own loader); variables already set win. */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
