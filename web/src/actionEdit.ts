import type { ActionResponse, Facets } from '../../bot/tab/tabApi';
import type { EditField, EditResponse } from '../../bot/tab/actionEdits';
import type { Api } from './api';
import { h, replace } from './dom';
import { lineFields, lineValues, showRefusal } from './actionForm';
import { showError } from './notices';

const EDITABLE: Exclude<EditField, 'reason'>[] = ['title', 'theme', 'ownerEmail', 'dueDate'];

/** What the page does after a change: show the action again as stored now, with the outcome's message. */
export type Reshow = (notice: { text: string; kind: 'good' | 'warning' }) => Promise<void>;

/**
 * The secretariat's changes to one action, under its page: its title, theme, owner and due date, or taking it out
 * of the plan with a reason. Each sends the revision shown; if the action changed since, nothing is written and
 * the page shows it as it is now.
 */
export function actionEditSection(api: Api, data: ActionResponse, facets: Facets, reshow: Reshow): HTMLElement {
  const a = data.action;
  const base = `/api/tab/actions/${encodeURIComponent(a.planId)}/${encodeURIComponent(a.ref)}`;
  const send = async (form: HTMLElement, prefix: string, summary: HTMLElement, path: string, body: object) => {
    const button = form.querySelector('button[type="submit"]') as HTMLButtonElement;
    button.disabled = true;
    try {
      const r = await api.post<EditResponse>(`${base}/${path}`, { rev: data.revision, ...body });
      if (r.body.outcome === 'recorded') return await reshow({ text: r.body.message, kind: 'good' });
      if (r.body.outcome === 'stale') return await reshow({ text: r.body.message, kind: 'warning' });
      showRefusal(form, prefix, summary, r.body.message, r.body.errors);
    } catch (e) {
      replace(summary);
      showError(summary, e);
    }
    button.disabled = false;
  };

  const editSummary = h('div', { class: 'summary' });
  const edit: HTMLFormElement = h(
    'form',
    {
      class: 'update',
      novalidate: true,
      'aria-label': `Change ${a.ref}`,
      onsubmit: (e: Event) => {
        e.preventDefault();
        void send(edit, 'edit', editSummary, 'edit', lineValues(edit, 'edit', EDITABLE));
      },
    },
    editSummary,
    lineFields('edit', facets, EDITABLE, {
      title: a.title,
      theme: a.theme,
      ownerEmail: a.ownerEmail,
      dueDate: a.dueDate,
    }),
    h('button', { type: 'submit', id: 'save-edit' }, `Save changes to ${a.ref}`),
  );

  const retireSummary = h('div', { class: 'summary' });
  const retire: HTMLFormElement = h(
    'form',
    {
      class: 'update',
      novalidate: true,
      'aria-label': `Take ${a.ref} out of the plan`,
      onsubmit: (e: Event) => {
        e.preventDefault();
        void send(retire, 'retire', retireSummary, 'retire', lineValues(retire, 'retire', ['reason']));
      },
    },
    retireSummary,
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'retire-reason' }, 'Reason'),
      h('textarea', { id: 'retire-reason', name: 'reason', rows: 2, maxlength: 500 }),
      h('p', { class: 'field-error', id: 'retire-reason-error', hidden: true }),
    ),
    h('button', { type: 'submit', id: 'retire-action', class: 'secondary' }, `Take ${a.ref} out of the plan`),
  );

  return h(
    'section',
    { class: 'card edit', 'aria-labelledby': 'edit-heading' },
    h('h2', { id: 'edit-heading' }, 'Change this action'),
    h(
      'p',
      { class: 'sub' },
      'Each change is recorded in the history with your name; the owner sees it on their next card.',
    ),
    h('details', { class: 'update-form' }, h('summary', {}, 'Change title, theme, owner or due date'), edit),
    h('details', { class: 'update-form' }, h('summary', {}, 'Take it out of the plan'), retire),
  );
}
