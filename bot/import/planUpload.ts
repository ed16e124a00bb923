import { createHash } from 'node:crypto';
import { type Action, type ActionKey, type Plan, actionKeyOf, isOpen, planIdOf } from '../domain/types';
import type { BoardStore } from '../domain/ports';
import { ErrorCode, isBoardBotError } from '../errors';
import { type PlanRow, type RowProblem, parsePlanCsv, parsePlanRecords, problemText } from './planCsv';
import { readPlanWorkbook } from './planWorkbook';
import { planImportChanges } from './planChanges';
import { type ImportSummary, importPlanRows } from './importPlan';

/** A plan file as uploaded: its name (.csv or .xlsx), its bytes, and the sheet picked in a workbook. */
export interface PlanFile {
  name: string;
  bytes: Uint8Array;
  sheet?: string;
}

/** A bad row: where (line of a CSV, row of a sheet), which column, why; `text` in the CLI's words. */
export interface UploadProblem extends RowProblem {
  text: string;
}

/** A plan file read: its rows, or every problem. */
export interface ReadFile {
  kind: 'csv' | 'xlsx';
  rows: PlanRow[];
  problems: UploadProblem[];
  sheets?: string[];
  sheet?: string;
  encoding?: string;
}

const xlsxLike = (f: PlanFile) =>
  /\.xlsx$/i.test(f.name) || (f.bytes[0] === 0x50 && f.bytes[1] === 0x4b && !/\.csv$/i.test(f.name));

/** Reads an uploaded CSV (UTF-8 or Windows-1252, see decodePlanFile) or .xlsx with the import's own parser. */
export async function readUploadedPlan(file: PlanFile): Promise<ReadFile> {
  if (xlsxLike(file)) {
    const wb = await readPlanWorkbook(file.bytes, file.sheet);
    if ('problem' in wb)
      return {
        kind: 'xlsx',
        rows: [],
        sheets: wb.sheets,
        problems: [{ ...wb.problem, text: problemText(wb.problem, 'row') }],
      };
    const parsed = parsePlanRecords(wb.records);
    return {
      kind: 'xlsx',
      rows: parsed.rows,
      sheets: wb.sheets,
      sheet: wb.sheet,
      problems: parsed.problems.map((p) => ({ ...p, text: problemText(p, 'row') })),
    };
  }
  const parsed = parsePlanCsv(file.bytes);
  return {
    kind: 'csv',
    rows: parsed.rows,
    encoding: parsed.encoding,
    problems: parsed.problems.map((p) => ({ ...p, text: problemText(p, 'line') })),
  };
}

/** One field an upload would change on a stored action, in the file's column words. */
export interface FieldChange {
  field: string;
  from: string;
  to: string;
}

/** What Apply would do, shown before anything is written. */
export interface UploadPreview {
  file: string;
  kind: 'csv' | 'xlsx';
  sheets?: string[];
  sheet?: string;
  encoding?: string;
  rows: number;
  problems: UploadProblem[];
  newPlans: string[];
  add: { planName: string; ref: string; title: string; ownerEmail: string; dueDate: string }[];
  change: { planName: string; ref: string; title: string; fields: FieldChange[] }[];
  /** Stored actions of the file's plans the file does not list: kept unless retired (open ones only). */
  missing: {
    key: string;
    planName: string;
    ref: string;
    title: string;
    ownerEmail: string;
    status: string;
    open: boolean;
  }[];
  unchanged: number;
  /** The board as this preview read it (see boardBasis); empty when the file has problems. */
  basis: string;
}

/** The fields of an action a plan file sets, with the column word the CLI and the template use. */
const FIELD_WORDS: [keyof Action, string][] = [
  ['theme', 'theme'],
  ['title', 'action'],
  ['ownerEmail', 'owner email'],
  ['dueDate', 'due date'],
  ['status', 'status'],
  ['rag', 'RAG'],
  ['narrative', 'narrative'],
];

const fieldChanges = (before: Action, after: Action): FieldChange[] =>
  FIELD_WORDS.flatMap(([f, word]) => {
    const [from, to] = [String(before[f] ?? ''), String(after[f] ?? '')];
    return from === to ? [] : [{ field: word, from, to }];
  });

async function storedFor(store: BoardStore, rows: PlanRow[]): Promise<Action[]> {
  const ids = [...new Set(rows.map((r) => planIdOf(r.plan)))];
  return (await Promise.all(ids.map((id) => store.actions.listByPlan(id)))).flat().map((v) => v.value);
}

/**
 * A fingerprint of what the board holds for a file's plans: the plans stored, and each of their actions at its
 * revision. Any change to one of those actions (an owner's answer, another upload) gives another fingerprint.
 */
export function basisOf(rows: PlanRow[], plans: Plan[], actions: Action[]): string {
  const ids = [...new Set(rows.map((r) => planIdOf(r.plan)))].sort();
  const stored = plans.filter((p) => ids.includes(p.id)).map((p) => `${p.id}=${p.name}`);
  const revisions = actions.filter((a) => ids.includes(a.planId)).map((a) => `${actionKeyOf(a)}@${a.revision}`);
  return createHash('sha256')
    .update(JSON.stringify([ids, stored.sort(), revisions.sort()]))
    .digest('base64url');
}

/** The board's fingerprint for these rows now (basisOf, read from storage). */
export async function boardBasis(store: BoardStore, rows: PlanRow[]): Promise<string> {
  const [plans, actions] = await Promise.all([store.plans.list(), storedFor(store, rows)]);
  return basisOf(rows, plans, actions);
}

/**
 * What uploading this file would do, decided by the import's own planner (bot/import/planChanges.ts) against what
 * is stored now. Reads only: nothing is written.
 */
export async function previewUpload(store: BoardStore, file: PlanFile, now: Date, by: string): Promise<UploadPreview> {
  return previewRead(store, file.name, await readUploadedPlan(file), now, by);
}

/** previewUpload for a file already read (readUploadedPlan). */
export async function previewRead(
  store: BoardStore,
  name: string,
  read: ReadFile,
  now: Date,
  by: string,
): Promise<UploadPreview> {
  const base = {
    file: name,
    kind: read.kind,
    sheets: read.sheets,
    sheet: read.sheet,
    encoding: read.encoding,
    rows: read.rows.length,
    newPlans: [],
    add: [],
    change: [],
    missing: [],
    unchanged: 0,
    basis: '',
  };
  if (read.problems.length) return { ...base, problems: read.problems };
  const [plans, actions] = await Promise.all([store.plans.list(), storedFor(store, read.rows)]);
  const c = planImportChanges({ rows: read.rows, plans, actions, now: now.toISOString(), by });
  const where = read.kind === 'xlsx' ? 'row' : 'line';
  return {
    ...base,
    problems: c.problems.map((p) => ({ ...p, text: problemText(p, where) })),
    newPlans: c.newPlans.map((p) => p.name),
    add: c.add.map(({ action: a }) => ({
      planName: a.planName,
      ref: a.ref,
      title: a.title,
      ownerEmail: a.ownerEmail,
      dueDate: a.dueDate,
    })),
    change: c.change.map((w) => ({
      planName: w.action.planName,
      ref: w.action.ref,
      title: w.action.title,
      fields: w.before ? fieldChanges(w.before, w.action) : [],
    })),
    missing: c.missing.map(({ action: a }) => ({
      key: keyOf(a),
      planName: a.planName,
      ref: a.ref,
      title: a.title,
      ownerEmail: a.ownerEmail,
      status: a.status,
      open: isOpen(a),
    })),
    unchanged: c.leave.length,
    basis: c.problems.length ? '' : basisOf(read.rows, plans, actions),
  };
}

/** An action's key in an upload's choices: plan and reference (`planId/REF`). */
export const keyOf = (k: ActionKey): string => actionKeyOf(k);

/**
 * Applies an upload: the file is read again and written through the import (journalled, all or nothing, every
 * action one ETag-checked commit with its history row), retiring the missing actions chosen (`all`, or by key).
 * A file with problems writes nothing and returns them.
 */
export async function applyUpload(
  store: BoardStore,
  file: PlanFile,
  retire: 'all' | string[],
  now: Date,
  by: string,
): Promise<{ summary: ImportSummary } | { problems: UploadProblem[] }> {
  return applyRead(store, await readUploadedPlan(file), retire, now, by);
}

/** applyUpload for a file already read (readUploadedPlan), e.g. kept since its preview. */
export async function applyRead(
  store: BoardStore,
  read: Pick<ReadFile, 'kind' | 'rows' | 'problems'>,
  retire: 'all' | string[],
  now: Date,
  by: string,
): Promise<{ summary: ImportSummary } | { problems: UploadProblem[] }> {
  if (read.problems.length) return { problems: read.problems };
  try {
    const summary = await importPlanRows(
      store,
      read.rows,
      now,
      by,
      retire === 'all' ? { retireMissing: true } : { retireRefs: retire },
    );
    return { summary };
  } catch (e) {
    if (isBoardBotError(e) && e.code === ErrorCode.ImportInvalid && Array.isArray(e.detail?.problems)) {
      const where = read.kind === 'xlsx' ? 'row' : 'line';
      return { problems: (e.detail.problems as RowProblem[]).map((p) => ({ ...p, text: problemText(p, where) })) };
    }
    throw e;
  }
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

/** What the secretariat is told once an upload is applied (in the tab and in the chat alike). */
export const appliedText = (name: string, s: ImportSummary): string =>
  `Imported ${name} into ${plural(s.plans, 'plan')}: ${s.created} new, ${s.changed} changed, ${s.unchanged} unchanged${s.retired ? `, ${s.retired} retired` : ''}. Every change is in its action's history.`;

/** What the secretariat is told when a file has bad rows and nothing was imported. */
export const refusedText = (name: string, problems: number): string =>
  `Nothing was imported: ${plural(problems, 'problem')} in ${name}.`;
