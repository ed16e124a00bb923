import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { loadConfig } from '../config';
import { type CliContext, runCli } from './runCli';
import { openConfiguredStore } from '../app';
import { parsePlanCsv } from '../import/planCsv';
import { importPlanRows } from '../import/importPlan';
import { silentLogger } from '../log';

const argsSchema = z.tuple([z.string().regex(/\.csv$/i, 'give a .csv file (save an Excel sheet as "CSV UTF-8")')]);

/** `npm run import -- plan.csv`: all rows or none, into the same store `npm start` uses. */
async function main(cli: CliContext): Promise<number> {
  const args = argsSchema.safeParse(process.argv.slice(2));
  if (!args.success) {
    console.error(`Usage: npm run import -- <plan.csv>: ${args.error.issues[0]?.message ?? 'one file expected'}`);
    return 2;
  }
  const [file] = args.data;
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (e) {
    console.error(`Cannot read ${file}: ${(e as Error).message}`);
    return 2;
  }
  const { rows, problems } = parsePlanCsv(content);
  if (problems.length) {
    console.error(`Nothing was imported: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${file}.`);
    for (const p of problems) console.error(`  line ${p.line}, column "${p.column}": ${p.reason}`);
    return 1;
  }
  const config = loadConfig();
  const { store, azurite } = await openConfiguredStore(config, silentLogger);
  if (azurite) cli.beforeExit(azurite.stop);
  const s = await importPlanRows(store, rows, new Date(), `import of ${path.basename(file)}`);
  console.log(
    `Imported ${rows.length} rows from ${file} into ${s.plans} plan${s.plans === 1 ? '' : 's'}: ${s.created} new, ${s.changed} changed, ${s.unchanged} unchanged.`,
  );
  return 0;
}

runCli('Import', main);
