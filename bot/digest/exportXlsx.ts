import ExcelJS from 'exceljs';
import { type Action, awaitsClosure, compareRefs } from '../domain/types';
import { sheetNameOf } from '../import/planWorkbook';

/** The import's columns, in the order the template gives them: a register sheet uploads back as it is. */
export const PLAN_COLUMNS = [
  {
    header: 'plan',
    width: 28,
    help: 'Required. The plan\'s name, e.g. "LGA CPC Action Plan 2023". One plan per sheet is tidy.',
  },
  { header: 'theme', width: 36, help: 'Required. The recommendation or theme the action sits under.' },
  { header: 'reference', width: 11, help: 'Required. Unique in its plan, e.g. R4.2 (letters, digits, dots, dashes).' },
  { header: 'action', width: 50, help: 'Required. What will be done.' },
  { header: 'owner email', width: 30, help: "Required. The owner's work email (their Teams sign-in)." },
  { header: 'owner name', width: 22, help: "Optional. The owner's name, shown until Teams gives the bot theirs." },
  { header: 'due date', width: 12, help: 'Required. A date: 23/11/2026 or 2026-11-23 (or an Excel date).' },
  {
    header: 'status',
    width: 14,
    help: 'Optional (Not started). Not started, In progress, Complete, Deferred or Rescheduled (approved).',
  },
  { header: 'RAG', width: 8, help: 'Optional. Green, Amber or Red, for work not complete.' },
  { header: 'narrative', width: 50, help: 'Optional; required for Amber and Red. The latest progress comment.' },
] as const;

/** Columns the register adds after the import's: read for information, ignored by an upload. */
const REGISTER_EXTRAS = [
  { header: 'revised due date', width: 14 },
  { header: 'revised date state', width: 12 },
  { header: 'revised date reason', width: 36 },
  { header: 'closure', width: 16 },
  { header: 'evidence link', width: 36 },
  { header: 'last reply at', width: 20 },
] as const;

const asDate = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
/** Cells are written as strings, which Excel never runs as formulas (unlike a CSV's text), so text goes as it is. */
const text = (v: string | undefined): string => v ?? '';

function headed(ws: ExcelJS.Worksheet, columns: readonly { header: string; width: number }[]): void {
  ws.columns = columns.map((c) => ({ header: c.header, key: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

/**
 * The register as a workbook: one sheet per plan, the import's columns (so a sheet uploads back unchanged)
 * followed by revised dates, closure, evidence and the last reply.
 */
export async function registerWorkbook(
  actions: readonly Action[],
  ownerNames: ReadonlyMap<string, string> = new Map(),
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Board Actions';
  const byPlan = new Map<string, Action[]>();
  for (const a of actions) if (!a.retired) byPlan.set(a.planName, [...(byPlan.get(a.planName) ?? []), a]);
  const used = new Set<string>();
  for (const [plan, list] of [...byPlan].sort(([x], [y]) => x.localeCompare(y))) {
    let name = sheetNameOf(plan);
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${sheetNameOf(plan).slice(0, 28)} ${i}`;
    used.add(name.toLowerCase());
    const ws = wb.addWorksheet(name);
    headed(ws, [...PLAN_COLUMNS, ...REGISTER_EXTRAS]);
    for (const a of [...list].sort((x, y) => compareRefs(x.ref, y.ref)))
      ws.addRow([
        text(a.planName),
        text(a.theme),
        text(a.ref),
        text(a.title),
        a.ownerEmail,
        text(ownerNames.get(a.ownerEmail)),
        asDate(a.dueDate),
        a.status,
        a.status === 'Complete' ? '' : (a.rag ?? ''),
        text(a.narrative),
        a.revisedDate ? asDate(a.revisedDate.date) : '',
        a.revisedDate?.state ?? '',
        text(a.revisedDate?.reason),
        awaitsClosure(a) ? 'awaiting closure' : a.status === 'Complete' ? 'closed' : '',
        a.evidenceUrl ?? '',
        a.lastReplyAt ?? '',
      ]);
    for (const col of [7, 11]) ws.getColumn(col).numFmt = 'dd/mm/yyyy';
  }
  if (byPlan.size === 0) headed(wb.addWorksheet('Plan'), [...PLAN_COLUMNS, ...REGISTER_EXTRAS]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A blank plan to fill in: the import's columns on the first sheet, and what each one takes on a second. */
export async function templateWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Board Actions';
  const plan = wb.addWorksheet('Plan');
  headed(plan, PLAN_COLUMNS);
  plan.getColumn(7).numFmt = 'dd/mm/yyyy';
  const help = wb.addWorksheet('Columns');
  headed(help, [
    { header: 'column', width: 16 },
    { header: 'what it takes', width: 100 },
  ]);
  for (const c of PLAN_COLUMNS) help.addRow([c.header, c.help]);
  help.addRow([]);
  help.addRow([
    '',
    'Upload the file in the Board report tab (Upload a plan): you see what it would change before anything is written.',
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
