import { type AdaptiveCardJson, renderCard } from './render';
import { RAG_LABEL } from './ragText';
import { actionLine, digestTemplate, flaggedLine, gapLine, section } from './digestCard';
import { inert } from './inertText';
import { formatDate } from '../bot/domain/calendar';
import type { Mix } from '../bot/domain/digest';
import { MOVEMENT_SYMBOL, type MovementLine, type PeriodReport, type Standing } from '../bot/domain/periodReport';

const STANDING: Record<Standing, string> = {
  ...RAG_LABEL,
  Complete: '✓ Complete',
  Deferred: 'Deferred',
  'Not rated': 'no RAG',
};
/** "Green → Red", with the RAG as a word and a symbol. */
export const standingText = (s?: Standing): string => (s ? STANDING[s] : 'not in the plan');

/** "5 → 4 (↓ 1)": a figure at both dates and which way it went. */
export const travel = (then: number, now: number, suffix = ''): string =>
  `${then}${suffix} → ${now}${suffix} (${now > then ? `↑ ${Math.round((now - then) * 10) / 10}` : now < then ? `↓ ${Math.round((then - now) * 10) / 10}` : '→ no change'})`;

/** The figures a period report compares. */
export const FIGURES: [keyof Mix, string][] = [
  ['total', 'Actions'],
  ['complete', '✓ Complete'],
  ['green', RAG_LABEL.Green],
  ['amber', RAG_LABEL.Amber],
  ['red', RAG_LABEL.Red],
  ['notRated', 'Open, no RAG yet'],
];

const movementLine = (m: MovementLine) => ({
  ...actionLine(m, 'none'),
  head: `${MOVEMENT_SYMBOL[m.movement]} ${m.ref}: ${inert(m.title)}`,
  body: `${standingText(m.before)} → ${standingText(m.after)}`,
});

/** The data for cards/digest.json, as the report between two board meetings. */
export function periodReportData(r: PeriodReport, reportUrl = '') {
  const since = formatDate(r.from);
  const moved = r.movements.filter((m) => m.movement !== 'same');
  return {
    title: `Since the board met on ${since}`,
    scope: `${r.scope} · ${since} to ${formatDate(r.to)}`,
    headline: `${r.end.completeOrOnTarget}% complete or on target (${r.change > 0 ? `↑ up ${r.change}` : r.change < 0 ? `↓ down ${-r.change}` : '→ no change,'} points since ${since})`,
    headlineColor: r.change < 0 ? 'Warning' : 'Good',
    figures: [
      ...FIGURES.map(([k, title]) => ({ title, value: travel(r.start.mix[k], r.end.mix[k]) })),
      { title: 'Complete or on target', value: travel(r.start.completeOrOnTarget, r.end.completeOrOnTarget, '%') },
    ],
    hasChart: false,
    chart: '',
    chartAlt: '',
    sections: [
      section('Moved since the meeting (▲ improved, ▼ worsened, new, closed)', 'Nothing moved.', moved, movementLine),
      section('Completed since: proposed for closure', 'Nothing completed.', r.completed, (l) =>
        actionLine(l, 'narrative'),
      ),
      section('Dates revised since', 'No dates revised.', r.datesRevised, (l) => ({
        ...actionLine(l, 'none'),
        body: `Original ${formatDate(l.original)} → revised ${formatDate(l.revised)} (${l.state})${l.revisedReason ? `: ${inert(l.revisedReason)}` : ''}`,
      })),
      section('New exceptions', 'No new Red or Amber actions.', r.newExceptions, (l) => actionLine(l, 'narrative')),
      section(
        'Owners who did not answer in the period',
        'Every owner answered.',
        r.silentOwners.map((o) => ({
          email: o.email,
          name: o.name,
          detail: `${o.openActions} open action${o.openActions === 1 ? '' : 's'}`,
        })),
        gapLine,
      ),
      section('Challenge flags', 'No action to challenge.', r.challenges, flaggedLine),
    ],
    footer: `States as recorded at the end of ${since} and at ${formatDate(r.to)}; every figure replayed from the record of answers. "=" (no change) actions are in the HTML report and the Word paper.`,
    boardReportUrl: reportUrl,
  };
}

export const periodReportCard = (r: PeriodReport, reportUrl?: string): AdaptiveCardJson =>
  renderCard(digestTemplate, periodReportData(r, reportUrl));
