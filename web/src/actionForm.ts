import type { Facets } from '../../bot/tab/tabApi';
import type { EditField } from '../../bot/tab/actionEdits';
import { h, replace } from './dom';

/** The fields of a plan's line, as the secretariat types them (the import's columns). */
export type LineValues = Partial<Record<Exclude<EditField, 'reason'>, string>>;
type LineField = keyof LineValues;

const LABELS: Record<LineField, string> = {
  plan: 'Plan',
  theme: 'Theme',
  reference: 'Reference',
  title: 'Action',
  ownerEmail: 'Owner email',
  dueDate: 'Due date',
};

/** The lists the fields suggest from: the board's plans, themes and owners, once per page. */
function datalists(facets: Facets): HTMLElement[] {
  if (document.getElementById('dl-plans')) return [];
  return [
    h(
      'datalist',
      { id: 'dl-plans' },
      facets.plans.map((p) => h('option', { value: p.name })),
    ),
    h(
      'datalist',
      { id: 'dl-themes' },
      [...new Set(facets.themes.map((t) => t.theme))].map((t) => h('option', { value: t })),
    ),
    h(
      'datalist',
      { id: 'dl-owners' },
      facets.owners.map((o) => h('option', { value: o.email }, o.name ?? o.email)),
    ),
  ];
}

/**
 * Labelled inputs for a plan's line (those named in `fields`), each with a slot for the server's reason, ids
 * prefixed by `prefix`. The server judges the values, with the import's rules and words.
 */
export function lineFields(prefix: string, facets: Facets, fields: LineField[], initial: LineValues): HTMLElement {
  const control = (f: LineField): HTMLElement => {
    const common = { id: `${prefix}-${f}`, name: f };
    if (f === 'title') return h('textarea', { ...common, rows: 3, maxlength: 1000 }, initial.title ?? '');
    if (f === 'dueDate') return h('input', { ...common, type: 'date', value: initial.dueDate ?? '' });
    const list = { plan: 'dl-plans', theme: 'dl-themes', ownerEmail: 'dl-owners' }[f as string];
    return h('input', {
      ...common,
      type: f === 'ownerEmail' ? 'email' : 'text',
      list,
      autocomplete: 'off',
      value: initial[f] ?? '',
    });
  };
  return h(
    'div',
    { class: 'row line-fields' },
    datalists(facets),
    fields.map((f) =>
      h(
        'div',
        { class: `field field-${f}` },
        h('label', { for: `${prefix}-${f}` }, LABELS[f]),
        control(f),
        h('p', { class: 'field-error', id: `${prefix}-${f}-error`, hidden: true }),
      ),
    ),
  );
}

/** The values typed into the fields `prefix` names. */
export function lineValues(form: HTMLElement, prefix: string, fields: readonly EditField[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const el = form.querySelector(`#${prefix}-${f}`) as HTMLInputElement | null;
    if (el) out[f] = el.value;
  }
  return out;
}

/** Shows a refusal: the message at `summary`, each field's reason under it (announced, focus on the first). */
export function showRefusal(
  form: HTMLElement,
  prefix: string,
  summary: HTMLElement,
  message: string,
  errors: Partial<Record<EditField, string>>,
): void {
  replace(summary, h('p', { class: 'notice notice-error', role: 'alert' }, message));
  let first: HTMLElement | undefined;
  for (const slot of form.querySelectorAll<HTMLElement>(`[id^="${prefix}-"][id$="-error"]`)) {
    const f = slot.id.slice(prefix.length + 1, -'-error'.length) as EditField;
    const control = form.querySelector(`#${prefix}-${f}`) as HTMLElement | null;
    const reason = errors[f];
    slot.hidden = !reason;
    slot.textContent = reason ?? '';
    if (!control) continue;
    if (reason) {
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', slot.id);
      first ??= control;
    } else {
      control.removeAttribute('aria-invalid');
      control.removeAttribute('aria-describedby');
    }
  }
  first?.focus();
}
