import type { FlagSettings } from '../domain/challengeFlags';
import { isoWeek } from '../domain/calendar';
import type { BoardStore } from '../domain/ports';
import type { PeriodReport } from '../domain/periodReport';
import type { Logger } from '../log';
import { boardPaperDocx } from './boardPaperDocx';
import { loadDigest } from './loadDigest';
import { type PeriodQuery, loadPeriod } from './loadPeriod';
import { periodHtml } from './periodHtml';
import type { PaperFormat } from './paperLinks';
import { pngDataUri, trendPng } from './trendChart';

/** A board paper ready to download: its bytes, content type and file name. */
export interface BoardPaperFile {
  body: Buffer;
  contentType: string;
  fileName: string;
  report: PeriodReport;
}

const TYPES: Record<PaperFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
};

/**
 * The board paper for a period: the report between the two dates and the 8-week trend chart ending
 * in the week of the second (left out, with a log line, if it cannot be drawn), as Word or HTML.
 */
export async function loadBoardPaper(
  store: BoardStore,
  q: PeriodQuery,
  format: PaperFormat,
  now: Date,
  /** The board's thresholds for challenge flags. */
  flags: FlagSettings,
  log?: Logger,
): Promise<BoardPaperFile> {
  const report = await loadPeriod(store, q, now, flags);
  let chart: Buffer | undefined;
  try {
    chart = await trendPng(await loadDigest(store, { plan: q.plan, week: isoWeek(report.to) }, now, { flags: false }));
  } catch (e) {
    log?.error('board paper chart could not be drawn', { error: e });
  }
  const body =
    format === 'docx'
      ? await boardPaperDocx(report, chart)
      : Buffer.from(periodHtml(report, chart && pngDataUri(chart)), 'utf8');
  return { body, contentType: TYPES[format], fileName: `board-paper-${report.from}-to-${report.to}.${format}`, report };
}
