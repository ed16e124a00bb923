import { formatDate } from '../domain/calendar';
import type { DigestLine } from '../domain/digest';
import { MOVEMENT_SYMBOL, MOVEMENT_WORDS, type PeriodReport } from '../domain/periodReport';
import { FIGURES, standingText, travel } from '../../cards/periodReportCard';
import { REPORT_STYLE, challengeTable, esc, htmlPerson, ragCell } from './htmlReport';

const actionCells = (l: DigestLine) =>
  `<td>${esc(l.ref)}</td><td>${esc(l.title)}<br><small>${esc(l.planName)} · ${esc(l.theme)}</small></td><td>${htmlPerson(l.ownerEmail, l.ownerName)}</td>`;

function table(title: string, head: string[], rows: string[], none: string): string {
  if (rows.length === 0) return `<h2>${esc(title)} (0)</h2><p class="none">${esc(none)}</p>`;
  return `<h2>${esc(title)} (${rows.length})</h2><table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r}</tr>`).join('\n')}</tbody></table>`;
}

/** The report between two board meetings as a printable page: the HTML report for the period. */
export function periodHtml(r: PeriodReport, chartDataUri?: string): string {
  const since = formatDate(r.from);
  const figures = [
    ...FIGURES.map(([k, title]) => [title, travel(r.start.mix[k], r.end.mix[k])]),
    ['Complete or on target', travel(r.start.completeOrOnTarget, r.end.completeOrOnTarget, '%')],
  ]
    .map(([t, v]) => `<tr><td>${esc(t)}</td><td>${esc(v)}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Since the board met on ${esc(since)}</title>
<style>${REPORT_STYLE}</style></head><body>
<h1>Since the board met on ${esc(since)}</h1>
<p>${esc(r.scope)} · ${esc(since)} to ${esc(formatDate(r.to))}</p>
<p class="headline">${r.end.completeOrOnTarget}% complete or on target: ${esc(travel(r.start.completeOrOnTarget, r.end.completeOrOnTarget, '%'))} since ${esc(since)}</p>
<table class="figures"><thead><tr><th>Figure</th><th>${esc(since)} → ${esc(formatDate(r.to))}</th></tr></thead><tbody>${figures}</tbody></table>
${chartDataUri ? `<p><img src="${esc(chartDataUri)}" alt="Status and RAG mix over the last 8 weeks"></p>` : ''}
${table(
  'Each action since the meeting',
  ['Ref', 'Action', 'Owner', 'Then', 'Now', 'Movement'],
  r.movements.map(
    (m) =>
      `${actionCells(m)}<td>${esc(standingText(m.before))}</td><td>${esc(standingText(m.after))}</td><td>${esc(`${MOVEMENT_SYMBOL[m.movement]} ${MOVEMENT_WORDS[m.movement]}`)}</td>`,
  ),
  'No actions.',
)}
${table(
  'Completed since: proposed for closure',
  ['Ref', 'Action', 'Owner', 'Comment'],
  r.completed.map((l) => `${actionCells(l)}<td>${esc(l.narrative ?? '')}</td>`),
  'Nothing completed.',
)}
${table(
  'Dates revised since',
  ['Ref', 'Action', 'Owner', 'Original', 'Revised', 'Reason'],
  r.datesRevised.map(
    (l) =>
      `${actionCells(l)}<td>${esc(formatDate(l.original))}</td><td>${esc(formatDate(l.revised))} (${esc(l.state)})</td><td>${esc(l.revisedReason ?? '')}</td>`,
  ),
  'No dates revised.',
)}
${table(
  'New exceptions',
  ['Ref', 'Action', 'Owner', 'RAG', 'Comment'],
  r.newExceptions.map((l) => `${actionCells(l)}<td>${ragCell(l)}</td><td>${esc(l.narrative ?? '')}</td>`),
  'No new Red or Amber actions.',
)}
${table(
  'Owners who did not answer in the period',
  ['Owner', 'Open actions'],
  r.silentOwners.map((o) => `<td>${htmlPerson(o.email, o.name)}</td><td>${o.openActions}</td>`),
  'Every owner answered.',
)}
${challengeTable(r.challenges)}
</body></html>
`;
}
