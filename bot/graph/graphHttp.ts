import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createEmptyPipeline,
  createHttpHeaders,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
  tlsPolicy,
} from '@azure/core-rest-pipeline';
import type { TokenCredential } from '@azure/identity';
import type { GraphConfig } from '../config';
import { retryAfterMs } from '../outbound/outboundGate';
import { graphScopeOf } from './credential';

/** What Graph answered. */
export interface GraphResponse {
  status: number;
  body: { error?: { code?: string; message?: string }; [k: string]: unknown } | undefined;
}

/** Graph could not be reached, or kept answering 429/5xx: nothing is known to be refused, so try again later. */
export class GraphUnavailable extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'GraphUnavailable';
  }
}

/** The bot could not get a token for Graph (a wrong secret, an unknown app, no managed identity here). */
export class GraphSignInFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GraphSignInFailed';
  }
}

/** Attempts per request: the first and two more, for 429 (after Retry-After), 5xx and dropped connections. */
const ATTEMPTS = 3;
const TIMEOUT_MS = 10_000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Is this the token endpoint's refusal (a 4xx), rather than a passing fault? */
function signInRefusal(e: unknown): string | undefined {
  const err = e as { name?: string; statusCode?: number; message?: string };
  if (err?.name === 'CredentialUnavailableError' || err?.name === 'AuthenticationRequiredError') return err.message;
  if (err?.name === 'AuthenticationError' && (err.statusCode ?? 400) < 500) return err.message;
  return undefined;
}

/**
 * A small Graph client on the Azure SDK's HTTP pipeline with only the policies chosen here: the
 * app-only bearer token (fetched and refreshed by @azure/identity), TLS settings, and no retry
 * policy of its own. This client's retries are the only ones: 429 after its Retry-After (at most
 * `maxRetryAfterMs`; a longer wait gives up for now), 5xx and dropped connections after a short
 * backoff, three attempts in all. Every call it makes is safe to repeat (reads, and an install
 * that answers 409 once done).
 */
export class GraphHttp {
  private readonly pipeline: Pipeline;
  private readonly client: HttpClient = createDefaultHttpClient();

  constructor(
    private readonly config: GraphConfig,
    credential: TokenCredential,
    private readonly random: () => number = Math.random,
  ) {
    this.pipeline = createEmptyPipeline();
    if (config.trustedCa) this.pipeline.addPolicy(tlsPolicy({ ca: config.trustedCa }));
    this.pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: graphScopeOf(config.baseUrl) }));
  }

  async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<GraphResponse> {
    for (let attempt = 1; ; attempt++) {
      let status: number;
      let text: string | undefined;
      let retryAfter: string | undefined;
      try {
        const req = createPipelineRequest({
          url: `${this.config.baseUrl}${path}`,
          method,
          timeout: TIMEOUT_MS,
          headers: createHttpHeaders(body === undefined ? {} : { 'content-type': 'application/json' }),
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const res = await this.pipeline.sendRequest(this.client, req);
        status = res.status;
        text = res.bodyAsText ?? undefined;
        retryAfter = res.headers.get('retry-after');
      } catch (e) {
        const refusal = signInRefusal(e);
        if (refusal) throw new GraphSignInFailed(refusal);
        const message = e instanceof Error ? e.message : String(e);
        if (attempt >= ATTEMPTS) throw new GraphUnavailable(`Microsoft Graph did not answer (${message})`);
        await sleep(this.backoff(attempt));
        continue;
      }
      if (status === 429 || status >= 500) {
        const wait = retryAfterMs(retryAfter);
        if (attempt >= ATTEMPTS)
          throw new GraphUnavailable(`Microsoft Graph answered ${status} ${attempt} times in a row`, status);
        if (wait !== undefined && wait > this.config.maxRetryAfterMs)
          throw new GraphUnavailable(
            `Microsoft Graph asked the bot to wait ${Math.ceil(wait / 1000)} s (${status}), longer than it waits within a chase`,
            status,
          );
        await sleep(wait ?? this.backoff(attempt));
        continue;
      }
      return { status, body: parseBody(text) };
    }
  }

  /** From 0.5 s, doubling, with up to half again of jitter. */
  private backoff(attempt: number): number {
    const base = 500 * 2 ** (attempt - 1);
    return base + Math.round(this.random() * base * 0.5);
  }
}

function parseBody(text: string | undefined): GraphResponse['body'] {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as GraphResponse['body'];
  } catch {
    return { error: { message: text.slice(0, 200) } };
  }
}

/** Graph's own words for a refusal: its error code and message. */
export const graphWords = (r: GraphResponse): string =>
  [r.body?.error?.code, r.body?.error?.message].filter(Boolean).join(': ') || `HTTP ${r.status}`;

/** An OData string literal: quotes doubled. */
export const odataString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
