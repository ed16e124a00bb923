import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { parseDate } from '../domain/calendar';
import { NARRATIVE_MAX } from '../domain/replyRules';
import { RAGS, type Rag, STATUSES, type Status, planIdOf } from '../domain/types';

/** One row of a plan file, validated. */
export interface PlanRow {
  line: number;
  plan: string;
  theme: string;
  reference: string;
  action: string;
  ownerEmail: string;
  dueDate: string;
  status: Status;
  rag?: Rag;
  narrative?: string;
}

/** Why a row was refused: line number in the file, column name and reason. */
export interface RowProblem {
  line: number;
  column: string;
  reason: string;
}

const COLUMNS = {
  plan: ['plan'],
  theme: ['theme', 'recommendation', 'workstream'],
  reference: ['reference', 'ref'],
  action: ['action', 'title'],
  ownerEmail: ['owner email', 'owner', 'email'],
  dueDate: ['due date', 'due', 'deadline'],
  status: ['status'],
  rag: ['rag', 'rag status'],
  narrative: ['narrative', 'comments', 'commentary'],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: Column[] = ['plan', 'theme', 'reference', 'action', 'ownerEmail', 'dueDate'];
const LABEL: Record<Column, string> = {
  plan: 'plan',
  theme: 'theme',
  reference: 'reference',
  action: 'action',
  ownerEmail: 'owner email',
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

const rowSchema = z
  .object({
    plan: text(120),
    theme: text(300),
    reference: text(40).regex(
      /^[A-Za-z0-9][A-Za-z0-9._\- ]*$/,
      'may hold only letters, digits, dots, dashes and spaces',
    ),
    action: text(1000),
    ownerEmail: z.string().trim().toLowerCase().pipe(z.email('is not an email address')),
    dueDate: z
      .string()
      .transform(
        (v, ctx) =>
          parseDate(v) ??
          (ctx.addIssue({ code: 'custom', message: `"${v}" is not a date; write 23/11/2026 or 2026-11-23` }), ''),
      ),
    status: optional(oneOf(STATUSES, 'status')).transform((s) => s ?? 'Not started'),
    rag: optional(oneOf(RAGS, 'RAG rating')),
    narrative: optional(z.string().trim().max(NARRATIVE_MAX, `is longer than ${NARRATIVE_MAX} characters`)),
  })
  .superRefine((r, ctx) => {
    if ((r.rag === 'Amber' || r.rag === 'Red') && !r.narrative)
      ctx.addIssue({ code: 'custom', path: ['narrative'], message: `is required for ${r.rag} actions` });
  });

function startLine(endLine: number, raw: string): number {
  const body = raw.replace(/^(\r?\n)+/, '').replace(/\r?\n$/, '');
  return endLine - (body.match(/\n/g)?.length ?? 0);
}

/** Reads a plan file. Either every row is good and all are returned, or every problem is. */
export function parsePlanCsv(content: string): { rows: PlanRow[]; problems: RowProblem[] } {
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
  if (records.length === 0) return { rows: [], problems: [{ line: 1, column: '-', reason: 'the file is empty' }] };

  const header = records[0].record.map((h) => h.trim().toLowerCase());
  const index = {} as Record<Column, number>;
  for (const col of Object.keys(COLUMNS) as Column[])
    index[col] = header.findIndex((h) => (COLUMNS[col] as readonly string[]).includes(h));
  const missing = REQUIRED.filter((c) => index[c] < 0);
  if (missing.length) {
    return {
      rows: [],
      problems: missing.map((c) => ({
        line: 1,
        column: LABEL[c],
        reason: `the header has no "${LABEL[c]}" column (found: ${header.join(', ')})`,
      })),
    };
  }

  const rows: PlanRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  for (const { record, info, raw } of records.slice(1)) {
    const line = startLine(info.lines, raw);
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
        problems.push({ line, column: LABEL[col] ?? col, reason: issue.message.replace(/^Invalid input: /, '') });
      }
      continue;
    }
    const key = `${planIdOf(parsed.data.plan)}/${parsed.data.reference.toLowerCase()}`;
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
    rows.push({ line, ...parsed.data });
  }
  return problems.length ? { rows: [], problems } : { rows, problems };
}
