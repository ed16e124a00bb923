import type { Digest, DigestLine, FlaggedLine, ResponseGap } from '../domain/digest';
import { formatDate, londonDate } from '../domain/calendar';
import { RAG_LABEL } from '../../cards/ragText';
import { COMPLETE_OR_ON_TARGET, awayWords } from '../../cards/digestCard';
import { personText } from '../domain/people';

/** Escapes text for HTML element content and attribute values. */
export const esc = (text: unknown): string =>
  String(text ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** A person in a report: the name shown for them, the email beneath in small type; the email alone when no name is known. */
export const htmlPerson = (email: string, name: string | undefined): string =>
  name ? `${esc(name)}<br><small>${esc(email)}</small>` : esc(email);

/** RAG as a coloured word and symbol, or the status for closed work. */
export const ragCell = (l: DigestLine) =>
  l.rag ? `<span class="rag ${l.rag.toLowerCase()}">${esc(RAG_LABEL[l.rag])}</span>` : esc(l.status);
const due = (l: DigestLine) =>
  `${esc(formatDate(l.dueDate))}${l.revisedDate ? `<br><small>revised (${esc(l.revisedState)}): ${esc(formatDate(l.revisedDate))}</small>` : ''}${l.daysOverdue ? `<br><small>overdue by ${l.daysOverdue} days</small>` : ''}`;

function table(title: string, lines: DigestLine[], withNarrative: boolean): string {
  if (lines.length === 0) return `<h2>${esc(title)} (0)</h2><p class="none">None.</p>`;
  const rows = lines
    .map(
      (l) =>
        `<tr><td>${esc(l.ref)}</td><td>${esc(l.title)}<br><small>${esc(l.planName)} · ${esc(l.theme)}</small>${l.evidenceUrl ? `<br><small>Evidence: <a href="${esc(l.evidenceUrl)}">${esc(l.evidenceUrl)}</a></small>` : ''}</td><td>${htmlPerson(l.ownerEmail, l.ownerName)}${l.ownerAway ? `<br><small>${esc(awayWords(l, (email, name) => name ?? email).trim())}</small>` : ''}</td><td>${due(l)}</td><td>${ragCell(l)}</td>${withNarrative ? `<td>${esc(l.narrative ?? '')}</td>` : ''}</tr>`,
    )
    .join('\n');
  return `<h2>${esc(title)} (${lines.length})</h2><table><thead><tr><th>Ref</th><th>Action</th><th>Owner</th><th>Due</th><th>Status / RAG</th>${withNarrative ? '<th>Commentary</th>' : ''}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** The printable reports' style sheet (inline: the exports' CSP allows inline styles only). */
export const REPORT_STYLE = `
body{font-family:"Segoe UI",Arial,sans-serif;color:#242424;max-width:1000px;margin:2em auto;padding:0 1em;line-height:1.4}
h1{font-size:1.6em;margin-bottom:0}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;font-size:.92em}th,td{border:1px solid #bbb;padding:.35em .5em;text-align:left;vertical-align:top}th{background:#f0f0f0}
.figures td:first-child{font-weight:600}.headline{font-size:1.25em;font-weight:600}.none{color:#555}
.rag{font-weight:600;white-space:nowrap}.green{color:#0e5c2f}.amber{color:#7a4f00}.red{color:#a4262c}
img{max-width:100%}@media print{body{margin:0}h2{page-break-after:avoid}tr{page-break-inside:avoid}}
`;

/** The actions the board should challenge, each flag with its reason in words. */
export function challengeTable(lines: readonly FlaggedLine[]): string {
  if (lines.length === 0) return '<h2>Challenge flags (0)</h2><p class="none">No action to challenge.</p>';
  const rows = lines
    .map(
      (l) =>
        `<tr><td>${esc(l.ref)}</td><td>${esc(l.title)}<br><small>${esc(l.planName)} · ${esc(l.theme)}</small></td><td>${htmlPerson(l.ownerEmail, l.ownerName)}</td><td>${ragCell(l)}</td><td>${l.flags.map((f) => `<strong>${esc(f.label)}</strong>: ${esc(f.reason)}`).join('<br>')}</td></tr>`,
    )
    .join('\n');
  return `<h2>Challenge flags (${lines.length})</h2><table><thead><tr><th>Ref</th><th>Action</th><th>Owner</th><th>Status / RAG</th><th>Why the board should ask</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** A printable board report in exception format: figures for everything, detail for exceptions only. */
export function htmlReport(d: Digest, chartDataUri?: string): string {
  const m = d.mix;
  const change =
    d.change === undefined
      ? 'no earlier week'
      : `${d.change > 0 ? '↑' : d.change < 0 ? '↓' : '→'} ${Math.abs(d.change)} points on last week`;
  const themes = d.themes
    .map(
      (t) =>
        `<tr><td>${esc(t.planName)}</td><td>${esc(t.theme)}</td><td>${t.mix.total}</td><td>${t.mix.complete}</td><td>${t.mix.green}</td><td>${t.mix.amber}</td><td>${t.mix.red}</td><td>${t.overdue}</td></tr>`,
    )
    .join('\n');
  const gaps = (title: string, list: ResponseGap[]) =>
    `<h2>${esc(title)} (${list.length})</h2>${list.length ? `<ul>${list.map((g) => `<li>${esc(personText(g.email, g.name))}: ${esc(g.detail)}</li>`).join('')}</ul>` : '<p class="none">None.</p>'}`;
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Board digest ${esc(d.week)}</title>
<style>${REPORT_STYLE}</style></head><body>
<h1>Board digest · week ${esc(d.week)}</h1>
<p>${esc(d.scope)} · as at ${esc(formatDate(londonDate(new Date(d.asOf))))}</p>
<p class="headline">${d.completeOrOnTarget}% complete or on target (${esc(change)})</p>
<table class="figures"><tbody>
<tr><td>Actions</td><td>${m.total}</td></tr><tr><td>✓ Complete</td><td>${m.complete}${m.awaitingClosure ? ` (${m.awaitingClosure} awaiting closure)` : ''}</td></tr>
<tr><td>${esc(RAG_LABEL.Green)}</td><td>${m.green}</td></tr><tr><td>${esc(RAG_LABEL.Amber)}</td><td>${m.amber}</td></tr><tr><td>${esc(RAG_LABEL.Red)}</td><td>${m.red}</td></tr>
<tr><td>Open, no RAG yet</td><td>${m.notRated}</td></tr><tr><td>Deferred</td><td>${m.deferred}</td></tr>
<tr><td>Overdue</td><td>${d.overdue.length}</td></tr><tr><td>Due in the next 14 days</td><td>${d.dueSoon.length}</td></tr>
</tbody></table>
${chartDataUri ? `<p><img src="${esc(chartDataUri)}" alt="Status and RAG mix over the last 8 weeks"></p>` : ''}
${table('Exceptions: Red and Amber', d.exceptions, true)}
${challengeTable(d.challenges)}
${table('Overdue', d.overdue, true)}
${table('Due in the next 14 days', d.dueSoon, false)}
${table('Closed this week', d.completedThisWeek, false)}
${table('Proposed for closure (complete, awaiting the board)', d.proposedForClosure, false)}
${table('Revised dates awaiting a decision', d.revisedDateRequests, true)}
${table('Flagged "not my action"', d.notMine, false)}
${gaps('Owners who have not replied', d.nonresponders)}
${gaps('Owners the bot cannot reach', d.unreachable)}
<h2>By theme</h2><table><thead><tr><th>Plan</th><th>Theme</th><th>Actions</th><th>Complete</th><th>Green</th><th>Amber</th><th>Red</th><th>Overdue</th></tr></thead><tbody>${themes}</tbody></table>
<p><small>${esc(COMPLETE_OR_ON_TARGET)}</small></p>
</body></html>
`;
}
