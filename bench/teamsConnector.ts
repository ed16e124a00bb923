/**
 * A local Bot Connector that ENFORCES Teams' rate limits with real 429s, for the benchmarks.
 *
 * It plays the REST calls the bot makes (POST /v3/conversations, POST and PUT
 * /v3/conversations/{id}/activities[/{id}], GET .../pagedmembers and .../members/{id}) and, on
 * arrival of every request, checks two sets of sliding windows:
 *   - per tenant (the app in one tenant): `tenantPerSecond` requests in any 1 s (Teams: 50);
 *   - per conversation: 7 in 1 s, 8 in 2 s, 60 in 30 s, 1800 in an hour.
 * A request over any window is answered 429 with a Retry-After header (whole seconds, as HTTP
 * wants) and counted; it does not use up a slot. An accepted request is answered after a random
 * latency (default 20-60 ms), so concurrency matters as it does against the real service.
 *
 * Runs in its own process (so its clock and event loop are not the bot's):
 *   tsx bench/teamsConnector.ts [--port 0] [--tenant-rate 50] [--latency 20-60]
 * prints `listening <port>`, and answers GET /_bench/stats and POST /_bench/reset.
 * It can also be used in-process: `await new TeamsConnector().start()`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** At most `limit` requests in any `ms` milliseconds. */
export interface Window {
  limit: number;
  ms: number;
}

/** Teams' documented limits per bot per conversation (thread). */
export const TEAMS_CONVERSATION_WINDOWS: Window[] = [
  { limit: 7, ms: 1_000 },
  { limit: 8, ms: 2_000 },
  { limit: 60, ms: 30_000 },
  { limit: 1800, ms: 3_600_000 },
];

export interface TeamsConnectorOptions {
  tenantPerSecond: number;
  perConversation: Window[];
  latencyMs: [number, number];
}

export const DEFAULT_TEAMS_OPTIONS: TeamsConnectorOptions = {
  tenantPerSecond: 50,
  perConversation: TEAMS_CONVERSATION_WINDOWS,
  latencyMs: [20, 60],
};

/** What the connector saw since the last reset. */
export interface ConnectorStats {
  /** Every request that reached a limited route. */
  requests: number;
  accepted: number;
  throttled: number;
  throttledTenant: number;
  throttledConversation: number;
  /** Most 429s answered in any 1 s: a "storm" indicator. */
  max429In1s: number;
  /** Most requests accepted in any sliding 1 s (must never exceed the tenant rate). */
  maxAcceptedIn1s: number;
  conversationsCreated: number;
  /** Messages stored (POST activities accepted). */
  activitiesStored: number;
  activitiesUpdated: number;
  /** Conversations that received more than one message since the reset (duplicates, in a single cycle). */
  conversationsWithMoreThanOneMessage: number;
  /** Epoch ms of the first and last accepted request. */
  firstAcceptedAt?: number;
  lastAcceptedAt?: number;
  /** Accepted requests in each whole second from the first one. */
  acceptedPerSecond: number[];
  tenantPerSecond: number;
  latencyMs: [number, number];
  /** CPU time this connector's process has used in all (ms). */
  cpuMs: number;
}

/** A sliding-window log per key: timestamps of accepted events, newest last. */
class WindowLog {
  private readonly log = new Map<string, number[]>();
  private readonly longest: number;

  constructor(private readonly windows: Window[]) {
    this.longest = Math.max(...windows.map((w) => w.ms));
  }

  /** Ms to wait before one more event fits every window of this key; 0 when it fits now. */
  waitFor(key: string, now: number): number {
    const times = this.prune(key, now);
    let wait = 0;
    for (const w of this.windows) {
      let inWindow = 0;
      for (let i = times.length - 1; i >= 0 && times[i] > now - w.ms; i--) inWindow++;
      if (inWindow >= w.limit) {
        // The window frees up when the oldest event that keeps it full drops out.
        const oldestKeeping = times[times.length - w.limit];
        wait = Math.max(wait, oldestKeeping + w.ms - now);
      }
    }
    return wait;
  }

  add(key: string, now: number): void {
    const times = this.log.get(key);
    if (times) times.push(now);
    else this.log.set(key, [now]);
  }

  private prune(key: string, now: number): number[] {
    const times = this.log.get(key) ?? [];
    let drop = 0;
    while (drop < times.length && times[drop] <= now - this.longest) drop++;
    if (drop > 0) times.splice(0, drop);
    return times;
  }

  clear(): void {
    this.log.clear();
  }
}

export class TeamsConnector {
  private server?: http.Server;
  private readonly opts: TeamsConnectorOptions;
  private readonly tenant: WindowLog;
  private readonly conversation: WindowLog;
  private readonly tenantOfConversation = new Map<string, string>();
  private nextId = 1;
  private acceptedTimes: number[] = [];
  private throttledTimes: number[] = [];
  private messagesPerConversation = new Map<string, number>();
  private counts = {
    requests: 0,
    accepted: 0,
    throttledTenant: 0,
    throttledConversation: 0,
    conversationsCreated: 0,
    activitiesStored: 0,
    activitiesUpdated: 0,
  };

  constructor(opts: Partial<TeamsConnectorOptions> = {}) {
    this.opts = { ...DEFAULT_TEAMS_OPTIONS, ...opts };
    this.tenant = new WindowLog([{ limit: this.opts.tenantPerSecond, ms: 1_000 }]);
    this.conversation = new WindowLog(this.opts.perConversation);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo | undefined)?.port}`;
  }

  async start(port = 0): Promise<this> {
    this.server = http.createServer(
      (req, res) =>
        void this.handle(req, res).catch((e) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'BenchConnectorError', message: String(e) } }));
        }),
    );
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((r) => this.server!.listen(port, '127.0.0.1', r));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  reset(): void {
    this.acceptedTimes = [];
    this.throttledTimes = [];
    this.messagesPerConversation = new Map();
    this.counts = {
      requests: 0,
      accepted: 0,
      throttledTenant: 0,
      throttledConversation: 0,
      conversationsCreated: 0,
      activitiesStored: 0,
      activitiesUpdated: 0,
    };
    // The windows themselves are NOT cleared: Teams does not forget the last second because a benchmark phase ended.
  }

  stats(): ConnectorStats {
    const epochOffset = performance.timeOrigin;
    const first = this.acceptedTimes[0];
    const perSecond: number[] = [];
    if (first !== undefined)
      for (const t of this.acceptedTimes)
        perSecond[Math.floor((t - first) / 1000)] = (perSecond[Math.floor((t - first) / 1000)] ?? 0) + 1;
    return {
      ...this.counts,
      throttled: this.counts.throttledTenant + this.counts.throttledConversation,
      max429In1s: maxIn(this.throttledTimes, 1000),
      maxAcceptedIn1s: maxIn(this.acceptedTimes, 1000),
      conversationsWithMoreThanOneMessage: [...this.messagesPerConversation.values()].filter((n) => n > 1).length,
      firstAcceptedAt: first === undefined ? undefined : Math.round(epochOffset + first),
      lastAcceptedAt: this.acceptedTimes.length
        ? Math.round(epochOffset + (this.acceptedTimes.at(-1) as number))
        : undefined,
      acceptedPerSecond: Array.from(perSecond, (n) => n ?? 0),
      tenantPerSecond: this.opts.tenantPerSecond,
      latencyMs: this.opts.latencyMs,
      cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    };
  }

  private latency(): Promise<void> {
    const [lo, hi] = this.opts.latencyMs;
    return new Promise((r) => setTimeout(r, lo + Math.random() * (hi - lo)));
  }

  /** Checks the limits at arrival; true when the request may proceed, else the 429 is already sent. */
  private admit(res: http.ServerResponse, tenantId: string, conversationId: string): boolean {
    const now = performance.now();
    this.counts.requests++;
    const tenantWait = this.tenant.waitFor(tenantId, now);
    const convWait = this.conversation.waitFor(conversationId, now);
    if (tenantWait > 0 || convWait > 0) {
      if (tenantWait >= convWait) this.counts.throttledTenant++;
      else this.counts.throttledConversation++;
      this.throttledTimes.push(now);
      const seconds = Math.max(1, Math.ceil(Math.max(tenantWait, convWait) / 1000));
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(seconds) });
      res.end(
        JSON.stringify({
          error: {
            code: 'TooManyRequests',
            message: `Too many requests (${tenantWait >= convWait ? 'tenant' : 'conversation'} limit); retry after ${seconds} s`,
          },
        }),
      );
      return false;
    }
    this.tenant.add(tenantId, now);
    this.conversation.add(conversationId, now);
    this.acceptedTimes.push(now);
    this.counts.accepted++;
    return true;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? JSON.parse(raw) : undefined;
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname);
    const method = req.method ?? 'GET';
    const reply = (status: number, payload?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    if (path === '/_bench/stats') return reply(200, this.stats());
    if (path === '/_bench/reset' && method === 'POST') {
      this.reset();
      return reply(200, { ok: true });
    }
    let m: RegExpExecArray | null;
    if (method === 'POST' && path === '/v3/conversations') {
      const member = body?.members?.[0]?.id;
      if (!member) return reply(400, { error: { code: 'BadArgument', message: 'members[0].id is required' } });
      const id = `a:1on1-${member}`;
      const tenantId = body?.tenantId ?? body?.channelData?.tenant?.id ?? 'default';
      if (!this.admit(res, tenantId, id)) return;
      this.tenantOfConversation.set(id, tenantId);
      this.counts.conversationsCreated++;
      await this.latency();
      return reply(201, { id });
    }
    if (method === 'POST' && (m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]+)?$/.exec(path))) {
      const conv = m[1];
      if (!this.admit(res, this.tenantOf(conv, body), conv)) return;
      await this.latency();
      this.counts.activitiesStored++;
      this.messagesPerConversation.set(conv, (this.messagesPerConversation.get(conv) ?? 0) + 1);
      return reply(201, { id: `act-${this.nextId++}` });
    }
    if (method === 'PUT' && (m = /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/.exec(path))) {
      if (!this.admit(res, this.tenantOf(m[1], body), m[1])) return;
      await this.latency();
      this.counts.activitiesUpdated++;
      return reply(200, { id: m[2] });
    }
    if (method === 'GET' && /\/pagedmembers$/.test(path)) {
      const conv = /^\/v3\/conversations\/([^/]+)/.exec(path)?.[1] ?? 'roster';
      if (!this.admit(res, this.tenantOf(conv, body), conv)) return;
      await this.latency();
      return reply(200, { members: [], continuationToken: undefined });
    }
    if (method === 'GET' && (m = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(path))) {
      if (!this.admit(res, this.tenantOf(m[1], body), m[1])) return;
      await this.latency();
      return reply(404, { error: { code: 'MemberNotFound', message: 'the bench connector keeps no roster' } });
    }
    reply(404, { error: { code: 'NotFound', message: `${method} ${path} is not played by the bench connector` } });
  }

  private tenantOf(conversationId: string, body: any): string {
    return (
      this.tenantOfConversation.get(conversationId) ??
      body?.conversation?.tenantId ??
      body?.channelData?.tenant?.id ??
      'default'
    );
  }
}

/** The most timestamps (sorted) falling in any window of `ms`. */
function maxIn(times: number[], ms: number): number {
  let best = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j] - times[i] >= ms) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

/** A connector running in a child process, driven over HTTP. */
export interface RemoteConnector {
  url: string;
  stats(): Promise<ConnectorStats>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

if (require.main === module) {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : fallback;
  };
  const [lo, hi] = arg('latency', '20-60').split('-').map(Number);
  const connector = new TeamsConnector({
    tenantPerSecond: Number(arg('tenant-rate', '50')),
    latencyMs: [lo, hi ?? lo],
  });
  connector.start(Number(arg('port', '0'))).then(
    () => console.log(`listening ${new URL(connector.url).port}`),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
  process.on('SIGTERM', () => void connector.stop().then(() => process.exit(0)));
}
