import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { GraphConfig } from '../../bot/config';
import { type Person, TENANT } from './fixtures';

/** The stand-in's certificate (self-signed, for 127.0.0.1, tests only): Entra ID and Graph are https only. */
export const STAND_IN_CA = readFileSync(path.join(__dirname, 'graphStandIn.cert.pem'), 'utf8');
const KEY = readFileSync(path.join(__dirname, 'graphStandIn.key.pem'), 'utf8');

/** A person in the stand-in's directory. */
export interface DirectoryUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail: string;
}

/** The directory entry of a made-up officer (UPN and mail both the plan's email). */
export const directoryUserOf = (p: Person): DirectoryUser => ({
  id: p.aadObjectId,
  displayName: p.name,
  userPrincipalName: p.email,
  mail: p.email,
});

/** A canned answer for the next matching request. */
export interface GraphFault {
  match: (method: string, path: string) => boolean;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export const CLIENT_ID = 'b0a7d5c1-0000-4000-8000-0000000000b1';
export const CLIENT_SECRET = 'stand-in-secret';
export const CATALOG_APP_ID = 'c47a1d0e-0000-4000-8000-0000000000c1';
/** What App Service puts in IDENTITY_HEADER for its managed identity endpoint. */
export const IDENTITY_HEADER = 'stand-in-identity-header';

/**
 * A local HTTPS server that plays the parts of Microsoft Entra ID and Microsoft Graph the bot uses:
 * the tenant's OpenID metadata and token endpoint (client credentials, checked), GET /v1.0/users/{upn},
 * GET /v1.0/users?$filter=mail eq '...', POST and GET /v1.0/users/{id}/teamwork/installedApps
 * (201, then 409 for an app already installed) and GET .../installedApps/{id}/chat. Every Graph
 * request must carry a token it issued. It records every request and can answer faults on demand.
 */
export class GraphStandIn {
  users: DirectoryUser[] = [];
  /** Apps in the organisation's catalogue, by catalogue id. */
  catalogue = new Set<string>([CATALOG_APP_ID]);
  /** Installations: `${userId}|${appId}` to installation id. */
  readonly installed = new Map<string, string>();
  faults: GraphFault[] = [];
  readonly requests: { method: string; path: string; query: string; at: number; authorized: boolean }[] = [];
  readonly tokensIssued: { clientId: string; scope: string; via: 'client-secret' | 'managed-identity' }[] = [];
  /** Called once an install succeeds (201): a test can have Teams tell the bot, as it would. */
  onInstall?: (user: DirectoryUser, chatId: string) => void | Promise<void>;
  private readonly tokens = new Set<string>();
  private server?: https.Server;

  get url(): string {
    return `https://127.0.0.1:${(this.server?.address() as AddressInfo | undefined)?.port}`;
  }

  /** The bot's Graph settings pointing here, with the client secret the stand-in accepts. */
  config(overrides: Partial<GraphConfig> = {}): GraphConfig {
    return {
      catalogAppId: CATALOG_APP_ID,
      baseUrl: `${this.url}/v1.0`,
      authorityHost: this.url,
      tenantId: TENANT,
      credential: { kind: 'client-secret', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      serviceUrl: 'http://127.0.0.1:1/',
      maxRetryAfterMs: 5_000,
      trustedCa: STAND_IN_CA,
      ...overrides,
    };
  }

  /** The chat Graph names for this user's 1:1 with the app. */
  static chatIdOf(userId: string): string {
    return `19:${userId}_${CLIENT_ID}@unq.gbl.spaces`;
  }

  /** Graph requests (not sign-in) of this method whose path matches. */
  graphCalls(method: string, pattern: RegExp): number {
    return this.requests.filter((r) => r.method === method && r.path.startsWith('/v1.0') && pattern.test(r.path))
      .length;
  }

  async start(): Promise<this> {
    this.server = https.createServer({ key: KEY, cert: STAND_IN_CA }, (req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }

  private async handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'https://x');
    const p = decodeURIComponent(url.pathname);
    const method = req.method ?? 'GET';
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const authorized = token !== undefined && this.tokens.has(token);
    this.requests.push({ method, path: p, query: decodeURIComponent(url.search), at: Date.now(), authorized });
    const reply = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    const error = (status: number, code: string, message: string) => reply(status, { error: { code, message } });

    // Entra ID: the tenant's metadata, then the token endpoint (client credentials grant).
    let m: RegExpExecArray | null;
    if (method === 'GET' && (m = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(p))) {
      const base = `${this.url}/${m[1]}`;
      return reply(200, {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        issuer: `${base}/v2.0`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
      });
    }
    if (method === 'POST' && (m = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(p))) {
      const form = new URLSearchParams(raw);
      if (m[1] !== TENANT) return error(400, 'invalid_request', 'AADSTS90002: Tenant not found.');
      if (form.get('client_id') !== CLIENT_ID || form.get('client_secret') !== CLIENT_SECRET)
        return reply(401, {
          error: 'invalid_client',
          error_description: 'AADSTS7000215: Invalid client secret provided.',
          error_codes: [7000215],
        });
      const access = `tok-${randomUUID()}`;
      this.tokens.add(access);
      this.tokensIssued.push({ clientId: CLIENT_ID, scope: form.get('scope') ?? '', via: 'client-secret' });
      return reply(200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: access });
    }
    // App Service's managed identity endpoint (IDENTITY_ENDPOINT, api-version 2019-08-01).
    if (method === 'GET' && p === '/msi/token') {
      if (req.headers['x-identity-header'] !== IDENTITY_HEADER || url.searchParams.get('api-version') !== '2019-08-01')
        return error(400, 'invalid_request', 'missing or wrong X-IDENTITY-HEADER or api-version');
      const access = `mi-${randomUUID()}`;
      this.tokens.add(access);
      const resource = url.searchParams.get('resource') ?? '';
      const clientId = url.searchParams.get('client_id') ?? 'system-assigned';
      this.tokensIssued.push({ clientId, scope: resource, via: 'managed-identity' });
      return reply(200, {
        access_token: access,
        expires_on: String(Math.floor(Date.now() / 1000) + 3600),
        resource,
        token_type: 'Bearer',
        client_id: clientId,
      });
    }

    if (!p.startsWith('/v1.0/')) return error(404, 'NotFound', `${method} ${p} is not played by the stand-in`);
    if (!authorized) return error(401, 'InvalidAuthenticationToken', 'Access token is empty or unknown.');
    const fault = this.faults.find((f) => f.match(method, p));
    if (fault) {
      this.faults.splice(this.faults.indexOf(fault), 1);
      return reply(
        fault.status,
        fault.body ?? { error: { code: `Status${fault.status}`, message: 'fault' } },
        fault.headers,
      );
    }
    const userBy = (key: string) =>
      this.users.find((u) => u.id === key || u.userPrincipalName.toLowerCase() === key.toLowerCase());

    if (method === 'GET' && p === '/v1.0/users') {
      const mail = /mail eq '((?:[^']|'')*)'/.exec(url.searchParams.get('$filter') ?? '')?.[1]?.replace(/''/g, "'");
      if (mail === undefined) return error(400, 'BadRequest', 'only $filter=mail eq is played');
      return reply(200, { value: this.users.filter((u) => u.mail.toLowerCase() === mail.toLowerCase()) });
    }
    if (method === 'GET' && (m = /^\/v1\.0\/users\/([^/]+)$/.exec(p))) {
      const user = userBy(m[1]);
      return user
        ? reply(200, user)
        : error(
            404,
            'Request_ResourceNotFound',
            `Resource '${m[1]}' does not exist or one of its queried reference-property objects are not present.`,
          );
    }
    if ((m = /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps$/.exec(p))) {
      const user = userBy(m[1]);
      if (!user) return error(404, 'NotFound', 'User not found');
      if (method === 'POST') {
        const bind = String(JSON.parse(raw || '{}')['teamsApp@odata.bind'] ?? '');
        const appId = bind.split('/appCatalogs/teamsApps/')[1] ?? '';
        if (!bind.startsWith(`${this.url}/v1.0/appCatalogs/teamsApps/`) || !this.catalogue.has(appId))
          return error(404, 'NotFound', `The definition for app '${appId}' was not found in the org-wide catalog.`);
        const key = `${user.id}|${appId}`;
        if (this.installed.has(key)) return error(409, 'Conflict', 'App is already installed for this user.');
        this.installed.set(key, Buffer.from(`${user.id}##${appId}`).toString('base64'));
        await this.onInstall?.(user, GraphStandIn.chatIdOf(user.id));
        return reply(201);
      }
      const appId = /teamsApp\/id eq '([^']*)'/.exec(url.searchParams.get('$filter') ?? '')?.[1];
      const value = [...this.installed]
        .filter(([k]) => k.startsWith(`${user.id}|`) && (!appId || k.endsWith(`|${appId}`)))
        .map(([k, id]) => ({
          id,
          teamsApp: { id: k.split('|')[1], externalId: 'manifest-id', displayName: 'Board actions' },
        }));
      return reply(200, { value });
    }
    if (method === 'GET' && (m = /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps\/([^/]+)\/chat$/.exec(p))) {
      const user = userBy(m[1]);
      const known = user && [...this.installed].some(([k, id]) => id === m?.[2] && k.startsWith(`${user.id}|`));
      if (!user || !known) return error(404, 'NotFound', 'No such installation.');
      return reply(200, { id: GraphStandIn.chatIdOf(user.id) });
    }
    error(404, 'NotFound', `${method} ${p} is not played by the stand-in`);
  }
}
