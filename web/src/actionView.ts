import type { ActionResponse, RegisterRow, TimelineEntry } from '../../bot/tab/tabApi';
import { personText } from '../../bot/domain/people';
import { h, replace } from './dom';
import { dueCell, formatInstant, personOf, ragBadge } from './format';

/** One action: where it stands, and its whole history as a timeline, newest first. */
export function renderAction(
  el: HTMLElement,
  data: ActionResponse,
  backHref: string,
  /** The outcome of a change just made to it, shown under its heading. */
  notice?: { text: string; kind: 'good' | 'warning' },
): void {
  const a = data.action;
  const open = a.status !== 'Complete' && a.status !== 'Deferred';
  const heading = h('h1', { tabindex: '-1' }, `${a.ref} · ${a.title}`);
  replace(
    el,
    h('p', {}, h('a', { href: backHref }, '← Back to the register')),
    heading,
    notice ? h('p', { class: `notice notice-${notice.kind}`, role: 'status', id: 'action-notice' }, notice.text) : null,
    h(
      'dl',
      { class: 'facts' },
      fact('Plan', a.planName),
      fact('Theme', a.theme),
      fact('Owner', personOf(a.ownerEmail, a.ownerName)),
      fact('Due', dueCell(a)),
      fact('Status', a.status === 'Complete' ? a.state : a.status),
      fact('RAG', ragBadge(a.rag, open)),
      a.percentComplete !== undefined ? fact('% complete', `${a.percentComplete}%`) : null,
      fact('Latest comment', a.narrative ?? 'None yet'),
      a.flags.length ? fact('Challenge flags', flagList(a.flags)) : null,
      a.evidenceUrl ? fact('Evidence', evidenceLink(a.evidenceUrl)) : null,
    ),
    h('h2', {}, `History (${data.timeline.length} ${data.timeline.length === 1 ? 'entry' : 'entries'})`),
    data.timeline.length
      ? h('ol', { class: 'timeline' }, data.timeline.map(entry))
      : h('p', {}, 'Nothing recorded yet.'),
  );
  heading.focus();
}

/** The board's challenges to an action, each with its reason in words. */
export const flagList = (flags: RegisterRow['flags']): HTMLElement =>
  h(
    'ul',
    { class: 'flags' },
    flags.map((f) => h('li', { 'data-flag': f.kind }, h('strong', {}, `⚑ ${f.label}: `), f.reason)),
  );
/** An evidence link: https only (checked when it was given), opened outside the tab. */
const evidenceLink = (url: string) => h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, url);

const fact = (term: string, value: string | Node) => h('div', {}, h('dt', {}, term), h('dd', {}, value));

function entry(e: TimelineEntry): HTMLElement {
  const open = e.status !== 'Complete' && e.status !== 'Deferred';
  return h(
    'li',
    { class: 'event' },
    h('h3', {}, h('time', { datetime: e.at }, formatInstant(e.at)), ` · ${e.label}`),
    h(
      'p',
      { class: 'sub' },
      `by ${personText(e.byEmail, e.byName)}${e.forEmail ? ` for ${personText(e.forEmail, e.forName)}` : ''}`,
    ),
    h(
      'p',
      { class: 'state' },
      h('span', {}, e.status === 'Complete' ? '✓ Complete' : e.status),
      ' ',
      ragBadge(e.rag, open),
      e.percentComplete !== undefined ? ` ${e.percentComplete}%` : '',
    ),
    e.narrative ? h('blockquote', {}, e.narrative) : null,
    e.evidenceUrl ? h('p', { class: 'evidence' }, 'Evidence: ', evidenceLink(e.evidenceUrl)) : null,
    e.changes.length
      ? h(
          'ul',
          { class: 'changes' },
          e.changes.map((c) => h('li', {}, c)),
        )
      : null,
  );
}
