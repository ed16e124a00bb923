import type { UploadApplyResponse, UploadPreviewResponse } from '../../bot/tab/planUpload';
import type { Api } from './api';
import { h, replace } from './dom';
import { showError } from './notices';

/** The file's bytes as base64, for the JSON body. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

/**
 * Upload a plan (the board secretariat only): pick a CSV or .xlsx, see what it would do (nothing is written),
 * choose per missing action whether to keep or retire it, then Apply, all or nothing. `applied` reloads the board.
 */
export function planUploadSection(
  api: Api,
  applied: () => void,
  links?: { xlsx: string; template: string },
): HTMLElement {
  const result = h('div', { id: 'upload-result', 'aria-live': 'polite' });
  const input = h('input', { id: 'plan-file', type: 'file', accept: '.csv,.xlsx,text/csv' }) as HTMLInputElement;
  let file: { name: string; content: string; sheet?: string } | undefined;

  const preview = async () => {
    if (!file) return;
    replace(result, h('p', { class: 'loading' }, `Reading ${file.name}…`));
    try {
      const r = await api.post<UploadPreviewResponse>('/api/tab/plan-upload/preview', file);
      showPreview(r.body);
    } catch (e) {
      replace(result);
      showError(result, e);
    }
  };

  const sheetPicker = (p: UploadPreviewResponse) =>
    p.sheets && p.sheets.length > 1
      ? h(
          'p',
          {},
          h('label', { for: 'plan-sheet' }, 'Sheet '),
          h(
            'select',
            {
              id: 'plan-sheet',
              onchange: (e: Event) => {
                if (file) file.sheet = (e.target as HTMLSelectElement).value;
                void preview();
              },
            },
            p.sheets.map((s) => h('option', { value: s, selected: s === p.sheet }, s)),
          ),
        )
      : null;

  function showPreview(p: UploadPreviewResponse) {
    if (p.problems.length) {
      replace(
        result,
        sheetPicker(p),
        h(
          'div',
          { class: 'notice notice-error', role: 'alert' },
          h('p', {}, `Nothing can be imported: ${plural(p.problems.length, 'problem')} in ${p.file}.`),
          h(
            'table',
            { class: 'problems' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', {}, p.kind === 'xlsx' ? 'Row' : 'Line'),
                h('th', {}, 'Column'),
                h('th', {}, 'Problem'),
              ),
            ),
            h(
              'tbody',
              {},
              p.problems.map((x) =>
                h(
                  'tr',
                  { 'data-problem': x.text },
                  h('td', {}, String(x.line)),
                  h('td', {}, x.column),
                  h('td', {}, x.reason),
                ),
              ),
            ),
          ),
        ),
      );
      return;
    }
    const choices = new Map(p.missing.map((m) => [m.key, 'keep']));
    const choice = (key: string, ref: string) =>
      h(
        'select',
        {
          'aria-label': `Keep or retire ${ref}`,
          'data-missing': key,
          onchange: (e: Event) => choices.set(key, (e.target as HTMLSelectElement).value),
        },
        h('option', { value: 'keep' }, 'Keep'),
        h('option', { value: 'retire' }, 'Retire'),
      );
    const missingList = h(
      'ul',
      { class: 'missing' },
      p.missing.map((m) =>
        h(
          'li',
          {},
          m.open ? choice(m.key, m.ref) : h('span', { class: 'sub' }, 'Kept (not open) '),
          ` ${m.ref} · ${m.title} (${m.ownerEmail}, ${m.status})`,
        ),
      ),
    );
    const setAll = (value: string) => {
      for (const sel of missingList.querySelectorAll('select')) {
        (sel as HTMLSelectElement).value = value;
        choices.set((sel as HTMLSelectElement).dataset.missing as string, value);
      }
    };
    replace(
      result,
      sheetPicker(p),
      h(
        'p',
        { class: 'count', id: 'upload-summary' },
        `${p.file}: ${plural(p.rows, 'row')}. ${plural(p.add.length, 'action')} to add, ${plural(p.change.length, 'action')} to change, ${p.unchanged} unchanged, ${p.missing.length} not in the file.${p.newPlans.length ? ` New plan: ${p.newPlans.join(', ')}.` : ''}`,
      ),
      p.add.length
        ? h(
            'section',
            { class: 'upload-add' },
            h('h3', {}, `To add (${p.add.length})`),
            h(
              'ul',
              {},
              p.add.map((a) => h('li', {}, `${a.ref} · ${a.title} (${a.ownerEmail}, due ${a.dueDate})`)),
            ),
          )
        : null,
      p.change.length
        ? h(
            'section',
            { class: 'upload-change' },
            h('h3', {}, `To change (${p.change.length})`),
            h(
              'ul',
              {},
              p.change.map((c) =>
                h(
                  'li',
                  {},
                  `${c.ref} · ${c.title}: `,
                  c.fields.map((f) =>
                    h('span', { class: 'field-change' }, `${f.field} ${f.from || '(blank)'} → ${f.to || '(blank)'}; `),
                  ),
                ),
              ),
            ),
          )
        : null,
      p.missing.length
        ? h(
            'section',
            { class: 'upload-missing' },
            h('h3', {}, `In the board but not in the file (${p.missing.length})`),
            h(
              'p',
              {},
              h('button', { type: 'button', class: 'secondary', onclick: () => setAll('keep') }, 'Keep all'),
              ' ',
              h('button', { type: 'button', class: 'secondary', onclick: () => setAll('retire') }, 'Retire all'),
            ),
            missingList,
          )
        : null,
      h(
        'button',
        {
          type: 'button',
          id: 'apply-upload',
          onclick: async (e: Event) => {
            (e.target as HTMLButtonElement).disabled = true;
            const retire = [...choices].filter(([, v]) => v === 'retire').map(([k]) => k);
            try {
              const r = await api.post<UploadApplyResponse>('/api/tab/plan-upload/apply', { ...file, retire });
              replace(
                result,
                h(
                  'p',
                  { class: `notice ${r.body.outcome === 'applied' ? 'notice-good' : 'notice-error'}`, role: 'status' },
                  r.body.message,
                ),
              );
              if (r.body.outcome === 'applied') applied();
            } catch (err) {
              showError(result, err);
            }
          },
        },
        'Apply',
      ),
    );
  }

  input.addEventListener('change', async () => {
    const picked = input.files?.[0];
    if (!picked) return;
    file = { name: picked.name, content: await base64Of(picked) };
    await preview();
  });

  return h(
    'section',
    { 'aria-labelledby': 'upload-heading', class: 'plan-upload' },
    h('h2', { id: 'upload-heading' }, 'Upload a plan'),
    h(
      'p',
      { class: 'sub' },
      'A CSV or Excel workbook (.xlsx) with the columns of the template. You see what it would change before anything is written.',
    ),
    links
      ? h(
          'p',
          { class: 'plan-downloads' },
          h(
            'a',
            { href: links.xlsx, target: '_blank', rel: 'noopener', download: '' },
            'The register as Excel (.xlsx)',
          ),
          ' (one sheet per plan; edit a sheet and upload it back) · ',
          h('a', { href: links.template, download: 'plan-template.xlsx' }, 'a blank plan template'),
          ' (the columns explained on its second sheet)',
        )
      : null,
    h('label', { for: 'plan-file' }, 'Plan file '),
    input,
    result,
  );
}
