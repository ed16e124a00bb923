import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';

/** One telemetry item as the Application Insights exporter sends it (Breeze envelope). */
const envelopeSchema = z.object({
  name: z.string(),
  time: z.string(),
  iKey: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  data: z.object({
    baseType: z.string(),
    baseData: z.record(z.string(), z.unknown()),
  }),
});
export type Envelope = z.infer<typeof envelopeSchema>;

/** A request or dependency item's fields that the tests read. */
const trackedCallSchema = z.object({
  name: z.string(),
  url: z.string().optional(),
  data: z.string().optional(),
  target: z.string().optional(),
  type: z.string().optional(),
  resultCode: z.string().optional(),
  responseCode: z.string().optional(),
  success: z.boolean().optional(),
  properties: z.record(z.string(), z.string()).optional(),
});
export type TrackedCall = z.infer<typeof trackedCallSchema>;

const metricDataSchema = z.object({
  metrics: z.array(z.object({ name: z.string(), value: z.number(), count: z.number().optional() })),
  properties: z.record(z.string(), z.string()).optional(),
});

/** A self-signed certificate for 127.0.0.1 (the exporter always sends over HTTPS), made with openssl. */
function loopbackCertificate(): { key: Buffer; cert: Buffer; caFile: string; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ingestion-'));
  const [keyFile, caFile] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', caFile, '-days', '1'].concat([
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ]),
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyFile), cert: readFileSync(caFile), caFile, dir };
}

/**
 * Plays the Application Insights ingestion endpoint (POST /v2.1/track, JSON array, maybe gzip)
 * over HTTPS on loopback, keeping every envelope and the raw bodies it was sent. The bot trusts
 * its certificate through NODE_EXTRA_CA_CERTS (see `env`).
 */
export class IngestionStandIn {
  readonly envelopes: Envelope[] = [];
  readonly bodies: string[] = [];
  readonly paths: string[] = [];
  private server?: https.Server;
  private certificate?: ReturnType<typeof loopbackCertificate>;

  get url(): string {
    return `https://127.0.0.1:${(this.server?.address() as AddressInfo | undefined)?.port}/`;
  }

  /** The bot's environment for sending here: the connection string and trust in the certificate. */
  env(): Record<string, string> {
    return {
      APPLICATIONINSIGHTS_CONNECTION_STRING: this.connectionString(),
      NODE_EXTRA_CA_CERTS: this.certificate?.caFile ?? '',
    };
  }

  /** A connection string that sends everything here. */
  connectionString(iKey = '00000000-0000-4000-8000-00000000c0de'): string {
    return `InstrumentationKey=${iKey};IngestionEndpoint=${this.url};LiveEndpoint=${this.url}`;
  }

  async start(): Promise<this> {
    this.certificate = loopbackCertificate();
    const { key, cert } = this.certificate;
    this.server = https.createServer({ key, cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.paths.push(`${req.method} ${req.url}`);
        const raw = Buffer.concat(chunks);
        const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
        this.bodies.push(text);
        const items = z.array(envelopeSchema).safeParse(JSON.parse(text || '[]'));
        if (items.success) this.envelopes.push(...items.data);
        const count = items.success ? items.data.length : 0;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ itemsReceived: count, itemsAccepted: count, errors: [] }));
      });
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
    if (this.certificate) rmSync(this.certificate.dir, { recursive: true, force: true });
  }

  private calls(baseType: string): TrackedCall[] {
    return this.envelopes
      .filter((e) => e.data.baseType === baseType)
      .map((e) => trackedCallSchema.parse(e.data.baseData));
  }

  /** Incoming HTTP requests the bot reported. */
  requests(): TrackedCall[] {
    return this.calls('RequestData');
  }

  /** Outgoing calls (HTTP, storage) the bot reported. */
  dependencies(): TrackedCall[] {
    return this.calls('RemoteDependencyData');
  }

  /** The sum of every value reported for a metric (a counter's total). */
  metricTotal(name: string, where: (properties: Record<string, string>) => boolean = () => true): number {
    return this.points(name, where).reduce((sum, m) => sum + m.value, 0);
  }

  /** How many measurements were reported for a metric (a histogram's count). */
  metricCount(name: string, where: (properties: Record<string, string>) => boolean = () => true): number {
    return this.points(name, where).reduce((sum, m) => sum + (m.count ?? 1), 0);
  }

  private points(name: string, where: (properties: Record<string, string>) => boolean) {
    return this.envelopes
      .filter((e) => e.data.baseType === 'MetricData')
      .map((e) => metricDataSchema.parse(e.data.baseData))
      .filter((d) => where(d.properties ?? {}))
      .flatMap((d) => d.metrics.filter((m) => m.name === name));
  }
}
