/**
 * Summarises a V8 .cpuprofile: where the time went, by function and by package.
 *   tsx bench/profileTop.ts <file.cpuprofile> [rows=25]
 * "Package" is the npm package for code under node_modules, else the repository folder (bot/store, cards, ...).
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

export function summarise(profile: Profile, rows = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id) as Node;
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const url = n.callFrame.url.replace(/^file:\/\//, '');
    const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    const where = nm
      ? nm[1]
      : url
        ? (/\/(bot\/[^/]+|cards|bench|web)\//.exec(url)?.[1] ??
          (url.startsWith('node:') ? 'node (built-in)' : url.split('/').slice(-2).join('/')))
        : `(${n.callFrame.functionName || 'native'})`;
    const name = `${n.callFrame.functionName || '(anonymous)'}  ${url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
    fn.set(name, (fn.get(name) ?? 0) + dt);
    pkg.set(where, (pkg.get(where) ?? 0) + dt);
  });
  // Inclusive time of the repository's own functions (bot/, cards/): everything they called counts.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = (byId.get(cur) as Node).callFrame;
      const m = /\/((?:bot|cards)\/.*)$/.exec(f.url);
      if (!m || m[1].includes('node_modules')) continue;
      const key = `${f.functionName || '(anonymous)'}  ${m[1]}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
    }
  });
  const line = ([k, v]: [string, number]) =>
    `${(v / 1000).toFixed(0).padStart(8)} ms ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`;
  return [
    `total ${(total / 1000).toFixed(0)} ms sampled`,
    '',
    'by package / folder (self time):',
    ...[...pkg]
      .sort((a, b) => b[1] - a[1])
      .slice(0, rows)
      .map(line),
    '',
    'by function (self time):',
    ...[...fn]
      .sort((a, b) => b[1] - a[1])
      .slice(0, rows)
      .map(line),
    '',
    "the repository's own functions (inclusive time: with everything they called):",
    ...[...inclusive]
      .sort((a, b) => b[1] - a[1])
      .slice(0, rows)
      .map(line),
  ].join('\n');
}

if (require.main === module) {
  const [file, rows] = process.argv.slice(2);
  if (!file) {
    console.error('Usage: tsx bench/profileTop.ts <file.cpuprofile> [rows]');
    process.exit(2);
  }
  console.log(summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(rows ?? 25)));
}
