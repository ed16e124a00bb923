import { type JWTVerifyGetKey, createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import type { Config, TabSsoConfig } from '../config';
import { BoardBotError, ErrorCode } from '../errors';
import { isLoopbackHost, isLoopbackHostHeader } from '../loopback';
import { localUserSchema, ssoClaimsSchema } from './tabQuery';
import { isHomeTenant } from '../domain/access';

/**
 * Who is asking for the tab's data. With app credentials, every data request must carry a Teams SSO
 * token: an Entra ID v2 access token for the bot's app (RS256, issued by the tenant, audience the
 * app), checked here with `jose` against the tenant's published signing keys. Without credentials
 * (local mode) requests are taken only from this computer and say who they are for development.
 */

/** What a request shows of itself. */
export interface TabRequest {
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
  remoteAddress?: string;
}

export type TabIdentity =
  /** A verified token: the person is known by Entra object id; the names are for display only. */
  | { via: 'sso'; oid: string; tenantId: string; name?: string; username?: string }
  /** Local mode: whoever `?as=` or `x-board-as` names (an email or an Entra object id), if anyone. */
  | { via: 'local'; as?: string };

export interface TabAuthenticator {
  mode: 'sso' | 'local';
  authenticate(req: TabRequest): Promise<TabIdentity>;
}

/** The delegated scope the tab's SSO token must carry (exposed by the app registration, `access_as_user`). */
export const TAB_SCOPE = 'access_as_user';

const notSignedIn = (why: string) =>
  new BoardBotError(ErrorCode.NotSignedIn, 'Sign-in is needed: open this page inside Microsoft Teams.', { why });
const header = (req: TabRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

export interface SsoOptions extends TabSsoConfig {
  appId: string;
  /** The home tenant: the issuer is pinned to it, and a token of any other tenant is refused. */
  tenantId: string;
  /** The signing keys; the tenant's JWKS ({authority}{tenant}/discovery/v2.0/keys) when unset. */
  keys?: JWTVerifyGetKey;
}

/** Checks the bearer token of each request: signature (RS256, the tenant's keys), issuer, audience, expiry and scope. */
export function ssoAuthenticator(o: SsoOptions): TabAuthenticator {
  const keys =
    o.keys ??
    createRemoteJWKSet(new URL(`${o.authority}${o.tenantId}/discovery/v2.0/keys`), {
      timeoutDuration: 5_000,
      cooldownDuration: 30_000,
      cacheMaxAge: 600_000,
    });
  const issuerOf = (tid: string) => `${o.authority}${tid}/v2.0`;
  return {
    mode: 'sso',
    async authenticate(req) {
      const m = /^Bearer\s+([A-Za-z0-9._~+/=-]{20,8192})$/.exec(header(req, 'authorization') ?? '');
      if (!m) throw notSignedIn('no bearer token');
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(m[1], keys, {
          algorithms: ['RS256'],
          audience: o.audiences,
          issuer: issuerOf(o.tenantId),
          requiredClaims: ['exp', 'iss', 'aud', 'oid', 'tid'],
          clockTolerance: 60,
        }));
      } catch (e) {
        if (e instanceof joseErrors.JOSEError) throw notSignedIn(`${e.code}: ${e.message}`);
        throw e;
      }
      const claims = ssoClaimsSchema.safeParse(payload);
      if (!claims.success) throw notSignedIn('token claims are not as expected');
      const c = claims.data;
      if (!isHomeTenant(c.tid, o.tenantId)) throw notSignedIn('token of another tenant');
      if (!(c.scp ?? '').split(' ').includes(TAB_SCOPE)) throw notSignedIn(`token lacks the ${TAB_SCOPE} scope`);
      return {
        via: 'sso',
        oid: c.oid.toLowerCase(),
        tenantId: c.tid,
        name: c.name,
        username: c.preferred_username ?? c.upn,
      };
    },
  };
}

/**
 * Headers a proxy, tunnel, CDN or App Service's front end adds: any of them means the request came
 * from somewhere else, whatever the peer address says.
 */
const FORWARDED =
  /^(forwarded|via|x-forwarded-.+|x-original-.+|x-real-ip|x-client-ip|true-client-ip|cf-connecting-ip|fastly-client-ip|x-cluster-client-ip|x-arr-.+|x-ms-.+|disguised-host|x-waws-.+|x-envoy-.+)$/i;

/**
 * Local mode: no credentials, so no sign-in. Answers only a browser on this computer (loopback peer,
 * loopback Host, nothing forwarded by a proxy or tunnel); the person is named by `?as=` or the
 * `x-board-as` header, for development against the demo data.
 */
export function localAuthenticator(): TabAuthenticator {
  return {
    mode: 'local',
    async authenticate(req) {
      const forwarded = Object.keys(req.headers).some((h) => FORWARDED.test(h));
      if (!isLoopbackHost(req.remoteAddress) || forwarded || !isLoopbackHostHeader(header(req, 'host'))) {
        throw new BoardBotError(
          ErrorCode.NoAccess,
          'Without app credentials (local mode) the board is shown only on this computer. Configure the Entra app to use the tabs in Teams.',
        );
      }
      const raw = header(req, 'x-board-as') ?? (typeof req.query.as === 'string' ? req.query.as : undefined);
      if (raw === undefined || raw.trim() === '') return { via: 'local' };
      const as = localUserSchema.safeParse(raw);
      if (!as.success)
        throw new BoardBotError(ErrorCode.NotSignedIn, '"as" must be an email address or an Entra object id.');
      return { via: 'local', as: as.data };
    },
  };
}

/** SSO when the bot has app credentials, local mode otherwise. */
export function tabAuthenticatorFor(config: Config, keys?: JWTVerifyGetKey): TabAuthenticator {
  const c = config.credentials;
  return c ? ssoAuthenticator({ ...c.tabSso, appId: c.appId, tenantId: c.tenantId, keys }) : localAuthenticator();
}
