import type { RegisterResponse } from '../../bot/tab/tabApi';
import { personText } from '../../bot/domain/people';
import type { CloseResponse } from '../../bot/tab/closeActions';
import type { Api } from './api';
import { h, replace } from './dom';
import { showError } from './notices';

/**
 * Proposed for closure (the secretariat): the actions owners marked complete, to close several at once after a
 * board meeting. Returning one to its owner, with the reason, is the chat's `return R4.2 <reason>`.
 */
export function closureSection(api: Api, closed: () => void): HTMLElement {
  const body = h('div', { id: 'closure-body' }, h('p', { class: 'loading' }, 'Loading…'));
  const section = h(
    'section',
    { class: 'closure', 'aria-labelledby': 'closure-heading' },
    h('h2', { id: 'closure-heading' }, 'Proposed for closure'),
    body,
  );
  const draw = async (notice?: HTMLElement) => {
    try {
      const data = await api.get<RegisterResponse>('/api/tab/register', { status: 'Complete' });
      const rows = data.rows.filter((r) => r.awaitingClosure);
      if (rows.length === 0) {
        replace(body, notice ?? null, h('p', { class: 'sub' }, 'Nothing is awaiting closure.'));
        return;
      }
      const list = h(
        'ul',
        { class: 'closure-list' },
        rows.map((r) =>
          h(
            'li',
            {},
            h('input', {
              type: 'checkbox',
              id: `close-${r.planId}-${r.ref}`,
              'data-plan': r.planId,
              'data-ref': r.ref,
              checked: true,
            }),
            h(
              'label',
              { for: `close-${r.planId}-${r.ref}` },
              ` ${r.ref} · ${r.title} (${personText(r.ownerEmail, r.ownerName)})`,
            ),
            r.evidenceUrl
              ? h(
                  'span',
                  {},
                  ' · ',
                  h('a', { href: r.evidenceUrl, target: '_blank', rel: 'noopener noreferrer' }, 'evidence'),
                )
              : null,
          ),
        ),
      );
      const button = h(
        'button',
        {
          type: 'button',
          id: 'close-selected',
          onclick: async () => {
            const actions = [...list.querySelectorAll('input:checked')].map((i) => ({
              planId: (i as HTMLInputElement).dataset.plan as string,
              ref: (i as HTMLInputElement).dataset.ref as string,
            }));
            if (actions.length === 0) return;
            (button as HTMLButtonElement).disabled = true;
            try {
              const r = await api.post<CloseResponse>('/api/tab/closure', { actions });
              await draw(
                h(
                  'div',
                  { class: 'notice notice-good', role: 'status' },
                  h('p', {}, r.body.message),
                  h(
                    'ul',
                    {},
                    r.body.lines.map((l) => h('li', {}, l.message)),
                  ),
                ),
              );
              closed();
            } catch (e) {
              showError(body, e);
            }
          },
        },
        'Close selected',
      );
      replace(
        body,
        notice ?? null,
        h('p', { class: 'sub' }, `${rows.length} marked complete by their owners. Close those the board agreed:`),
        list,
        button,
      );
    } catch (e) {
      replace(body);
      showError(body, e);
    }
  };
  void draw();
  return section;
}
