/**
 * Plays Teams posting card submits (invoke activities) to the bot, from its own process so the
 * load generator does not share the bot's event loop:
 *   tsx bench/submitClient.ts <job.json>
 * job.json: { url, concurrency, items: [{ activity, expect }] }. Each worker posts its next item as
 * soon as the previous answer arrived (50 workers = 50 owners clicking at once, again and again).
 * Prints one JSON line: latency of each item (ms, in order), and whether its answer was the
 * confirmation card (HTTP 200 with the expected text).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface SubmitJob {
  url: string;
  concurrency: number;
  items: { activity: unknown; expect: string }[];
}

export interface SubmitResult {
  latencies: number[];
  confirmed: boolean[];
  statuses: number[];
  wallMs: number;
}

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as SubmitJob;
  const bodies = job.items.map((i) => JSON.stringify(i.activity));
  const out: SubmitResult = { latencies: [], confirmed: [], statuses: [], wallMs: 0 };
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const i = next++;
      const t = performance.now();
      const r = await fetch(job.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: bodies[i],
      });
      const text = await r.text();
      out.latencies[i] = performance.now() - t;
      out.statuses[i] = r.status;
      out.confirmed[i] = r.status === 200 && text.includes(job.items[i].expect);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(job.concurrency, bodies.length) }, worker));
  out.wallMs = performance.now() - started;
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
