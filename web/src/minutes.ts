import type { Facets } from '../../bot/tab/tabApi';
import type { MinutesResponse } from '../../bot/tab/boardWork';
import type { MinuteCandidate } from '../../bot/domain/minutes';
import type { Api } from './api';
import { h, replace } from './dom';
import { lineFields } from './actionForm';
import { NEW_LINE, postNewAction } from './addAction';
import { formatDate } from './format';
import { showError } from './notices';

/**
 * Actions arising from minutes (the board secretariat): paste the minutes, see the candidates the chat's
 * `minutes` parser finds, and accept each (into a plan and theme, with an owner and due date, all editable
 * first) through the one add-action path, or drop it. Nothing is stored before Accept.
 */
export function minutesSection(api: Api, facets: Facets, added: () => void): HTMLElement {
  const text = h('textarea', { id: 'minutes-text', rows: 8, 'aria-describedby': 'minutes-hint' });
  const result = h('div', { id: 'minutes-result', 'aria-live': 'polite' });
  const find = async () => {
    replace(result, h('p', { class: 'loading' }, 'Reading the minutes…'));
    try {
      const r = await api.post<MinutesResponse>('/api/tab/minutes', { text: text.value });
      replace(
        result,
        h('p', { id: 'minutes-summary' }, r.body.message),
        r.body.candidates.length
          ? h(
              'ol',
              { class: 'candidates' },
              r.body.candidates.map((c, i) => candidate(api, facets, c, i, added)),
            )
          : null,
      );
    } catch (e) {
      replace(result);
      showError(result, e);
    }
  };
  return h(
    'section',
    { class: 'card minutes', 'aria-labelledby': 'minutes-heading' },
    h('h2', { id: 'minutes-heading' }, 'Actions from minutes'),
    h(
      'details',
      { class: 'update-form' },
      h('summary', {}, 'Find actions in minutes'),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'minutes-text' }, 'Minutes'),
        h(
          'p',
          { class: 'hint', id: 'minutes-hint' },
          'Paste the minutes: "The Board asked that …", "RESOLVED … that officers …" and "ACTION:" lines are proposed; passages that only note are not.',
        ),
        text,
      ),
      h('button', { type: 'button', id: 'find-actions', onclick: () => void find() }, 'Find actions'),
    ),
    result,
  );
}

function candidate(api: Api, facets: Facets, c: MinuteCandidate, i: number, added: () => void): HTMLElement {
  const prefix = `cand${i}`;
  const summary = h('div', { class: 'summary' });
  const li = h('li', { class: 'candidate', 'data-candidate': String(i) });
  const source = [
    c.item ?? `line ${c.line}`,
    c.ownerEmail ? `names ${c.ownerName ?? c.ownerEmail}` : 'no owner named',
    c.dueText ? `${c.dueText} (${formatDate(c.dueDate as string)})` : 'no date given',
  ].join(' · ');
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'update',
      novalidate: true,
      'aria-label': `Candidate ${i + 1}`,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const message = await postNewAction(api, form, prefix, summary);
        if (!message) return;
        replace(li, h('p', { class: 'notice notice-good', role: 'status' }, `Accepted: ${message}`));
        added();
      },
    },
    h('blockquote', {}, c.text),
    h('p', { class: 'sub' }, source),
    summary,
    lineFields(prefix, facets, NEW_LINE, {
      plan: facets.plans.length === 1 ? facets.plans[0].name : '',
      title: c.text,
      ownerEmail: c.ownerEmail,
      dueDate: c.dueDate,
    }),
    h('button', { type: 'submit', 'data-accept': String(i) }, 'Accept'),
    ' ',
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        'data-drop': String(i),
        onclick: () => replace(li, h('p', { class: 'sub', role: 'status' }, `Dropped: ${c.text}`)),
      },
      'Drop',
    ),
  );
  li.append(form);
  return li;
}
