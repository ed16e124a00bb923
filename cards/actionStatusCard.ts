import { londonDate, londonTime } from '../bot/domain/calendar';
import templateJson from './action-status.json';
import { type AdaptiveCardJson, cardTemplate, renderCard } from './render';
import { currentState, dueText } from './ragText';
import { inert } from './inertText';
import { cardPerson } from './person';
import type { PeopleNames } from '../bot/domain/people';
import type { Action, ActionUpdate } from '../bot/domain/types';

const template = cardTemplate(templateJson);

const HISTORY_SHOWN = 8;

const KIND_WORDS: Record<ActionUpdate['kind'], string> = {
  import: 'plan import',
  add: 'added by the secretariat',
  edit: 'changed by the secretariat',
  update: 'update',
  noChange: 'no change',
  notMine: '"not my action"',
  reassign: 'reassigned',
  dateDecision: 'revised date decision',
  retire: 'taken out of the plan',
  close: 'closed by the board',
  return: 'returned to the owner',
};

/** Data for cards/action-status.json: one action, its current state and its history. */
export function actionStatusData(
  a: Action,
  history: readonly ActionUpdate[],
  today: string,
  names: PeopleNames = new Map(),
) {
  const who = (email: string) => cardPerson(email, names.get(email.toLowerCase()));
  const newest = [...history].sort((x, y) => y.at.localeCompare(x.at));
  return {
    title: `${a.ref}: ${inert(a.title)}`,
    state: currentState(a),
    stateColor:
      a.status === 'Complete' ? 'Good' : a.rag === 'Red' ? 'Attention' : a.rag === 'Amber' ? 'Warning' : 'Default',
    facts: [
      { title: 'Plan', value: inert(a.planName) },
      { title: 'Theme', value: inert(a.theme) },
      { title: 'Owner', value: who(a.ownerEmail) },
      { title: 'Due', value: dueText(a, today) },
      ...(a.revisedDate
        ? [
            {
              title: 'Revised date',
              value: `${a.revisedDate.date} (${a.revisedDate.state}): ${inert(a.revisedDate.reason)}`,
            },
          ]
        : []),
      { title: 'Latest comment', value: inert(a.narrative ?? 'none yet') },
      ...(a.evidenceUrl ? [{ title: 'Evidence', value: a.evidenceUrl }] : []),
      ...(a.notMine ? [{ title: 'Flag', value: `"Not my action" from ${who(a.notMine.by)}` }] : []),
    ],
    history: newest.slice(0, HISTORY_SHOWN).map((u) => ({
      head: `${londonDate(new Date(u.at))} ${londonTime(new Date(u.at))} · by ${who(u.byEmail)}${u.forEmail ? ` for ${who(u.forEmail)}` : ''} · ${KIND_WORDS[u.kind]} · ${u.status}${u.rag ? ` · ${u.rag}` : ''}`,
      body: inert(
        [
          u.narrative && u.kind !== 'noChange' ? u.narrative : '',
          u.proposedDate && u.kind === 'update'
            ? `Proposed revised date ${u.proposedDate}: ${u.proposedDateReason ?? ''}`
            : '',
          u.note && u.kind !== 'import' ? u.note : '',
          u.evidenceUrl ? `Evidence: ${u.evidenceUrl}` : '',
        ]
          .filter(Boolean)
          .join(' · '),
      ),
    })),
    more: Math.max(0, newest.length - HISTORY_SHOWN),
  };
}

export const actionStatusCard = (
  a: Action,
  history: readonly ActionUpdate[],
  today: string,
  names?: PeopleNames,
): AdaptiveCardJson => renderCard(template, actionStatusData(a, history, today, names));
