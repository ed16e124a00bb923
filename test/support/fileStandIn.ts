import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One file the stand-in serves, or the failure it answers with instead (an expired link: 403 or 404). */
export interface ServedFile {
  bytes?: Uint8Array | string;
  status?: number;
  /** Waits this long before answering (a slow link). */
  delayMs?: number;
  /** Sends no Content-Length (chunked), so only the bytes as they come say how big it is. */
  chunked?: boolean;
}

/**
 * Plays the short-lived download link Teams gives with a file sent to the bot (a SharePoint/OneDrive URL):
 * each path serves its bytes once registered; anything else is 404. Counts the downloads per path.
 */
export class FileStandIn {
  private server?: http.Server;
  private readonly files = new Map<string, ServedFile>();
  readonly downloads = new Map<string, number>();
  url = '';

  async start(): Promise<this> {
    const server = http.createServer(async (req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      this.downloads.set(path, (this.downloads.get(path) ?? 0) + 1);
      const f = this.files.get(path);
      if (f?.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
      if (!f || f.status) {
        res.writeHead(f?.status ?? 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'itemNotFound', message: 'The link has expired.' } }));
        return;
      }
      const bytes = Buffer.from(f.bytes ?? '');
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        ...(f.chunked ? {} : { 'content-length': String(bytes.length) }),
      });
      res.end(bytes);
    });
    this.server = server;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  /** Serves `file` at `path`; the download URL to put in the attachment. */
  serve(path: string, file: ServedFile): string {
    this.files.set(path, file);
    return `${this.url}${path}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }
}
