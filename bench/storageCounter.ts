/**
 * A counting HTTP proxy between the bot and Azurite: every storage round trip the bot makes is one
 * request through it, so the bench can print round trips per prompt and per answer, figures that do
 * not depend on the machine. A transaction ($batch) is one round trip however many rows it holds.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StorageCounts {
  requests: number;
  reads: number;
  writes: number;
  transactions: number;
}

/** One round trip: its method and its path (table, keys or query), decoded. */
export interface StorageCall {
  method: string;
  path: string;
}

export interface StorageCounter {
  /** The Azurite connection string with its table endpoint moved to the proxy. */
  connectionString: string;
  counts(): StorageCounts;
  /** Every round trip so far, in the order they arrived (for a breakdown by step). */
  calls(): StorageCall[];
  stop(): Promise<void>;
}

export async function startStorageCounter(azuriteConnectionString: string): Promise<StorageCounter> {
  const endpoint = new URL(/TableEndpoint=([^;]+)/.exec(azuriteConnectionString)?.[1] ?? '');
  const counts: StorageCounts = { requests: 0, reads: 0, writes: 0, transactions: 0 };
  const calls: StorageCall[] = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const server = http.createServer((req, res) => {
    counts.requests += 1;
    calls.push({ method: req.method ?? '', path: safeDecode(req.url ?? '') });
    if (req.url?.includes('$batch')) counts.transactions += 1;
    else if (req.method === 'GET') counts.reads += 1;
    else counts.writes += 1;
    const upstream = http.request(
      { host: endpoint.hostname, port: endpoint.port, path: req.url, method: req.method, headers: req.headers, agent },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const moved = new URL(endpoint);
  moved.port = String(port);
  return {
    connectionString: azuriteConnectionString.replace(endpoint.href.replace(/\/$/, ''), moved.href.replace(/\/$/, '')),
    counts: () => ({ ...counts }),
    calls: () => [...calls],
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      agent.destroy();
    },
  };
}

const safeDecode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};
