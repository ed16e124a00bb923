import { z } from 'zod';
import { loadConfig } from '../config';
import { type CliContext, runCli } from './runCli';
import { openConfiguredStore } from '../app';
import { loadBoard } from '../digest/loadDigest';
import { actionsCsv } from '../digest/exportCsv';
import { htmlReport } from '../digest/htmlReport';
import { pngDataUri, trendPng } from '../digest/trendChart';
import { digestCard } from '../../cards/digestCard';
import { londonDate } from '../domain/calendar';
import { silentLogger } from '../log';

const argsSchema = z.object({
  plan: z.string().min(1).optional(),
  theme: z.string().min(1).optional(),
  week: z
    .string()
    .regex(/^\d{4}-W\d{2}$/i, 'must look like 2024-W20')
    .optional(),
  format: z.enum(['json', 'csv', 'html', 'card']).default('json'),
});

function readArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(plan|theme|week|format)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`unknown argument "${argv[i]}"`);
    out[m[1]] = m[2] ?? argv[++i] ?? '';
  }
  return out;
}

/** `npm run digest -- [--plan P] [--theme T] [--week 2024-W20] [--format json|csv|html|card]`: the digest on stdout. */
async function main(cli: CliContext): Promise<number> {
  let args: z.infer<typeof argsSchema>;
  try {
    const parsed = argsSchema.safeParse(readArgs(process.argv.slice(2)));
    if (!parsed.success)
      throw new Error(parsed.error.issues.map((i) => `--${i.path.join('.')} ${i.message}`).join('; '));
    args = parsed.data;
  } catch (e) {
    console.error(
      `Usage: npm run digest -- [--plan P] [--theme T] [--week 2024-W20] [--format json|csv|html|card]: ${(e as Error).message}`,
    );
    return 2;
  }
  const config = loadConfig();
  const { store, azurite } = await openConfiguredStore(config, silentLogger);
  if (azurite) cli.beforeExit(azurite.stop);
  const { digest, actions, flags, names } = await loadBoard(store, args, new Date(), { flags: config.flags });
  const chart = args.format === 'html' || args.format === 'card' ? pngDataUri(await trendPng(digest)) : undefined;
  const out =
    args.format === 'csv'
      ? actionsCsv(actions, digest.asOf, londonDate(new Date(digest.asOf)), flags, names)
      : args.format === 'html'
        ? htmlReport(digest, chart)
        : args.format === 'card'
          ? JSON.stringify(digestCard(digest, chart), null, 2)
          : JSON.stringify(digest, null, 2);
  process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
  return 0;
}

runCli('Digest', main);
