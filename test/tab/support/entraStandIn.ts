import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type SigningKey, newSigningKey, signToken } from '../../support/botTokens';
import { TAB_SCOPE } from '../../../bot/tab/tabAuth';

/**
 * Plays Microsoft Entra ID for the tab's SSO on loopback: publishes a locally generated RSA key at
 * {authority}{tenant}/discovery/v2.0/keys, as login.microsoftonline.com does, and signs v2 access
 * tokens with it the way Teams' authentication.getAuthToken() hands them to a tab.
 */
export class EntraStandIn {
  readonly key: SigningKey = newSigningKey('entra-test-key');
  private server?: http.Server;
  authority = '';
  /** How many times the keys were fetched (jose caches them). */
  keyFetches = 0;

  constructor(
    readonly tenantId: string,
    readonly appId: string,
  ) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === `/${this.tenantId}/discovery/v2.0/keys`) {
        this.keyFetches += 1;
        res.end(
          JSON.stringify({
            keys: [{ ...this.key.publicKey.export({ format: 'jwk' }), kid: this.key.kid, use: 'sig', alg: 'RS256' }],
          }),
        );
      } else res.writeHead(404).end('{}');
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.authority = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  get issuer(): string {
    return `${this.authority}${this.tenantId}/v2.0`;
  }

  /** A token for the person with Entra object id `oid`, valid for ten minutes; `over` changes any claim, `key` signs with another key. */
  token(oid: string, over: Record<string, unknown> = {}, key: SigningKey = this.key): string {
    const now = Math.floor(Date.now() / 1000);
    return signToken(key, {
      aud: this.appId,
      iss: this.issuer,
      iat: now - 60,
      nbf: now - 60,
      exp: now + 600,
      oid,
      tid: this.tenantId,
      scp: TAB_SCOPE,
      ver: '2.0',
      ...over,
    });
  }

  stop(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
