import type { MeResponse, MyAction, MyActionsResponse, UpdateField, UpdateResponse } from '../../bot/tab/tabApi';
import type { Api } from './api';
import { h, replace } from './dom';
import { dueCell, formatDate, ragBadge } from './format';
import { showError } from './notices';

const FIELDS: { name: UpdateField; post: string }[] = [
  { name: 'status', post: 'status' },
  { name: 'rag', post: 'rag' },
  { name: 'narrative', post: 'narrative' },
  { name: 'percentComplete', post: 'percent' },
  { name: 'proposedDate', post: 'proposedDate' },
  { name: 'proposedDateReason', post: 'proposedReason' },
  { name: 'evidenceUrl', post: 'evidenceUrl' },
];

/** My actions: the owner's open actions, each with the chase card's update form, saved through the same rules. */
export async function renderMyActions(main: HTMLElement, api: Api, me: MeResponse): Promise<void> {
  const data = await api.get<MyActionsResponse>('/api/tab/my-actions');
  const who = me.user.name ?? data.owner.email;
  replace(
    main,
    h('h1', {}, 'My actions'),
    h(
      'p',
      {},
      data.actions.length
        ? `${who}: your ${data.actions.length} open action${data.actions.length === 1 ? '' : 's'}, soonest due first. What you save here is recorded for the board exactly as an answer on the chase card.`
        : `${who}: you have no open actions on the board's plans.`,
    ),
    me.canReadRegister
      ? h('p', {}, h('a', { href: `/tab/board${location.search}` }, 'See the whole board report'))
      : null,
    awaySection(api, data),
    data.actions.map((a, i) => actionSection(api, data, a, i)),
  );
}

/** "Away until" (no prompts or reminders before then) with an optional cover, or "I'm back": the chat's rules. */
function awaySection(api: Api, data: MyActionsResponse): HTMLElement {
  const result = h('p', { id: 'away-result', role: 'status', 'aria-live': 'polite' });
  const send = async (body: { until: string; cover?: string }) => {
    try {
      const r = await api.post<{ message: string }>('/api/tab/my-actions/away', body);
      replace(result, h('span', { class: 'notice notice-good' }, r.body.message));
    } catch (e) {
      replace(result);
      showError(result, e);
    }
  };
  const form = h(
    'form',
    {
      class: 'away-form',
      'aria-label': 'Away',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const v = Object.fromEntries(new FormData(e.target as HTMLFormElement).entries()) as Record<string, string>;
        void send({ until: v.until ?? '', cover: v.cover });
      },
    },
    h('label', { for: 'away-until' }, 'Away until (the day you are back) '),
    h('input', { id: 'away-until', name: 'until', type: 'date', min: data.minDate, required: true }),
    h('label', { for: 'away-cover' }, " Cover (optional, a colleague's email) "),
    h('input', { id: 'away-cover', name: 'cover', type: 'email', maxlength: 320 }),
    ' ',
    h('button', { type: 'submit' }, 'Save'),
    data.away
      ? h('button', { type: 'button', class: 'secondary', onclick: () => void send({ until: 'off' }) }, "I'm back")
      : null,
  );
  return h(
    'section',
    { class: 'away', 'aria-labelledby': 'away-heading' },
    h('h2', { id: 'away-heading' }, 'Away'),
    h(
      'p',
      { class: 'sub' },
      data.away
        ? `You are away until ${formatDate(data.away.until)}${data.away.cover ? `; ${data.away.cover} is asked instead` : ''}. No prompts or reminders before then.`
        : 'Going on leave? No prompts or reminders until the day you are back; a cover, if you name one, is asked instead.',
    ),
    form,
    result,
  );
}

function actionSection(api: Api, meta: MyActionsResponse, initial: MyAction, i: number): HTMLElement {
  const section = h('section', { class: 'card', 'aria-labelledby': `a${i}-h` });
  const draw = (a: MyAction, notice?: { text: string; kind: 'good' | 'warning' | 'error'; extra?: string }) => {
    const open = a.status !== 'Complete' && a.status !== 'Deferred';
    const id = (f: string) => `a${i}-${f}`;
    const errorSlot = (f: UpdateField) => h('p', { class: 'field-error', id: id(`${f}-error`), hidden: true });
    const field = (f: UpdateField, label: string, control: HTMLElement, hint?: string) =>
      h(
        'div',
        { class: 'field' },
        h('label', { for: id(f) }, label),
        hint ? h('p', { class: 'hint', id: id(`${f}-hint`) }, hint) : null,
        control,
        errorSlot(f),
      );
    const form: HTMLFormElement = h(
      'form',
      {
        class: 'update',
        novalidate: true,
        'aria-labelledby': `a${i}-h`,
        onsubmit: (e: Event) => {
          e.preventDefault();
          void save(a, form);
        },
      },
      h('div', { class: 'summary', role: 'alert', id: id('summary') }),
      h(
        'div',
        { class: 'row' },
        field(
          'status',
          'Status',
          h(
            'select',
            { id: id('status'), name: 'status' },
            meta.statuses.map((s) => h('option', { value: s, selected: s === a.status }, s)),
          ),
        ),
        field(
          'rag',
          'RAG',
          h(
            'select',
            { id: id('rag'), name: 'rag' },
            h('option', { value: '' }, 'Choose a RAG rating'),
            meta.rags.map((r) => h('option', { value: r.value, selected: r.value === a.rag }, r.label)),
          ),
        ),
      ),
      field(
        'narrative',
        'Progress comment (required for Amber and Red)',
        h('textarea', {
          id: id('narrative'),
          name: 'narrative',
          rows: 3,
          maxlength: meta.narrativeMax,
          'aria-describedby': id('narrative-hint'),
        }),
        'What has happened since the last update, and what is at risk?',
      ),
      h(
        'div',
        { class: 'row' },
        field(
          'percentComplete',
          '% complete (optional)',
          h('input', {
            id: id('percentComplete'),
            name: 'percent',
            type: 'number',
            min: 0,
            max: 100,
            step: 1,
            inputmode: 'numeric',
            value: a.percentComplete ?? '',
          }),
        ),
        field(
          'proposedDate',
          'Propose a revised due date (optional)',
          h('input', { id: id('proposedDate'), name: 'proposedDate', type: 'date', min: meta.minDate }),
        ),
      ),
      field(
        'proposedDateReason',
        'Reason for the revised date',
        h('input', { id: id('proposedDateReason'), name: 'proposedReason', type: 'text', maxlength: meta.reasonMax }),
      ),
      field(
        'evidenceUrl',
        'Link to evidence (optional, https)',
        h('input', {
          id: id('evidenceUrl'),
          name: 'evidenceUrl',
          type: 'url',
          maxlength: 2000,
          value: a.evidenceUrl ?? '',
        }),
      ),
      h('button', { type: 'submit' }, `Save ${a.ref}`),
    );
    const details = h(
      'details',
      { class: 'update-form', open: notice?.kind === 'warning' },
      h('summary', {}, `Update ${a.ref}`),
      form,
    );
    replace(
      section,
      h('h2', { id: `a${i}-h` }, `${a.ref} · ${a.title}`),
      h('p', { class: 'sub' }, `${a.planName} · ${a.theme}`),
      h(
        'dl',
        { class: 'facts' },
        h('div', {}, h('dt', {}, 'Due'), h('dd', {}, dueCell(a))),
        h(
          'div',
          {},
          h('dt', {}, 'Now'),
          h(
            'dd',
            {},
            ragBadge(a.rag, open),
            ` ${a.status}${a.percentComplete !== undefined ? ` · ${a.percentComplete}%` : ''}`,
          ),
        ),
        h('div', {}, h('dt', {}, 'Last comment'), h('dd', {}, a.narrative ?? 'None yet')),
        a.lastReplyAt
          ? h('div', {}, h('dt', {}, 'Last update'), h('dd', {}, formatDate(a.lastReplyAt.slice(0, 10))))
          : null,
      ),
      notice
        ? h(
            'div',
            { class: `notice notice-${notice.kind}`, role: 'status', tabindex: '-1' },
            h('p', {}, h('strong', {}, notice.text)),
            notice.extra ? h('p', {}, notice.extra) : null,
          )
        : null,
      details,
    );
    return section.querySelector('.notice') as HTMLElement | null;
  };

  const save = async (a: MyAction, form: HTMLFormElement) => {
    const button = form.querySelector('button[type=submit]') as HTMLButtonElement;
    const values = Object.fromEntries(new FormData(form).entries());
    button.disabled = true;
    button.textContent = 'Saving…';
    try {
      const { body } = await api.post<UpdateResponse>(
        `/api/tab/my-actions/${encodeURIComponent(a.planId)}/${encodeURIComponent(a.ref)}`,
        { rev: a.revision, ...values },
      );
      if (body.outcome === 'refused') {
        showRefusal(form, body.message, body.errors);
      } else {
        const notice = draw(
          body.action,
          body.outcome === 'recorded'
            ? { text: body.message, kind: 'good', extra: body.recorded }
            : { text: body.message, kind: 'warning' },
        );
        notice?.focus();
      }
    } catch (e) {
      showError(form.querySelector('.summary') as HTMLElement, e);
    } finally {
      button.disabled = false;
      button.textContent = `Save ${a.ref}`;
    }
  };

  const showRefusal = (form: HTMLFormElement, message: string, errors: Partial<Record<UpdateField, string>>) => {
    const summary = form.querySelector('.summary') as HTMLElement;
    replace(summary, h('p', { class: 'notice notice-error' }, h('strong', {}, message), ' Nothing was saved yet.'));
    let first: HTMLElement | undefined;
    for (const { name } of FIELDS) {
      const control = form.querySelector(`#a${i}-${name}`) as HTMLElement;
      const slot = form.querySelector(`#a${i}-${name}-error`) as HTMLElement;
      const message = errors[name];
      slot.hidden = !message;
      slot.textContent = message ?? '';
      const described = [control.id === `a${i}-narrative` ? `a${i}-narrative-hint` : '', message ? slot.id : '']
        .filter(Boolean)
        .join(' ');
      if (described) control.setAttribute('aria-describedby', described);
      else control.removeAttribute('aria-describedby');
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
      if (message && !first) first = control;
    }
    first?.focus();
  };

  draw(initial);
  return section;
}
