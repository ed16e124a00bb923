import { isLoopbackHostHeader } from '../loopback';

/** What the guard knows of the deployment. */
export interface RequestGuardPolicy {
  /** No app credentials: answer only requests addressed to this computer. */
  local: boolean;
  /** The origin people reach the bot at (PUBLIC_URL), which the tab's own pages post from. */
  publicOrigin?: string;
}

type Headers = Record<string, string | string[] | undefined>;
const one = (h: Headers, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;

/**
 * Refuses a request before any route or body parser sees it, or says nothing:
 * - in local mode, a Host that is not this computer (a DNS-rebinding page, a tunnel) gets 403;
 * - a request that writes must be JSON (415): a cross-site HTML form can post only urlencoded,
 *   multipart or text bodies without a preflight, so JSON-only closes that door;
 * - a request that writes from a browser page on another origin (Origin, Sec-Fetch-Site) gets 403.
 *   The Bot Connector sends neither header; the tab posts from its own origin.
 */
export function refusalOf(
  req: { method: string; headers: Headers },
  policy: RequestGuardPolicy,
): { status: 403 | 415; error: string } | undefined {
  const host = one(req.headers, 'host');
  if (policy.local && !isLoopbackHostHeader(host))
    return { status: 403, error: 'Without app credentials (local mode) the bot answers only on this computer.' };
  if (!UNSAFE.has(req.method.toUpperCase())) return undefined;
  const type = (one(req.headers, 'content-type') ?? '').split(';')[0].trim();
  if (!JSON_TYPE.test(type)) return { status: 415, error: 'The body must be JSON (content-type: application/json).' };
  const site = one(req.headers, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none')
    return { status: 403, error: 'Requests from other sites are not accepted.' };
  const origin = one(req.headers, 'origin');
  if (origin !== undefined) {
    const own = new Set([`http://${host}`, `https://${host}`, ...(policy.publicOrigin ? [policy.publicOrigin] : [])]);
    if (!own.has(origin.toLowerCase().replace(/\/$/, '')))
      return { status: 403, error: 'Requests from other sites are not accepted.' };
  }
  return undefined;
}
