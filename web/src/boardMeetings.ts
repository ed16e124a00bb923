import type { MeetingsResponse } from '../../bot/tab/boardWork';
import type { Api } from './api';
import { h, replace } from './dom';
import { formatDate } from './format';
import { showError } from './notices';

/**
 * Board meetings (the board secretariat): the dates recorded, and a date to record, as the chat's
 * `board meeting 14/12/2026` records it. The report since the last meeting runs from them.
 */
export function boardMeetingsSection(api: Api): HTMLElement {
  const list = h('div', { id: 'meetings-list' });
  const result = h('div', { id: 'meeting-result', 'aria-live': 'polite' });
  const date = h('input', { id: 'meeting-date', type: 'date', name: 'date', required: true });
  const draw = (m: MeetingsResponse['meetings']) =>
    replace(
      list,
      m.length
        ? h(
            'ul',
            { class: 'meetings' },
            m.map((x) => h('li', {}, `${formatDate(x.date)} (recorded by ${x.by})`)),
          )
        : h('p', { class: 'sub' }, 'No meeting recorded yet.'),
    );
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'update',
      'aria-labelledby': 'meetings-heading',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        replace(result);
        try {
          const r = await api.post<MeetingsResponse>('/api/tab/board-meetings', { date: date.value });
          draw(r.body.meetings);
          replace(result, h('p', { class: 'notice notice-good', role: 'status' }, r.body.message ?? ''));
        } catch (err) {
          showError(result, err);
        }
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'meeting-date' }, 'Date of the meeting'), date),
    h('button', { type: 'submit', id: 'record-meeting' }, 'Record the meeting'),
  );
  void api
    .get<MeetingsResponse>('/api/tab/board-meetings')
    .then((r) => draw(r.meetings))
    .catch((e) => showError(list, e));
  return h(
    'section',
    { class: 'card meetings-card', 'aria-labelledby': 'meetings-heading' },
    h('h2', { id: 'meetings-heading' }, 'Board meetings'),
    list,
    form,
    result,
  );
}
