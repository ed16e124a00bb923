import { z } from 'zod';
import { parseDate } from '../domain/calendar';
import { type ExportKind, verifyExportLink } from './exportLinks';
import type { DigestQuery } from './loadDigest';
import type { PeriodQuery } from './loadPeriod';

/** What a board paper can be downloaded as. */
export const PAPER_FORMATS = ['docx', 'html'] as const;
export type PaperFormat = (typeof PAPER_FORMATS)[number];

/**
 * A board paper's period travels in the export link's signed `plan` field, marked so it can never be
 * read as a plan: `paper|{from}|{to}|{plan}`. The link is signed and expires exactly as the exports'
 * (bot/digest/exportLinks.ts), and opens its own path, /exports/paper/board-paper.{docx|html}.
 */
const MARK = 'paper|';
const encode = (p: PeriodQuery): string => `${MARK}${p.from ?? ''}|${p.to ?? ''}|${p.plan ?? ''}`;

const periodSchema = z.object({
  from: z.string().refine((d) => parseDate(d) === d),
  to: z.string().refine((d) => parseDate(d) === d),
  plan: z.string().max(100).optional(),
});

/** The link to a board paper for the period, from the bot's export-link signer. */
export function paperLink(
  exportLink: (kind: ExportKind, q: DigestQuery) => string,
  format: PaperFormat,
  p: { from: string; to: string; plan?: string },
): string {
  const url = new URL(exportLink('html', { plan: encode(p) }));
  url.pathname = url.pathname.replace(/\/exports\/board\.html$/, `/exports/paper/board-paper.${format}`);
  return url.toString();
}

/** Checks a board paper link: signed by us, not expired, naming a period. */
export function verifyPaperLink(
  secret: string,
  raw: Record<string, unknown>,
  now: Date,
):
  | { ok: true; period: { from: string; to: string; plan?: string }; board?: string }
  | { ok: false; status: 400 | 403; reason: string } {
  const checked = verifyExportLink(secret, 'html', raw, now);
  if (!checked.ok) return checked;
  const token = checked.query.plan ?? '';
  if (!token.startsWith(MARK) || checked.query.theme || checked.query.week)
    return { ok: false, status: 403, reason: 'this link is not for a board paper' };
  const [from, to, plan] = token.slice(MARK.length).split('|');
  const period = periodSchema.safeParse({ from, to, plan: plan || undefined });
  if (!period.success) return { ok: false, status: 400, reason: 'bad board paper link' };
  return { ok: true, period: period.data, board: checked.board };
}
