import net from 'node:net';

/**
 * A loopback TCP proxy that a test can cut and restore, to take a real service "down" and back.
 * Cut: every open connection is reset and new ones are reset on arrival (as a dead host would);
 * the listening port stays ours, so restoring is instant and nothing else can take the port.
 */
export class TcpProxy {
  private server?: net.Server;
  private sockets = new Set<net.Socket>();
  private down = false;
  port = 0;

  constructor(private readonly targetPort: number) {}

  async start(): Promise<this> {
    this.server = net.createServer((client) => {
      if (this.down) return void client.resetAndDestroy();
      const upstream = net.connect(this.targetPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  /** Resets every connection and refuses new ones until restore(). */
  async cut(): Promise<void> {
    this.down = true;
    for (const s of this.sockets) s.resetAndDestroy();
  }

  /** Lets connections through again. */
  async restore(): Promise<void> {
    this.down = false;
  }

  async stop(): Promise<void> {
    await this.cut();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }
}
