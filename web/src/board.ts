import type { ActionResponse, MeResponse, RegisterResponse, RegisterRow, SummaryResponse } from '../../bot/tab/tabApi';
import { personText } from '../../bot/domain/people';
import type { RegisterQuery } from '../../bot/tab/tabQuery';
import type { Api } from './api';
import { h, replace, srOnly } from './dom';
import { dueCell, formatInstant, personOf, ragBadge } from './format';
import { flagList, renderAction } from './actionView';
import { showError } from './notices';
import { planUploadSection } from './planUpload';
import { closureSection } from './closure';
import { addActionSection } from './addAction';
import { minutesSection } from './minutes';
import { boardMeetingsSection } from './boardMeetings';
import { type Reshow, actionEditSection } from './actionEdit';

type Filters = Pick<RegisterQuery, 'plan' | 'theme' | 'owner' | 'status' | 'rag' | 'overdue' | 'flag'>;
type Sort = RegisterQuery['sort'];

const SORTS: { key: Sort; label: string }[] = [
  { key: 'ref', label: 'Ref' },
  { key: 'due', label: 'Due date' },
  { key: 'rag', label: 'RAG' },
];

/** The board report: the digest's figures and chart, the action register, and an action's history (#/action/plan/ref). */
export async function renderBoard(main: HTMLElement, api: Api, me: MeResponse): Promise<void> {
  if (!me.canReadRegister) {
    replace(
      main,
      h('h1', {}, 'Board report'),
      h(
        'p',
        { class: 'notice notice-warning', role: 'status' },
        "The board report is for the board secretariat and the members of the board's team.",
      ),
      me.openActions
        ? h(
            'p',
            {},
            'Your own actions are in ',
            h('a', { href: `/tab/my-actions${location.search}` }, 'My actions'),
            '.',
          )
        : null,
    );
    return;
  }
  const summary = await api.get<SummaryResponse>('/api/tab/summary');
  const filters: Filters = {};
  // Exception order first, as boards read it: Red, Amber, Green, not rated yet, then closed work.
  let sort: Sort = 'rag';
  let dir: 'asc' | 'desc' = 'asc';
  let lastOpened: string | undefined;

  const status = h('p', { class: 'count', role: 'status', 'aria-live': 'polite' });
  const tbody = h('tbody');
  const headRow = h('tr');
  const registerView = h('div', { id: 'register-view' });
  const actionView = h('div', { id: 'action-view', hidden: true });

  const select = (id: keyof Filters, label: string, options: [string, string][]) =>
    h(
      'div',
      { class: 'filter' },
      h('label', { for: `f-${id}` }, label),
      h(
        'select',
        {
          id: `f-${id}`,
          name: id,
          onchange: (e: Event) => {
            const value = (e.target as HTMLSelectElement).value || undefined;
            (filters as Record<string, string | undefined>)[id] = value;
            if (id === 'plan') {
              filters.theme = undefined;
              refillThemes();
            }
            void load();
          },
        },
        h('option', { value: '' }, 'All'),
        options.map(([v, t]) => h('option', { value: v }, t)),
      ),
    );

  const f = summary.facets;
  const themeSelect = select('theme', 'Theme', []);
  const refillThemes = () => {
    const sel = themeSelect.querySelector('select') as HTMLSelectElement;
    replace(
      sel,
      h('option', { value: '' }, 'All'),
      f.themes
        .filter((t) => !filters.plan || t.planId === filters.plan)
        .map((t) => h('option', { value: t.theme }, t.theme)),
    );
  };
  refillThemes();
  const filterForm = h(
    'form',
    { class: 'filters', 'aria-label': 'Filter the register', onsubmit: (e: Event) => e.preventDefault() },
    select(
      'plan',
      'Plan',
      f.plans.map((p) => [p.id, p.name]),
    ),
    themeSelect,
    select(
      'owner',
      'Owner',
      f.owners.map((o) => [o.email, personText(o.email, o.name)]),
    ),
    select(
      'status',
      'Status',
      f.statuses.map((s) => [s, s]),
    ),
    select('rag', 'RAG', [
      ...f.rags.map((r): [string, string] => [r, `${{ Green: '●', Amber: '▲', Red: '■' }[r]} ${r}`]),
      ['none', 'No RAG yet'],
    ]),
    select('overdue', 'Overdue', [
      ['yes', 'Overdue only'],
      ['no', 'Not overdue'],
    ]),
    select('flag', 'Challenge flag', [
      ['any', 'Any challenge flag'],
      ...f.flags.map((x): [string, string] => [x.kind, `⚑ ${x.label}`]),
    ]),
    h(
      'button',
      {
        type: 'reset',
        class: 'secondary',
        onclick: () => {
          for (const k of Object.keys(filters)) delete (filters as Record<string, unknown>)[k];
          setTimeout(() => {
            refillThemes();
            void load();
          });
        },
      },
      'Clear filters',
    ),
  );

  const renderHead = () => {
    replace(
      headRow,
      h('th', { scope: 'col', 'aria-sort': sortState('ref') }, sortButton('ref')),
      h('th', { scope: 'col' }, 'Action'),
      h('th', { scope: 'col' }, 'Owner'),
      h('th', { scope: 'col', 'aria-sort': sortState('due') }, sortButton('due')),
      h('th', { scope: 'col' }, 'Status'),
      h('th', { scope: 'col', 'aria-sort': sortState('rag') }, sortButton('rag')),
    );
  };
  const sortState = (key: Sort) => (sort === key ? (dir === 'asc' ? 'ascending' : 'descending') : undefined);
  const sortButton = (key: Sort) => {
    const label = SORTS.find((s) => s.key === key)?.label ?? key;
    return h(
      'button',
      {
        type: 'button',
        class: 'sort',
        'data-sort': key,
        onclick: () => {
          dir = sort === key && dir === 'asc' ? 'desc' : 'asc';
          sort = key;
          renderHead();
          (headRow.querySelector(`[data-sort="${key}"]`) as HTMLButtonElement).focus();
          void load();
        },
      },
      label,
      h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, sort === key ? (dir === 'asc' ? ' ▲' : ' ▼') : ' ↕'),
      srOnly(sort === key ? `, sorted ${dir === 'asc' ? 'ascending' : 'descending'}` : ', sort'),
    );
  };

  const row = (r: RegisterRow) =>
    h(
      'tr',
      {},
      h(
        'th',
        { scope: 'row' },
        h(
          'a',
          {
            href: `#/action/${encodeURIComponent(r.planId)}/${encodeURIComponent(r.ref)}`,
            'data-action': `${r.planId}/${r.ref}`,
          },
          r.ref,
        ),
      ),
      h(
        'td',
        {},
        h('span', { class: 'title' }, r.title),
        h('span', { class: 'sub' }, `${r.planName} · ${r.theme}`),
        r.flags.length ? flagList(r.flags) : null,
      ),
      h('td', {}, personOf(r.ownerEmail, r.ownerName)),
      h('td', {}, dueCell(r)),
      h(
        'td',
        {},
        r.status === 'Complete' ? '✓ Complete' : r.status,
        r.percentComplete !== undefined && r.status !== 'Complete'
          ? h('span', { class: 'sub' }, `${r.percentComplete}% complete`)
          : null,
      ),
      h('td', {}, ragBadge(r.rag, r.status !== 'Complete' && r.status !== 'Deferred')),
    );

  let seq = 0;
  const load = async () => {
    const mine = ++seq;
    performance.mark('register-fetch-start');
    let data: RegisterResponse;
    try {
      data = await api.get<RegisterResponse>('/api/tab/register', { ...filters, sort, dir });
    } catch (e) {
      showError(status, e);
      return;
    }
    if (mine !== seq) return;
    performance.mark('register-render-start');
    const rows = document.createDocumentFragment();
    for (const r of data.rows) rows.appendChild(row(r));
    tbody.replaceChildren(rows);
    status.textContent = `Showing ${data.rows.length} of ${data.total} actions.`;
    performance.mark('register-render-end');
    performance.measure('register-render', 'register-render-start', 'register-render-end');
    performance.measure('register-load', 'register-fetch-start', 'register-render-end');
    document.body.dataset.registerRows = String(data.rows.length);
  };

  renderHead();
  replace(
    registerView,
    h('h1', {}, 'Board report'),
    digestHead(summary),
    me.secretariat ? closureSection(api, () => void load()) : null,
    me.secretariat ? boardMeetingsSection(api) : null,
    me.secretariat ? addActionSection(api, f, () => void load()) : null,
    me.secretariat ? minutesSection(api, f, () => void load()) : null,
    me.secretariat ? planUploadSection(api, () => void load(), summary.exports) : null,
    h(
      'section',
      { 'aria-labelledby': 'register-heading' },
      h('h2', { id: 'register-heading' }, 'Action register'),
      filterForm,
      status,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'register' },
          h('caption', { class: 'sr-only' }, "Every action of the board's plans; sort with the column buttons"),
          h('thead', {}, headRow),
          tbody,
        ),
      ),
    ),
  );
  replace(main, registerView, actionView);

  /** An action's page; for the secretariat with its changes, after which it shows the action as stored now. */
  const showAction = async (planId: string, ref: string, notice?: Parameters<Reshow>[0]) => {
    const data = await api.get<ActionResponse>(
      `/api/tab/actions/${encodeURIComponent(planId)}/${encodeURIComponent(ref)}`,
    );
    renderAction(actionView, data, '#/', notice);
    if (me.secretariat)
      actionView.append(
        actionEditSection(api, data, f, async (n) => {
          await showAction(planId, ref, n);
          void load();
        }),
      );
  };

  const route = async () => {
    const m = /^#\/action\/([^/]+)\/(.+)$/.exec(location.hash);
    if (!m) {
      actionView.hidden = true;
      registerView.hidden = false;
      const back = lastOpened
        ? (tbody.querySelector(`a[data-action="${CSS.escape(lastOpened)}"]`) as HTMLElement | null)
        : null;
      back?.focus();
      return;
    }
    const [planId, ref] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])];
    lastOpened = `${planId}/${ref}`;
    registerView.hidden = true;
    actionView.hidden = false;
    replace(actionView, h('p', { class: 'loading' }, `Loading ${ref}…`));
    try {
      await showAction(planId, ref);
    } catch (e) {
      replace(actionView, h('p', {}, h('a', { href: '#/' }, '← Back to the register')));
      showError(actionView, e);
    }
  };
  window.addEventListener('hashchange', () => void route());
  await load();
  await route();
}

/** The digest's figures, headline, chart and exports. */
function digestHead(s: SummaryResponse): HTMLElement {
  return h(
    'section',
    { class: 'digest', 'aria-labelledby': 'digest-heading' },
    h('h2', { id: 'digest-heading' }, `Digest · week ${s.week}`),
    h('p', { class: 'sub' }, s.scope),
    h('p', { class: `headline headline-${s.direction}` }, s.headline),
    h(
      'div',
      { class: 'digest-body' },
      h(
        'dl',
        { class: 'figures' },
        s.figures.map((f) => h('div', {}, h('dt', {}, f.title), h('dd', {}, f.value))),
      ),
      s.chart
        ? h(
            'figure',
            { class: 'chart' },
            h('img', { src: s.chart, alt: s.chartAlt, width: 680, height: 340 }),
            h('figcaption', {}, 'Status and RAG mix over the last 8 weeks'),
          )
        : null,
    ),
    s.exports
      ? h(
          'p',
          { class: 'exports' },
          'Exports (links valid one hour): ',
          h('a', { href: s.exports.csv, target: '_blank', rel: 'noopener' }, 'CSV of every action'),
          ' · ',
          h('a', { href: s.exports.html, target: '_blank', rel: 'noopener' }, 'printable HTML report'),
        )
      : h('p', { class: 'sub' }, 'The CSV and HTML exports are for the board secretariat.'),
    h('p', { class: 'sub' }, `As at ${formatInstant(s.asOf)}.`),
  );
}
