import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A locally generated signing key, published the way the Bot Framework publishes its own. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export const newSigningKey = (kid: string): SigningKey => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
};

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** An RS256 JWT signed with `key`, as the Bot Connector would send in Authorization. */
export function signToken(key: SigningKey, claims: Record<string, unknown>, kid = key.kid): string {
  const head = `${b64url({ alg: 'RS256', typ: 'JWT', kid })}.${b64url(claims)}`;
  const signature = createSign('RSA-SHA256').update(head).sign(key.privateKey).toString('base64url');
  return `${head}.${signature}`;
}

/** Serves OpenID metadata and a JWKS with the trusted keys on loopback (the bot's BOT_OPENID_METADATA_URL). */
export async function startOpenIdServer(
  trusted: SigningKey[],
  issuer = 'https://api.botframework.com',
): Promise<{ metadataUrl: string; stop(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/openid')
      res.end(JSON.stringify({ issuer, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    else if (req.url === '/keys')
      res.end(
        JSON.stringify({
          keys: trusted.map((k) => ({
            ...k.publicKey.export({ format: 'jwk' }),
            kid: k.kid,
            use: 'sig',
            alg: 'RS256',
            endorsements: ['msteams'],
          })),
        }),
      );
    else res.writeHead(404).end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    metadataUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/openid`,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
