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
import { FLAG_DEFAULTS, challengeFlags } from '../../bot/domain/challengeFlags';
import { buildDigest } from '../../bot/domain/digest';
import { actionAt } from '../../bot/domain/history';
import { buildPeriodReport } from '../../bot/domain/periodReport';
import { type Action, actionKeyOf } from '../../bot/domain/types';
import { AT_FIRST, AT_SECOND, MEETINGS, PAPER_PLAN, paperBoard } from './boardPapers';

async function main(out: string): Promise<void> {
  const board = paperBoard();
  const at = (t: string): Action[] => board.flatMap((l) => actionAt(l.action, l.history, t) ?? []);
  const report = buildPeriodReport({
    from: MEETINGS.first,
    to: MEETINGS.second,
    fromAt: AT_FIRST,
    toAt: AT_SECOND,
    scope: PAPER_PLAN.name,
    before: at(AT_FIRST),
    after: at(AT_SECOND),
    during: board.flatMap((l) => l.history.filter((u) => u.at > AT_FIRST && u.at <= AT_SECOND)),
    flags: new Map(
      board.map((l) => [actionKeyOf(l.action), challengeFlags(l.action, l.history, AT_SECOND, FLAG_DEFAULTS)]),
    ),
  });
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
