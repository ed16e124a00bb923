import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { loadConfig } from '../config';
import { type CliContext, runCli } from './runCli';
import { openConfiguredStore } from '../app';
import { type RowProblem, parsePlanCsv, problemText } from '../import/planCsv';
import { type ImportSummary, importPlanRows } from '../import/importPlan';
import { ErrorCode, isBoardBotError } from '../errors';
import { silentLogger } from '../log';
import { isOpen } from '../domain/types';

const argsSchema = z.object({
  file: z.string().regex(/\.csv$/i, 'give a .csv file (save an Excel sheet as "CSV UTF-8")'),
  retireMissing: z.boolean(),
});

const USAGE = 'Usage: npm run import -- <plan.csv> [--retire-missing]';

function readArgs(argv: string[]): unknown {
  const flags = argv.filter((a) => a.startsWith('--'));
  const unknown = flags.find((f) => f !== '--retire-missing');
  if (unknown) throw new Error(`unknown option "${unknown}"`);
  const files = argv.filter((a) => !a.startsWith('--'));
  if (files.length !== 1) throw new Error('one file expected');
  return { file: files[0], retireMissing: flags.includes('--retire-missing') };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function printProblems(file: string, problems: RowProblem[]): void {
  console.error(`Nothing was imported: ${plural(problems.length, 'problem')} in ${file}.`);
  for (const p of problems) console.error(`  ${problemText(p)}`);
}

/** The actions the file no longer lists: what became of each, and how to retire the open ones. */
function printMissing(file: string, s: ImportSummary): void {
  if (s.missing.length === 0) return;
  const open = s.missing.filter((m) => !m.retired && isOpen(m.action));
  console.log(
    s.retired > 0
      ? `${plural(s.missing.length, 'action')} of these plans ${s.missing.length === 1 ? 'is' : 'are'} not in ${file}; ${s.retired} retired (recorded in ${s.retired === 1 ? 'its' : 'their'} history, no longer chased):`
      : `${plural(s.missing.length, 'action')} of these plans ${s.missing.length === 1 ? 'is' : 'are'} not in ${file} and ${s.missing.length === 1 ? 'was' : 'were'} left as ${s.missing.length === 1 ? 'it was' : 'they were'}:`,
  );
  for (const { action: a, retired } of s.missing)
    console.log(
      `  ${a.planName} ${a.ref}: ${a.title} (${a.ownerEmail}, ${retired ? `was ${a.status}, now retired` : a.status})`,
    );
  if (open.length > 0)
    console.log(
      `${plural(open.length, 'open action')} will keep being chased; to retire ${open.length === 1 ? 'it' : 'them'}, run: npm run import -- ${file} --retire-missing`,
    );
}

/** `npm run import -- plan.csv [--retire-missing]`: all rows or none, into the same store `npm start` uses. */
async function main(cli: CliContext): Promise<number> {
  let args: z.infer<typeof argsSchema>;
  try {
    const parsed = argsSchema.safeParse(readArgs(process.argv.slice(2)));
    if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'one file expected');
    args = parsed.data;
  } catch (e) {
    console.error(`${USAGE}: ${(e as Error).message}`);
    return 2;
  }
  const { file } = args;
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch (e) {
    console.error(`Cannot read ${file}: ${(e as Error).message}`);
    return 2;
  }
  const { rows, problems, encoding } = parsePlanCsv(content);
  if (problems.length) {
    printProblems(file, problems);
    return 1;
  }
  const config = loadConfig();
  const { store, azurite } = await openConfiguredStore(config, silentLogger);
  if (azurite) cli.beforeExit(azurite.stop);
  let s: ImportSummary;
  try {
    s = await importPlanRows(store, rows, new Date(), `import of ${path.basename(file)}`, {
      retireMissing: args.retireMissing,
    });
  } catch (e) {
    if (isBoardBotError(e) && e.code === ErrorCode.ImportInvalid && Array.isArray(e.detail?.problems)) {
      printProblems(file, e.detail.problems as RowProblem[]);
      return 1;
    }
    throw e;
  }
  console.log(
    `Imported ${rows.length} rows from ${file} into ${plural(s.plans, 'plan')}: ${s.created} new, ${s.changed} changed, ${s.unchanged} unchanged.`,
  );
  if (encoding && encoding !== 'UTF-8')
    console.log(
      `${file} was read as ${encoding} (it is not UTF-8); to be sure of every character, save it as "CSV UTF-8".`,
    );
  printMissing(file, s);
  return 0;
}

runCli('Import', main);
