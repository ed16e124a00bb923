/**
 * Bundles the tab pages (web/src: TypeScript and CSS, with @microsoft/teams-js) into web/dist/tab.js
 * and web/dist/tab.css with esbuild. `npm start` runs it first (prestart), `npm test` too (pretest),
 * and `npm run build` writes the production copy next to the compiled bot (dist/web/dist).
 *
 *   npx tsx web/build.ts [--out DIR]
 */
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

export const WEB_SRC = path.join(__dirname, 'src');
export const DEFAULT_OUT = path.join(__dirname, 'dist');

export interface BuiltFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** Builds the bundle into `outDir` and says what each file weighs, raw and gzipped. */
export async function buildWeb(outDir: string = DEFAULT_OUT): Promise<BuiltFile[]> {
  await build({
    entryPoints: { tab: path.join(WEB_SRC, 'main.ts') },
    outdir: outDir,
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome110', 'edge110', 'firefox110', 'safari16'],
    legalComments: 'eof',
    logLevel: 'warning',
  });
  return ['tab.js', 'tab.css'].map((f) => {
    const body = readFileSync(path.join(outDir, f));
    return { file: f, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
  });
}

if (require.main === module) {
  const i = process.argv.indexOf('--out');
  const out = i > 0 && process.argv[i + 1] ? path.resolve(process.argv[i + 1]) : DEFAULT_OUT;
  buildWeb(out).then(
    (files) =>
      console.log(
        `tab pages built in ${path.relative(process.cwd(), out) || out}: ${files.map((f) => `${f.file} ${(f.bytes / 1024).toFixed(1)} KB (${(f.gzipBytes / 1024).toFixed(1)} KB gzip)`).join(', ')}`,
      ),
    (e: unknown) => {
      console.error(`The tab pages could not be built: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 1;
    },
  );
}
