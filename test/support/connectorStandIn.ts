import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Teams member as the Bot Connector describes one. */
export interface StandInMember {
  id: string;
  name: string;
  aadObjectId: string;
  email: string;
  userPrincipalName: string;
  tenantId?: string;
}

/** One activity the bot sent, as Teams would have stored it. */
export interface SentActivity {
  conversationId: string;
  activityId: string;
  activity: Record<string, any>;
  /** Set when the bot posted it as a reply to this activity (POST .../activities/{replyTo}). */
  replyTo?: string;
  /** Set when it started a new thread in a channel: the thread's conversation id. */
  thread?: string;
}

/**
 * Teams' behaviour under load, drawn from a seeded random sequence so a run can be repeated.
 * Message writes are POST .../activities; creating a 1:1 chat is a write too.
 */
export interface ChaosSettings {
  seed: number;
  /** Store the message, then answer 502 anyway. */
  storeThen502: number;
  /** Answer 5xx without storing. */
  failBefore5xx: number;
  /** Answer 429 at random (as Teams does under its own load), before storing. */
  random429: number;
  /** Share of 429s sent without a Retry-After header. */
  dropRetryAfter: number;
  /** Requests per second (any sliding second) above which the stand-in answers 429, as Teams' tenant limit does. */
  ratePerSecond?: number;
}

/** What the chaos did, counted by the stand-in itself. */
export interface ChaosLedger {
  storedThen502: number;
  failedBefore5xx: number;
  throttled: number;
  throttledWithoutRetryAfter: number;
}

/** A canned failure for the next matching request. */
export interface Fault {
  match: (method: string, path: string) => boolean;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Store the message anyway before failing (Teams can do that on a 5xx). */
  deliverAnyway?: boolean;
  delayMs?: number;
}

/**
 * A local HTTP server that plays the Bot Connector REST API for proactive sends and roster reads:
 * POST /v3/conversations, POST /v3/conversations/{id}/activities[/{replyTo}],
 * PUT /v3/conversations/{id}/activities/{id}, GET .../pagedmembers and .../members/{id}.
 * It records what the bot sent and can answer with faults on demand.
 */
export class ConnectorStandIn {
  readonly sent: SentActivity[] = [];
  readonly updated: SentActivity[] = [];
  readonly conversations: { id: string; params: Record<string, any> }[] = [];
  readonly requests: { method: string; path: string; at: number }[] = [];
  members: StandInMember[] = [];
  faults: Fault[] = [];
  /** Added to every answer, to make the stand-in as slow as a real service. */
  latencyMs = 0;
  /** Called when a request arrives, before it is answered. */
  onRequest?: (method: string, path: string) => void;
  /** Random faults on writes, when set. */
  chaos?: ChaosSettings;
  readonly chaosLedger: ChaosLedger = {
    storedThen502: 0,
    failedBefore5xx: 0,
    throttled: 0,
    throttledWithoutRetryAfter: 0,
  };
  /** Answer this status to every message of at least this many UTF-16 code units (Teams' 413 MessageSizeTooBig). */
  sizeLimitChars?: number;
  private rng = 0;
  private server?: http.Server;
  private nextId = 1;

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo | undefined)?.port}`;
  }

  /** The most requests that arrived within any one second (sliding), and when that second began. */
  busiestSecond(filter: (r: { method: string; path: string }) => boolean = () => true): { count: number; at: number } {
    const times = this.requests.filter(filter).map((r) => r.at);
    let best = { count: 0, at: 0 };
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i] - times[j] >= 1000) j++;
      if (i - j + 1 > best.count) best = { count: i - j + 1, at: times[j] };
    }
    return best;
  }

  /** Message writes (posts of activities and new chats) the stand-in received. */
  static isWrite(r: { method: string; path: string }): boolean {
    return r.method === 'POST' && /^\/v3\/conversations(\/[^/]+\/activities(\/[^/]+)?)?$/.test(r.path);
  }

  private random(): number {
    // mulberry32: a small seeded generator, so a chaos run is repeatable.
    this.rng = (this.rng + 0x6d2b79f5) | 0;
    let t = this.rng;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A fault drawn for this write, or undefined to answer normally. */
  private chaosFor(method: string, path: string): Fault | undefined {
    const c = this.chaos;
    if (!c || !ConnectorStandIn.isWrite({ method, path })) return undefined;
    if (this.rng === 0) this.rng = c.seed;
    const throttle = (): Fault => {
      this.chaosLedger.throttled += 1;
      const drop = this.random() < c.dropRetryAfter;
      if (drop) this.chaosLedger.throttledWithoutRetryAfter += 1;
      return { match: () => true, status: 429, headers: drop ? {} : { 'retry-after': '1' } };
    };
    if (c.ratePerSecond !== undefined) {
      const now = Date.now();
      const recent = this.requests.filter((r) => r.at > now - 1000 && ConnectorStandIn.isWrite(r)).length;
      if (recent > c.ratePerSecond) return throttle();
    }
    const roll = this.random();
    const isMessage = path !== '/v3/conversations';
    if (isMessage && roll < c.storeThen502) {
      this.chaosLedger.storedThen502 += 1;
      return { match: () => true, status: 502, deliverAnyway: true };
    }
    if (roll < c.storeThen502 + c.failBefore5xx) {
      this.chaosLedger.failedBefore5xx += 1;
      return { match: () => true, status: this.random() < 0.5 ? 500 : 503 };
    }
    if (roll < c.storeThen502 + c.failBefore5xx + c.random429) return throttle();
    return undefined;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }

  /** Activities sent into the 1:1 chat with this member (by Teams user id). */
  sentTo(memberId: string): SentActivity[] {
    const convs = this.conversations
      .filter((c) => c.params.members?.some((m: { id: string }) => m.id === memberId))
      .map((c) => c.id);
    return this.sent.filter((s) => convs.includes(s.conversationId));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // The moment the request arrived, before its body is read: what a rate limit counts.
    const arrivedAt = Date.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname);
    const method = req.method ?? 'GET';
    this.requests.push({ method, path, at: arrivedAt });
    this.requests.sort((a, b) => a.at - b.at);
    this.onRequest?.(method, path);
    if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
    const reply = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    const canned = this.faults.find((f) => f.match(method, path));
    if (canned) this.faults.splice(this.faults.indexOf(canned), 1);
    const tooBig: Fault | undefined =
      this.sizeLimitChars !== undefined && body && JSON.stringify(body).length >= this.sizeLimitChars
        ? { match: () => true, status: 413, body: { error: { code: 'MessageSizeTooBig', message: 'too big' } } }
        : undefined;
    const fault = canned ?? tooBig ?? this.chaosFor(method, path);
    if (fault) {
      const stored = fault.deliverAnyway ? this.record(path, body) : undefined;
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      const ok = fault.status < 300 && stored !== undefined;
      return reply(
        fault.status,
        fault.body ??
          (ok ? { id: stored } : { error: { code: `Status${fault.status}`, message: 'fault injected by the test' } }),
        fault.headers,
      );
    }
    let m: RegExpExecArray | null;
    if (method === 'POST' && path === '/v3/conversations' && body?.isGroup && body.activity) {
      // A new thread in a channel, its first message with it (TeamsInfo.sendMessageToTeamsChannel).
      const channel = body.channelData?.channel?.id ?? '?';
      const activityId = `act-${this.nextId++}`;
      const id = `${channel};messageid=${activityId}`;
      this.conversations.push({ id, params: body });
      // Recorded as posted in the channel itself; `thread` names the new thread it started.
      this.sent.push({ conversationId: channel, activityId, activity: body.activity, thread: id });
      return reply(201, { id, activityId });
    }
    if (method === 'POST' && path === '/v3/conversations') {
      const id = `a:1on1-${body.members?.[0]?.id ?? this.nextId++}`;
      if (!this.conversations.some((c) => c.id === id)) this.conversations.push({ id, params: body });
      return reply(201, { id });
    }
    if (method === 'POST' && (m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]+)?$/.exec(path))) {
      return reply(201, { id: this.record(path, body, m[1]) });
    }
    if (method === 'PUT' && (m = /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/.exec(path))) {
      this.updated.push({ conversationId: m[1], activityId: m[2], activity: body });
      return reply(200, { id: m[2] });
    }
    if (method === 'GET' && /\/pagedmembers$/.test(path)) {
      const size = Number(url.searchParams.get('pageSize') ?? 100);
      const start = Number(url.searchParams.get('continuationToken') ?? 0);
      const page = this.members.slice(start, start + size);
      return reply(200, {
        members: page,
        continuationToken: start + size < this.members.length ? String(start + size) : undefined,
      });
    }
    if (method === 'GET' && (m = /^\/v3\/conversations\/[^/]+\/members\/([^/]+)$/.exec(path))) {
      const member = this.members.find((x) => x.id === m![1] || x.aadObjectId === m![1]);
      return member ? reply(200, member) : reply(404, { error: { code: 'MemberNotFound', message: 'no such member' } });
    }
    reply(404, { error: { code: 'NotFound', message: `${method} ${path} is not played by the stand-in` } });
  }

  private record(
    path: string,
    body: Record<string, any>,
    conversationId = /conversations\/([^/]+)/.exec(path)?.[1] ?? '?',
  ): string {
    const activityId = `act-${this.nextId++}`;
    const replyTo = /\/activities\/([^/]+)$/.exec(path)?.[1];
    this.sent.push({ conversationId, activityId, activity: body, replyTo });
    return activityId;
  }
}
