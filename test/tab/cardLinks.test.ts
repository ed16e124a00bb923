import { digestCard } from '../../cards/digestCard';
import { chasePromptCard } from '../../cards/chasePromptCard';
import { configuredTabLinks, setTabLinks, tabLinksFor } from '../../cards/tabLinks';
import { buildDigest } from '../../bot/domain/digest';
import { anAction, PEOPLE } from '../support/fixtures';
import { PUBLIC_URL, startTabApp } from './support/tabApp';

/** The digest card and the chase card link to the tab pages, only when the bot knows its public address. */
const digest = buildDigest({
  week: '2026-W48',
  asOf: '2026-11-27T12:00:00Z',
  today: '2026-11-27',
  scope: 'LGA CPC Action Plan 2023',
  now: [anAction()],
  trend: [],
  nonresponders: [],
  unreachable: [],
});
const chase = (links?: ReturnType<typeof tabLinksFor>) =>
  chasePromptCard({
    ownerName: PEOPLE.amira.name,
    cycleId: 'c1',
    today: '2026-11-23',
    items: [{ action: anAction() }, { action: anAction({ ref: 'R6.2' }) }],
    links,
  });
const openUrls = (card: Record<string, unknown>) =>
  ((card.actions ?? []) as { type: string; title: string; url?: string }[]).filter((a) => a.type === 'Action.OpenUrl');

afterEach(() => setTabLinks(undefined));

test('with a public address: "Open the board report" on the digest card, "Open My actions" on the chase card', () => {
  const links = tabLinksFor(`${PUBLIC_URL}/`);
  expect(links).toEqual({ boardReport: `${PUBLIC_URL}/tab/board`, myActions: `${PUBLIC_URL}/tab/my-actions` });
  expect(openUrls(digestCard(digest, undefined, undefined, links))).toEqual([
    { type: 'Action.OpenUrl', title: 'Open the board report', url: `${PUBLIC_URL}/tab/board` },
  ]);
  const card = chase(links);
  expect(openUrls(card)).toEqual([
    { type: 'Action.OpenUrl', title: 'Open My actions', url: `${PUBLIC_URL}/tab/my-actions` },
  ]);
  // The card's own buttons are untouched.
  expect((card.actions as { verb?: string }[]).map((a) => a.verb ?? 'open')).toEqual(['open', 'noChangeAll']);
});

test('without one: no link at all (and no empty button)', () => {
  expect(openUrls(digestCard(digest))).toEqual([]);
  expect(openUrls(chase())).toEqual([]);
  expect(JSON.stringify(digestCard(digest))).not.toContain('${');
});

test('the bot sets the links at start when PUBLIC_URL is configured, and none without it', async () => {
  const t = await startTabApp({ publicUrl: PUBLIC_URL });
  try {
    expect(configuredTabLinks()).toEqual(tabLinksFor(PUBLIC_URL));
    expect(openUrls(digestCard(digest))[0]?.url).toBe(`${PUBLIC_URL}/tab/board`);
  } finally {
    await t.stop();
  }
  const plain = await startTabApp();
  try {
    expect(configuredTabLinks()).toBeUndefined();
  } finally {
    await plain.stop();
  }
});
