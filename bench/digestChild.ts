/**
 * Builds one digest in a fresh process, so its peak memory is the digest's own:
 *   tsx bench/digestChild.ts <connection string> <table prefix> [week label] [runs]
 * Prints one JSON line: wall time per run, how long the two big reads took, the RSS before,
 * the peak RSS sampled every 20 ms, and the kernel's maxRSS for the process.
 */
import { performance } from 'node:perf_hooks';
import { openTableStore } from '../bot/store';
import { loadDigest } from '../bot/digest/loadDigest';
import { BoardStore } from '../bot/domain/ports';
import { digestCard } from '../cards/digestCard';

export interface DigestChildResult {
  runs: { ms: number; readActionsMs: number; readUpdatesMs: number; updates: number; actions: number }[];
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

/** Times the two reads the digest makes per plan, without changing what they return. */
function timed(store: BoardStore, t: { actions: number; updates: number; rows: number; actionRows: number }): BoardStore {
  const updates = store.updates;
  const actions = store.actions;
  return {
    ...store,
    updates: Object.assign(Object.create(Object.getPrototypeOf(updates)), updates, {
      listForPlan: async (planId: string, until?: string) => {
        const s = performance.now();
        const r = await updates.listForPlan(planId, until);
        t.updates += performance.now() - s;
        t.rows += r.length;
        return r;
      },
    }),
    actions: Object.assign(Object.create(Object.getPrototypeOf(actions)), actions, {
      listByPlan: async (planId: string) => {
        const s = performance.now();
        const r = await actions.listByPlan(planId);
        t.actions += performance.now() - s;
        t.actionRows += r.length;
        return r;
      },
    }),
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
  const out: DigestChildResult = { runs: [], cardMs: 0, cpuMs: 0, processCpuMs: 0, baselineRssMb: baseline / 2 ** 20, peakRssMb: 0, maxRssMb: 0, mix: undefined, exceptions: 0 };
  for (let i = 0; i < runs; i++) {
    const t = { actions: 0, updates: 0, rows: 0, actionRows: 0 };
    const s = performance.now();
    const d = await loadDigest(timed(store, t), week && week !== '-' ? { week } : {}, new Date());
    const ms = performance.now() - s;
    out.runs.push({ ms, readActionsMs: t.actions, readUpdatesMs: t.updates, updates: t.rows, actions: t.actionRows });
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
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
