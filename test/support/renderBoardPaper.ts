/**
 * Writes the board paper of test/support/boardPapers.ts (16 Nov → 14 Dec 2026) as .docx and .html, for the
 * pictures in docs/board-papers.md. No storage: the states are replayed from the fixture's history.
 *   npx tsx test/support/renderBoardPaper.ts /tmp/render
 *   soffice --headless --convert-to pdf --outdir /tmp/render /tmp/render/board-paper.docx   (Debian libreoffice-writer-nogui)
 *   pdftoppm -png -r 70 -f 1 -l 1 /tmp/render/board-paper.pdf /tmp/render/page              (Debian poppler-utils)
 *   soffice --headless --convert-to pdf --outdir /tmp/render /tmp/render/board-report.html
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { boardPaperDocx } from '../../bot/digest/boardPaperDocx';
import { periodHtml } from '../../bot/digest/periodHtml';
import { pngDataUri, trendPng } from '../../bot/digest/trendChart';
import { weekEndIso, weeksEndingWith } from '../../bot/digest/weekSnapshots';
import { buildDigest } from '../../bot/domain/digest';
import { actionAt } from '../../bot/domain/history';
import type { Action } from '../../bot/domain/types';
import { AT_SECOND, MEETINGS, PAPER_PLAN, paperBoard, paperReport } from './boardPapers';

async function main(out: string): Promise<void> {
  const board = paperBoard();
  const at = (t: string): Action[] => board.flatMap((l) => actionAt(l.action, l.history, t) ?? []);
  const report = paperReport();
  const week = '2026-W51';
  const digest = buildDigest({
    week,
    asOf: AT_SECOND,
    today: MEETINGS.second,
    scope: PAPER_PLAN.name,
    now: at(AT_SECOND),
    nonresponders: [],
    unreachable: [],
    trend: weeksEndingWith(week, 8).map((w) => ({ week: w, actions: at(w === week ? AT_SECOND : weekEndIso(w)) })),
  });
  const chart = await trendPng(digest);
  writeFileSync(join(out, 'board-paper.docx'), await boardPaperDocx(report, chart));
  writeFileSync(join(out, 'board-report.html'), periodHtml(report, pngDataUri(chart)));
}

void main(process.argv[2] ?? '.');
