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
  private server?: http.Server;
  private nextId = 1;

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo | undefined)?.port}`;
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
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname);
    const method = req.method ?? 'GET';
    this.requests.push({ method, path, at: Date.now() });
    this.onRequest?.(method, path);
    if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
    const reply = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    const fault = this.faults.find((f) => f.match(method, path));
    if (fault) {
      this.faults.splice(this.faults.indexOf(fault), 1);
      if (fault.deliverAnyway) this.record(path, body);
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      return reply(
        fault.status,
        fault.body ?? { error: { code: `Status${fault.status}`, message: 'fault injected by the test' } },
        fault.headers,
      );
    }
    let m: RegExpExecArray | null;
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
    this.sent.push({ conversationId, activityId, activity: body });
    return activityId;
  }
}
