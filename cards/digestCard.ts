import templateJson from './digest.json';
import { type AdaptiveCardJson, cardTemplate, renderCard } from './render';
import { RAG_LABEL } from './ragText';
import type { TabLinks } from './tabLinks';
import type { Digest, DigestLine, FlaggedLine, ResponseGap } from '../bot/domain/digest';
import { formatDate, londonDate } from '../bot/domain/calendar';
import { inert } from './inertText';
import { cardName, cardPerson } from './person';

/** The digest's card template, parsed once (the period report fills it too). */
export const digestTemplate = cardTemplate(templateJson);
const template = digestTemplate;

/** Comments longer than this are cut on the card (the exports carry them whole), to keep the card under Teams' size limit. */
export const CARD_NARRATIVE_MAX = 400;
const clip = (text: string): string =>
  text.length > CARD_NARRATIVE_MAX ? `${text.slice(0, CARD_NARRATIVE_MAX - 1).trimEnd()}…` : text;

/** How many lines each list shows on the card before "and N more"; the exports carry them all. */
export const CARD_LIST_CAP = 8;

const arrow = (change: number | undefined): string =>
  change === undefined
    ? 'no earlier week to compare'
    : change > 0
      ? `↑ up ${change} points on last week`
      : change < 0
        ? `↓ down ${-change} points on last week`
        : '→ no change on last week';

const dueWords = (l: DigestLine): string => {
  const revised = l.revisedDate ? ` · revised date ${l.revisedState}: ${formatDate(l.revisedDate)}` : '';
  return `Due ${formatDate(l.dueDate)}${l.daysOverdue ? ` (overdue by ${l.daysOverdue} day${l.daysOverdue === 1 ? '' : 's'})` : ''}${revised}`;
};

/** " (away until Tue 12 Jan 2027, cover: …)" beside an owner who is away. */
export const awayWords = (l: Pick<DigestLine, 'ownerAway'>, person = cardName): string =>
  l.ownerAway
    ? ` (away until ${formatDate(l.ownerAway.until)}${l.ownerAway.cover ? `, cover: ${person(l.ownerAway.cover, l.ownerAway.coverName)}` : ', not chased'})`
    : '';

/** One action on a board card: RAG word and symbol, reference and title; owner and dates; a body. */
export const actionLine = (l: DigestLine, body: 'narrative' | 'reason' | 'none') => ({
  head: `${l.rag ? `${RAG_LABEL[l.rag]} · ` : l.status === 'Complete' ? '✓ Complete · ' : ''}${l.ref}: ${inert(l.title)}`,
  sub: `${cardPerson(l.ownerEmail, l.ownerName)}${awayWords(l)} · ${dueWords(l)} · ${inert(l.planName)}`,
  body:
    body === 'narrative'
      ? inert(clip(l.narrative ?? 'No comment given.'))
      : body === 'reason'
        ? `Reason: ${inert(clip(l.revisedReason ?? ''))}`
        : '',
  color: l.rag === 'Red' ? 'Attention' : l.rag === 'Amber' ? 'Warning' : 'Default',
});

/** An action to challenge: each flag with its reason, one to a line ("⚑ Stale: No new comment for 6 weeks…"). */
export const flaggedLine = (l: FlaggedLine) => ({
  ...actionLine(l, 'none'),
  body: l.flags.map((f) => `⚑ ${f.label}: ${inert(f.reason)}`).join('\n\n'),
});

export const gapLine = (g: ResponseGap) => ({
  head: cardPerson(g.email, g.name),
  sub: g.detail,
  body: '',
  color: 'Default',
});

/** A list on a board card: heading with its count, the first `cap` lines, and how many more. */
export function section<T>(
  heading: string,
  empty: string,
  items: T[],
  toLine: (t: T) => ReturnType<typeof gapLine>,
  cap = CARD_LIST_CAP,
) {
  return {
    heading: `${heading} (${items.length})`,
    empty,
    lines: items.slice(0, cap).map(toLine),
    more: Math.max(0, items.length - cap),
  };
}

/** What the headline figure counts, in the words every view uses. */
export const COMPLETE_OR_ON_TARGET =
  '"Complete or on target" = complete actions (closed by the board and proposed for closure alike) plus open actions rated Green, over all actions in scope.';

/** Which lists a view shows: all of them (the digest) or one (e.g. "exceptions"). */
export type DigestSection =
  | 'exceptions'
  | 'challenges'
  | 'overdue'
  | 'dueSoon'
  | 'completed'
  | 'proposedForClosure'
  | 'revisedDates'
  | 'notMine'
  | 'nonresponders'
  | 'unreachable'
  | 'themes';

/** Builds the data for cards/digest.json. `chart` is a PNG data URI (or an https URL) of the 8-week trend. */
export function digestData(d: Digest, chart?: string, only?: DigestSection, links?: TabLinks) {
  const m = d.mix;
  const overdue = d.overdue.length;
  return {
    title: only ? `${SECTION_TITLE[only]} · week ${d.week}` : `Board digest · week ${d.week}`,
    scope: `${inert(d.scope)} · as at ${formatDate(londonDate(new Date(d.asOf)))}`,
    headline: `${d.completeOrOnTarget}% complete or on target (${arrow(d.change)})`,
    headlineColor: d.change !== undefined && d.change < 0 ? 'Warning' : 'Good',
    figures: [
      { title: 'Actions', value: String(m.total) },
      {
        title: '✓ Complete',
        value: m.awaitingClosure ? `${m.complete} (${m.awaitingClosure} awaiting closure)` : String(m.complete),
      },
      { title: RAG_LABEL.Green, value: String(m.green) },
      { title: RAG_LABEL.Amber, value: String(m.amber) },
      { title: RAG_LABEL.Red, value: String(m.red) },
      { title: 'Open, no RAG yet', value: String(m.notRated) },
      { title: 'Deferred', value: String(m.deferred) },
      { title: 'Overdue', value: String(overdue) },
      { title: 'Due in the next 14 days', value: String(d.dueSoon.length) },
    ],
    hasChart: Boolean(chart) && !only,
    chart: chart ?? '',
    chartAlt: `Stacked bars of complete, green, amber, red and unrated actions for the last ${d.trend.length} weeks; complete or on target went from ${d.trend[0]?.completeOrOnTarget ?? 0}% to ${d.completeOrOnTarget}%.`,
    sections: (
      [
        [
          'exceptions',
          section('Exceptions: Red and Amber', 'No Red or Amber actions.', d.exceptions, (l) =>
            actionLine(l, 'narrative'),
          ),
        ],
        ['challenges', section('Challenge flags', 'No action to challenge.', d.challenges, flaggedLine)],
        ['overdue', section('Overdue', 'Nothing overdue.', d.overdue, (l) => actionLine(l, 'none'))],
        [
          'dueSoon',
          section('Due in the next 14 days', 'Nothing due in the next 14 days.', d.dueSoon, (l) =>
            actionLine(l, 'none'),
          ),
        ],
        [
          'completed',
          section('Closed this week', 'Nothing closed this week.', d.completedThisWeek, (l) => actionLine(l, 'none')),
        ],
        [
          'proposedForClosure',
          section(
            'Proposed for closure (complete, awaiting the board)',
            'Nothing awaiting closure.',
            d.proposedForClosure,
            (l) => actionLine(l, 'none'),
          ),
        ],
        [
          'revisedDates',
          section('Revised dates awaiting a decision', 'No revised dates waiting.', d.revisedDateRequests, (l) =>
            actionLine(l, 'reason'),
          ),
        ],
        ['notMine', section('Flagged "not my action"', 'None flagged.', d.notMine, (l) => actionLine(l, 'none'))],
        [
          'nonresponders',
          section('Owners who have not replied', 'Every owner chased has replied.', d.nonresponders, gapLine),
        ],
        ['unreachable', section('Owners the bot cannot reach', 'Every owner can be reached.', d.unreachable, gapLine)],
        [
          'themes',
          section(
            'By theme',
            'No themes.',
            d.themes,
            (t) => ({
              head: inert(t.theme),
              sub: inert(t.planName),
              body: `${t.mix.total} action${t.mix.total === 1 ? '' : 's'}: ${t.mix.complete} complete, ${t.mix.green} green, ${t.mix.amber} amber, ${t.mix.red} red${t.overdue ? `, ${t.overdue} overdue` : ''}`,
              color: 'Default',
            }),
            only ? 200 : 30,
          ),
        ],
      ] as const
    )
      .filter(([key]) => !only || key === only)
      .map(([, value]) => value),
    footer: `${COMPLETE_OR_ON_TARGET} RAG is shown as a word and a symbol as well as a colour.`,
    boardReportUrl: links?.boardReport ?? '',
  };
}

const SECTION_TITLE: Record<DigestSection, string> = {
  exceptions: 'Exceptions',
  challenges: 'Challenge flags',
  overdue: 'Overdue actions',
  dueSoon: 'Due soon',
  completed: 'Closed',
  proposedForClosure: 'Proposed for closure',
  revisedDates: 'Revised dates',
  notMine: 'Flagged actions',
  nonresponders: 'Not replied',
  unreachable: 'Cannot reach',
  themes: 'By theme',
};

export const digestCard = (d: Digest, chart?: string, only?: DigestSection, links?: TabLinks): AdaptiveCardJson =>
  renderCard(template, digestData(d, chart, only, links));
