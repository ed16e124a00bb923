import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A storage request the gate saw: its method and path, as Azurite received them. */
export interface StorageRequest {
  method: string;
  path: string;
}

/**
 * An HTTP proxy in front of the test Azurite that can hold back one storage write, so a test can make
 * something else happen "between" two of the bot's real storage calls (a race, as two people at once
 * would cause it), then let the held write go on. Nothing of the bot is replaced: it talks to real
 * Azurite through a real socket; only the timing is the test's.
 */
export class StorageGate {
  private server?: http.Server;
  private armed?: { match: (r: StorageRequest) => boolean; onHeld: () => void; release: Promise<void> };
  /** Every request that went through, in order. */
  readonly seen: StorageRequest[] = [];
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  static forConnectionString(cs: string): StorageGate {
    const url = new URL(/TableEndpoint=([^;]+)/.exec(cs)?.[1] ?? '');
    return new StorageGate({ host: url.hostname, port: Number(url.port) });
  }

  /** The connection string that goes through the gate. */
  connectionString(cs: string): string {
    return cs.replace(/TableEndpoint=http:\/\/[^/]+/, `TableEndpoint=http://127.0.0.1:${this.port}`);
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.forward(req, res));
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /**
   * Holds the next write (anything but GET) that `match` accepts; resolves when it is being held,
   * with a function that lets it go on.
   */
  holdNextWrite(match: (r: StorageRequest) => boolean = () => true): Promise<() => void> {
    let release = () => {};
    const released = new Promise<void>((r) => {
      release = r;
    });
    return new Promise((held) => {
      this.armed = { match, onHeld: () => held(release), release: released };
    });
  }

  private async forward(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const r = { method: req.method ?? 'GET', path: req.url ?? '' };
    this.seen.push(r);
    const body = await new Promise<Buffer>((resolve) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => resolve(Buffer.concat(parts)));
    });
    const armed = this.armed;
    if (armed && r.method !== 'GET' && armed.match(r)) {
      this.armed = undefined;
      armed.onHeld();
      await armed.release;
    }
    const up = http.request(
      { host: this.target.host, port: this.target.port, method: r.method, path: r.path, headers: req.headers },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    up.end(body);
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }
}
