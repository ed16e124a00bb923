/**
 * Builds one digest in a fresh process, so its peak memory is the digest's own:
 *   tsx bench/digestChild.ts <connection string> <table prefix> [week label] [runs]
 * Prints one JSON line: wall time per run, how long the two big reads took, the RSS before,
 * the peak RSS sampled every 20 ms, and the kernel's maxRSS for the process.
 */
import { performance } from 'node:perf_hooks';
import { openTableStore } from '../bot/store';
import { loadDigest } from '../bot/digest/loadDigest';
import type { BoardStore } from '../bot/domain/ports';
import { digestCard } from '../cards/digestCard';

export interface DigestChildResult {
  /** Per run: wall time; time in storage calls (all, the actions, the history: unions of their intervals); calls by name (ms). */
  runs: {
    ms: number;
    readMs: number;
    bigReadsMs: number;
    readActionsMs: number;
    readUpdatesMs: number;
    updates: number;
    actions: number;
    /** Rows (entities) every storage read of the digest returned, added up: a machine-independent cost. */
    rowsRead: number;
    calls: Record<string, { n: number; ms: number }>;
  }[];
  cardMs: number;
  /** CPU used by the digest runs (ms), and by this process in all (start-up included). */
  cpuMs: number;
  processCpuMs: number;
  baselineRssMb: number;
  peakRssMb: number;
  maxRssMb: number;
  mix: unknown;
  exceptions: number;
}

/** Storage calls by name ("updates.listForPlan"), each a list of [start, end] ms; calls may overlap. */
type Calls = Map<string, [number, number][]>;

/** Total length of a set of possibly overlapping intervals. */
export function unionMs(intervals: [number, number][]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [s, e] of sorted) {
    if (e <= end) continue;
    total += e - Math.max(s, end);
    end = e;
  }
  return total;
}

/** The store with every repository method timed, results unchanged. */
function timed(store: BoardStore, calls: Calls, rows: { updates: number; actions: number; all: number }): BoardStore {
  const wrap = <R extends object>(name: string, repo: R): R =>
    new Proxy(repo, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver);
        if (typeof v !== 'function') return v;
        return async (...args: unknown[]) => {
          const s = performance.now();
          const r = await (v as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          const key = `${name}.${String(prop)}`;
          (calls.get(key) ?? calls.set(key, []).get(key))?.push([s, performance.now()]);
          if (key === 'updates.listForPlan' || key === 'snapshots.historyBetween')
            rows.updates += (r as unknown[]).length;
          if (key === 'snapshots.board') {
            // One read of a plan's states and kept figures: every row it returned counts.
            const b = r as { actions: unknown[]; figures: Map<string, unknown> };
            rows.all += b.actions.length + b.figures.size;
            rows.actions += b.actions.length;
          } else rows.all += Array.isArray(r) ? r.length : r instanceof Map ? r.size : r === undefined ? 0 : 1;
          if (key === 'actions.listByPlan') rows.actions += (r as unknown[]).length;
          return r;
        };
      },
    });
  return {
    ...store,
    plans: wrap('plans', store.plans),
    actions: wrap('actions', store.actions),
    updates: wrap('updates', store.updates),
    owners: wrap('owners', store.owners),
    prompts: wrap('prompts', store.prompts),
    cycles: wrap('cycles', store.cycles),
    settings: wrap('settings', store.settings),
    snapshots: wrap('snapshots', store.snapshots),
  };
}

async function main(): Promise<void> {
  const [connectionString, prefix, week, runsArg] = process.argv.slice(2);
  const runs = Number(runsArg ?? 1);
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const store = await openTableStore(connectionString, prefix);
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  peak = baseline;
  const cpuAt = () => (process.cpuUsage().user + process.cpuUsage().system) / 1000;
  const cpu0 = cpuAt();
  const out: DigestChildResult = {
    runs: [],
    cardMs: 0,
    cpuMs: 0,
    processCpuMs: 0,
    baselineRssMb: baseline / 2 ** 20,
    peakRssMb: 0,
    maxRssMb: 0,
    mix: undefined,
    exceptions: 0,
  };
  for (let i = 0; i < runs; i++) {
    const calls: Calls = new Map();
    const rows = { updates: 0, actions: 0, all: 0 };
    const s = performance.now();
    const d = await loadDigest(timed(store, calls, rows), week && week !== '-' ? { week } : {}, new Date());
    const ms = performance.now() - s;
    out.runs.push({
      ms,
      readMs: unionMs([...calls.values()].flat()),
      bigReadsMs: unionMs([
        ...(calls.get('actions.listByPlan') ?? []),
        ...(calls.get('snapshots.board') ?? []),
        ...(calls.get('updates.listForPlan') ?? []),
      ]),
      readActionsMs: unionMs([...(calls.get('actions.listByPlan') ?? []), ...(calls.get('snapshots.board') ?? [])]),
      readUpdatesMs: unionMs([
        ...(calls.get('updates.listForPlan') ?? []),
        ...(calls.get('snapshots.historyBetween') ?? []),
      ]),
      updates: rows.updates,
      actions: rows.actions,
      rowsRead: rows.all,
      calls: Object.fromEntries([...calls].map(([k, v]) => [k, { n: v.length, ms: Math.round(unionMs(v)) }])),
    });
    if (i === runs - 1) {
      const c = performance.now();
      JSON.stringify(digestCard(d, undefined));
      out.cardMs = performance.now() - c;
      out.mix = d.mix;
      out.exceptions = d.exceptions.length;
    }
  }
  out.cpuMs = cpuAt() - cpu0;
  out.processCpuMs = cpuAt();
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  out.peakRssMb = peak / 2 ** 20;
  out.maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
