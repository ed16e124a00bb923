import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { parseDate } from '../domain/calendar';
import { NARRATIVE_MAX } from '../domain/replyRules';
import { RAGS, type Rag, STATUSES, type Status, planIdOf } from '../domain/types';
import { decodePlanFile, type PlanEncoding } from './decodePlanFile';
import { REFERENCE_PATTERN } from '../domain/ids';

/** One row of a plan file, validated. */
export interface PlanRow {
  line: number;
  plan: string;
  theme: string;
  reference: string;
  action: string;
  ownerEmail: string;
  /** From a name column beside the email column ("Owner" holding names, "Owner name"), where there is one. */
  ownerName?: string;
  dueDate: string;
  status: Status;
  rag?: Rag;
  narrative?: string;
}

/** A problem as the import's command line says it: `line 4, column "due date": ...` (`row 4` for a sheet). */
export const problemText = (p: RowProblem, where: 'line' | 'row' = 'line'): string =>
  `${where} ${p.line}, column "${p.column}": ${p.reason}`;

/** Why a row was refused: line number in the file, column name and reason. */
export interface RowProblem {
  line: number;
  column: string;
  reason: string;
}

/** Header words for each column, most specific first: "Owner email" wins over an "Owner" column. */
const COLUMNS = {
  plan: ['plan'],
  theme: ['theme', 'recommendation', 'workstream'],
  reference: ['reference', 'ref'],
  action: ['action', 'title'],
  ownerEmail: ['owner email', 'email', 'owner'],
  ownerName: ['owner name', 'owner', 'name'],
  dueDate: ['due date', 'due', 'deadline'],
  status: ['status'],
  rag: ['rag', 'rag status'],
  narrative: ['narrative', 'comments', 'commentary'],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: Column[] = ['plan', 'theme', 'reference', 'action', 'ownerEmail', 'dueDate'];
/** Each column's name as the import's messages say it. */
export const COLUMN_LABEL: Record<Column, string> = {
  plan: 'plan',
  theme: 'theme',
  reference: 'reference',
  action: 'action',
  ownerEmail: 'owner email',
  ownerName: 'owner name',
  dueDate: 'due date',
  status: 'status',
  rag: 'RAG',
  narrative: 'narrative',
};

const oneOf = <T extends string>(values: readonly T[], what: string) =>
  z.string().transform((v, ctx) => {
    const hit = values.find((x) => x.toLowerCase() === v.trim().toLowerCase());
    if (!hit) ctx.addIssue({ code: 'custom', message: `"${v}" is not a ${what}; use one of: ${values.join(', ')}` });
    return hit as T;
  });
const text = (max: number) => z.string().trim().min(1, 'is empty').max(max, `is longer than ${max} characters`);
const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

/** Each column's rule, in the import's words: also what the Board report tab checks an action's fields with. */
export const PLAN_ROW_FIELDS = {
  plan: text(120),
  theme: text(300),
  reference: text(40).regex(REFERENCE_PATTERN, 'may hold only letters, digits, dots, dashes and spaces'),
  action: text(1000),
  ownerEmail: z.string().trim().toLowerCase().pipe(z.email('is not an email address')),
  ownerName: optional(z.string().trim().max(200, 'is longer than 200 characters')).transform((n) =>
    n?.includes('@') ? undefined : n,
  ),
  dueDate: z
    .string()
    .trim()
    .min(1, 'is empty')
    .transform(
      (v, ctx) =>
        parseDate(v) ??
        (ctx.addIssue({ code: 'custom', message: `"${v}" is not a date; write 23/11/2026 or 2026-11-23` }), ''),
    ),
  status: optional(oneOf(STATUSES, 'status')).transform((s) => s ?? 'Not started'),
  rag: optional(oneOf(RAGS, 'RAG rating')),
  narrative: optional(z.string().trim().max(NARRATIVE_MAX, `is longer than ${NARRATIVE_MAX} characters`)),
};

const rowSchema = z.object(PLAN_ROW_FIELDS).superRefine((r, ctx) => {
  if ((r.rag === 'Amber' || r.rag === 'Red') && !r.narrative)
    ctx.addIssue({ code: 'custom', path: ['narrative'], message: `is required for ${r.rag} actions` });
});

/** Plan names that differ only in case or spacing are one plan, spelled as first written. */
const sameName = (a: string, b: string): boolean =>
  a.replace(/\s+/g, ' ').toLowerCase() === b.replace(/\s+/g, ' ').toLowerCase();

function startLine(endLine: number, raw: string): number {
  const body = raw.replace(/^(\r?\n)+/, '').replace(/\r?\n$/, '');
  return endLine - (body.match(/\n/g)?.length ?? 0);
}

/** A plan file read: every row if all are good, else every problem; and the encoding the bytes were read in. */
export interface ParsedPlanFile {
  rows: PlanRow[];
  problems: RowProblem[];
  encoding?: PlanEncoding;
}

const isBlank = (record: string[]): boolean => record.every((c) => c.trim() === '');

/**
 * Reads a plan file, given as the file's bytes (the encoding is detected, see decodePlanFile) or as text. Either
 * every row is good and all are returned, or every problem is. Blank rows, Excel's rows of bare commas included,
 * are skipped.
 */
export function parsePlanCsv(file: string | Uint8Array): ParsedPlanFile {
  let content: string;
  let encoding: PlanEncoding | undefined;
  if (typeof file === 'string') content = file;
  else {
    const decoded = decodePlanFile(file);
    if ('reason' in decoded)
      return { rows: [], problems: [{ line: decoded.line, column: '-', reason: decoded.reason }] };
    ({ text: content, encoding } = decoded);
  }
  let records: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    records = parse(content.replace(/\r\n?/g, '\n'), {
      bom: true,
      info: true,
      raw: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: false,
    }) as unknown as typeof records;
  } catch (e) {
    const err = e as { lines?: number; message: string };
    return {
      rows: [],
      problems: [{ line: err.lines ?? 0, column: '-', reason: `the file is not valid CSV: ${err.message}` }],
    };
  }
  return {
    ...parsePlanRecords(
      records
        .filter((r) => !isBlank(r.record))
        .map((r) => ({ record: r.record, line: startLine(r.info.lines, r.raw) })),
    ),
    encoding,
  };
}

/** One record of a plan file: its cells as text, and the line (CSV) or row (spreadsheet) it starts on. */
export interface PlanRecord {
  record: string[];
  line: number;
}

/**
 * Validates a plan file's records (the first is the header), from a CSV or a spreadsheet alike: either every row
 * is good and all are returned, or every problem is, each with its line or row, column and reason.
 */
export function parsePlanRecords(all: PlanRecord[]): ParsedPlanFile {
  const records = all.filter((r) => !isBlank(r.record));
  if (records.length === 0) return { rows: [], problems: [{ line: 1, column: '-', reason: 'the file is empty' }] };
  const header = records[0].record.map((h) => h.trim().toLowerCase());
  const index = {} as Record<Column, number>;
  for (const col of Object.keys(COLUMNS) as Column[]) {
    const taken = col === 'ownerName' ? index.ownerEmail : -1;
    const hit = (COLUMNS[col] as readonly string[]).map((w) => header.indexOf(w)).find((i) => i >= 0 && i !== taken);
    index[col] = hit ?? -1;
  }
  const missing = REQUIRED.filter((c) => index[c] < 0);
  if (missing.length) {
    return {
      rows: [],
      problems: missing.map((c) => ({
        line: 1,
        column: COLUMN_LABEL[c],
        reason: `the header has no "${COLUMN_LABEL[c]}" column (found: ${header.join(', ')})`,
      })),
    };
  }

  const rows: PlanRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  const planSpelling = new Map<string, { name: string; line: number }>();
  for (const { record, line } of records.slice(1)) {
    if (record.length > header.length && record.slice(header.length).some((c) => c.trim() !== '')) {
      problems.push({ line, column: '-', reason: `has ${record.length} fields but the header has ${header.length}` });
      continue;
    }
    const input = Object.fromEntries(
      (Object.keys(COLUMNS) as Column[]).map((c) => [c, index[c] >= 0 ? (record[index[c]] ?? '') : '']),
    );
    const parsed = rowSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const col = String(issue.path[0] ?? '-') as Column;
        problems.push({
          line,
          column: COLUMN_LABEL[col] ?? col,
          reason: issue.message.replace(/^Invalid input: /, ''),
        });
      }
      continue;
    }
    const planId = planIdOf(parsed.data.plan);
    const spelling = planSpelling.get(planId);
    if (spelling && !sameName(spelling.name, parsed.data.plan)) {
      problems.push({
        line,
        column: 'plan',
        reason: `"${parsed.data.plan}" and "${spelling.name}" (line ${spelling.line}) would be one plan to the board (both are "${planId}"); spell the plan one way`,
      });
      continue;
    }
    if (!spelling) planSpelling.set(planId, { name: parsed.data.plan, line });
    const key = `${planId}/${parsed.data.reference.toLowerCase()}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({
        line,
        column: 'reference',
        reason: `"${parsed.data.reference}" is already used in plan "${parsed.data.plan}" on line ${first}`,
      });
      continue;
    }
    seen.set(key, line);
    rows.push({ line, ...parsed.data, plan: spelling?.name ?? parsed.data.plan });
  }
  return problems.length ? { rows: [], problems } : { rows, problems };
}
