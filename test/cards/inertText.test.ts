import MarkdownIt from 'markdown-it';
import { actionStatusCard } from '../../cards/actionStatusCard';
import { chasePromptCard } from '../../cards/chasePromptCard';
import { digestCard } from '../../cards/digestCard';
import { inert } from '../../cards/inertText';
import { noticeCard } from '../../cards/noticeCard';
import { buildDigest } from '../../bot/domain/digest';
import type { ActionUpdate } from '../../bot/domain/types';
import { PEOPLE, anAction } from '../support/fixtures';
import { type Json, nodes } from '../support/cardTree';

/** Everything an owner or a plan file could put in a field to make the card link, shout or load something. */
const HOSTILE = [
  '# Heading',
  '- list item',
  '1. numbered',
  '> quoted',
  '**bold** __bold__ *italic* _italic_ ~~struck~~ `code`',
  '[inline link](https://evil.example/a) ![image](https://evil.example/i.png)',
  '<https://evil.example/auto> https://evil.example/bare www.evil.example evil.example/x',
  '[reference link][r] [r]',
  '[r]: https://evil.example/ref',
  '<b>html</b> <img src=x onerror=alert(1)> &amp; mail mallory@evil.example',
].join('\n');

/**
 * Markdown as the most generous renderer would take it (CommonMark plus HTML, linkify and
 * strikethrough); Teams renders a subset, so what is inert here is inert there.
 */
const md = new MarkdownIt({ html: true, linkify: true });
const FORMATTING = /<(a|strong|em|img|h[1-6]|li|ol|ul|blockquote|code|s|del|b)[\s>]/;
/** Owners' email addresses are checked as addresses on import and shown as they are: a mail link to the owner is fine. */
const OWNER_MAIL = new RegExp(`<a href="mailto:${PEOPLE.amira.email}">${PEOPLE.amira.email}</a>`, 'g');
const rendered = (text: string) => md.render(text).replace(OWNER_MAIL, PEOPLE.amira.email);

/** The text of every TextBlock and every fact (title and value) on the card: what Teams reads as Markdown. */
const markdownFields = (card: unknown): string[] =>
  nodes(card).flatMap((o: Json) =>
    o.type === 'TextBlock'
      ? [o.text as string]
      : o.type === 'FactSet'
        ? (o.facts as Json[]).flatMap((f) => [f.title as string, f.value as string])
        : [],
  );

const hostileAction = anAction({
  ref: 'R6.2',
  rag: 'Red',
  dueDate: '2026-11-10',
  title: `Title ${HOSTILE}`,
  theme: `Theme ${HOSTILE}`,
  planName: `Plan ${HOSTILE}`,
  narrative: `Narrative ${HOSTILE}`,
  revisedDate: {
    date: '2027-03-31',
    reason: `Reason ${HOSTILE}`,
    state: 'proposed',
    proposedAt: '2026-11-16T10:00:00.000Z',
    proposedBy: PEOPLE.amira.email,
  },
});
const historyRow: ActionUpdate = {
  planId: hostileAction.planId,
  ref: hostileAction.ref,
  id: 'h1',
  revision: 2,
  at: '2026-11-16T10:00:00.000Z',
  kind: 'update',
  byEmail: PEOPLE.amira.email,
  status: 'In progress',
  rag: 'Red',
  narrative: `History ${HOSTILE}`,
  note: `Note ${HOSTILE}`,
};

const CARDS: [string, () => unknown][] = [
  [
    'the digest',
    () =>
      digestCard(
        buildDigest({
          week: '2026-W47',
          asOf: '2026-11-20T12:00:00.000Z',
          today: '2026-11-20',
          scope: `Scope ${HOSTILE}`,
          now: [hostileAction],
          weekBefore: [],
          trend: [],
          nonresponders: [],
          unreachable: [],
        }),
      ),
  ],
  ["an action's status", () => actionStatusCard(hostileAction, [historyRow], '2026-11-20')],
  [
    'the chase card',
    () =>
      chasePromptCard({
        ownerName: `Mallory${HOSTILE}`,
        cycleId: 'c1',
        today: '2026-11-20',
        items: [{ action: hostileAction }, { action: { ...hostileAction, ref: 'R6.3' }, recorded: '✓ Recorded' }],
      }),
  ],
  [
    'a notice',
    () => noticeCard({ title: `Title ${HOSTILE}`, text: `Text ${HOSTILE}`, facts: [{ title: 'F', value: HOSTILE }] }),
  ],
];

describe.each(CARDS)('hostile user text on %s is shown as text', (_name, build) => {
  const card = build();
  const fields = markdownFields(card).filter((t) => t.includes('evil'));

  test('the hostile text reaches the card', () => {
    expect(fields.length).toBeGreaterThan(0);
  });

  test('no field renders as a link, emphasis, heading, list, quote, code, image or HTML', () => {
    const formatted = fields.map(rendered).filter((html) => FORMATTING.test(html));
    expect(formatted).toEqual([]);
  });

  test('the words are still there to read', () => {
    for (const html of fields.map(rendered))
      expect(html.replace(/\u2060/g, '')).toMatch(/bold.*italic.*struck.*inline link.*evil\.example\/bare/s);
  });
});

test('inert leaves ordinary text reading the same once rendered', () => {
  const text = 'Phase 1 (stabilise) [draft]: 40% done, see section 3.2; owner: Ben.';
  const html = rendered(inert(text))
    .replace(/\u2060/g, '')
    .trim();
  expect(html).toBe(`<p>${text}</p>`);
});

test('references and figures keep their dots as they are (only a dot before a letter, as in a domain, is broken)', () => {
  expect(inert('R4.2 is 1.5 weeks late; see council.gov.uk')).toBe(
    'R4.2 is 1.5 weeks late; see council\u2060.gov\u2060.uk',
  );
});
