import { createHash } from 'node:crypto';

/** Namespace for deriving a stable Teams app id from the bot id (UUID v5, RFC 9562). */
const TEAMS_APP_ID_NAMESPACE = '6f1c1f7e-3b0d-4f43-9d56-2c1e5a0b7d21';

/** A UUID v5 (name-based, SHA-1) of name in namespace. */
export function uuidV5(name: string, namespace: string = TEAMS_APP_ID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The Teams app's id (the manifest's `id`): TEAMS_APP_ID when set, else derived from the bot id as
 * `npm run package` derives it (manifest/package.ts), so the bot's deep links name the app it is packaged as.
 */
export const teamsAppIdOf = (botId: string, configured?: string): string =>
  (configured ?? uuidV5(botId.toLowerCase())).toLowerCase();
