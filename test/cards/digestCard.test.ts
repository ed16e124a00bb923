import { CARD_LIST_CAP, digestCard } from '../../cards/digestCard';
import { inert } from '../../cards/inertText';
import { TEAMS_MESSAGE_BUDGET_BYTES, teamsMessageBytes } from '../../cards/messageSize';
import { RAG_LABEL } from '../../cards/ragText';
import { buildDigest, type Digest, type DigestInput } from '../../bot/domain/digest';
import { addDays } from '../../bot/domain/calendar';
import { NARRATIVE_MAX } from '../../bot/domain/replyRules';
import { pngDataUri, trendPng } from '../../bot/digest/trendChart';
import type { Action, Rag, Status } from '../../bot/domain/types';
import { PEOPLE, anAction } from '../support/fixtures';
import { ACRuntime, type Json, nodes } from '../support/cardTree';

/** All the text a person reads on the card. */
const texts = (card: unknown): string[] =>
  nodes(card)
    .flatMap((o) => ['text', 'title', 'value', 'altText'].map((k) => o[k]))
    .filter((v): v is string => typeof v === 'string');
const textOf = (card: unknown) => texts(card).join('\n');
/** The section containers, by their heading. */
const sections = (card: Json): Json[] =>
  (card.body as Json[]).filter((b) => b.type === 'Container' && typeof b.items?.[0]?.text === 'string');
const sectionOf = (card: Json, heading: string): Json => {
  const s = sections(card).find((c) => c.items[0].text.startsWith(heading));
  if (!s) throw new Error(`no section "${heading}"`);
  return s;
};
/** The action lines of a section: each a container of head, sub and body. */
const headsOf = (section: Json): string[] =>
  (section.items as Json[]).filter((i) => i.type === 'Container').map((c) => c.items[0].text as string);
const moreOf = (section: Json): string | undefined =>
  (section.items as Json[]).find((i) => typeof i.text === 'string' && i.text.startsWith('…and'))?.text;

const TODAY = '2026-11-20';
const WEEK = '2026-W47';
const PLAN = { planId: 'lga-cpc-action-plan-2023', planName: 'LGA CPC Action Plan 2023' };
const THEMES = [
  'Governance and decision making',
  'Financial sustainability',
  'Capacity for improvement',
  'Elections',
  'Property and assets',
  'Procurement and contract management',
  'HR and workforce',
  'Partnerships',
  'Housing',
  "Children's services",
  'Adult social care',
  'Planning',
  'Highways',
  'Waste and recycling',
  'Climate and net zero',
  'Digital and ICT',
  'Customer services',
  'Communications',
  'Performance management',
  'Risk and audit',
  'Equalities',
  'Community safety',
  'Economic development',
  'Culture and leisure',
  'Legal and democratic services',
].map((t, i) => `Theme ${i + 1}: ${t}`);
const OWNERS = [
  PEOPLE.amira.email,
  PEOPLE.ben.email,
  PEOPLE.carys.email,
  ...Array.from({ length: 37 }, (_, i) => `officer.${String(i + 1).padStart(2, '0')}@example.org`),
];

const SENTENCES = [
  'Draft report considered at Corporate Management Team on 12 November; comments from Finance and Legal are being incorporated before it goes to Cabinet.',
  "Two of the four directorates have returned their data; the remaining returns were chased at the Directors' meeting and are expected by the end of the month.",
  'Procurement route agreed with the Head of Commercial; the tender documents are with the supplier framework for a compliance check.',
  'Member briefing held with the Portfolio Holder, who asked for the equality impact assessment to be refreshed before any public consultation.',
];
/** ~300 characters of realistic commentary. */
const narrativeFor = (i: number) => `${SENTENCES[i % 4]} ${SENTENCES[(i + 1) % 4]}`.slice(0, 300);

/**
 * The 500-action plan, worked out by index (today is Fri 20 Nov 2026):
 *   0-19    In progress, Red, overdue (due 1..20 days ago)                          20 red, 20 overdue
 *   20-39   In progress, Amber, due in 30+ days; 20-34 propose a revised date          20 amber, 15 requests
 *   40-79   In progress, Green, overdue (due 1..40 days ago)                          40 green, 40 overdue
 *   80-279  In progress, Green, due in 60+ days; 100-102 flagged "not mine" by owner 200 green, 3 flagged
 *   280-379 Complete (due in the past, never overdue)                                  100 complete
 *   380-449 Not started, no RAG, due in 60+ days                                        70 no RAG
 *   450-469 Not started, no RAG, due within 14 days                                     20 no RAG, 20 due soon
 *   470-499 Deferred                                                                     30 deferred
 * Totals: 500; complete 100; green 240; amber 20; red 20; no RAG 90; deferred 30; overdue 60; due soon 20.
 * Complete or on target = (100 + 240) / 500 = 68%.
 * A week before: 280-289 were In progress Green (10 completed this week) and 80-92 were Amber (13):
 *   complete 90, green 240 + 10 - 13 = 237 -> 327 / 500 = 65.4%. Change: up 2.6 points.
 */
function actionFor(i: number): Action {
  const base = {
    ...PLAN,
    ref: `R${Math.floor(i / 20) + 1}.${(i % 20) + 1}`,
    theme: THEMES[i % 25],
    ownerEmail: OWNERS[i % OWNERS.length],
    narrative: narrativeFor(i),
    revision: 3,
  };
  const title = `Deliver improvement ${i + 1}: ${THEMES[i % 25].split(': ')[1].toLowerCase()} actions agreed by the board in the peer challenge response.`;
  const o = (status: Status, rag: Rag | undefined, dueDate: string, extra: Partial<Action> = {}) =>
    anAction({ ...base, title, status, rag, dueDate, ...extra });
  if (i < 20) return o('In progress', 'Red', addDays(TODAY, -(i + 1)));
  if (i < 40)
    return o(
      'In progress',
      'Amber',
      addDays(TODAY, 30 + i),
      i < 35
        ? {
            revisedDate: {
              date: addDays(TODAY, 120),
              reason: 'Cabinet meeting moved to the new year; the consultation needs eight weeks.',
              state: 'proposed',
              proposedAt: '2026-11-16T10:00:00.000Z',
              proposedBy: base.ownerEmail,
            },
          }
        : {},
    );
  if (i < 80) return o('In progress', 'Green', addDays(TODAY, -(i - 39)));
  if (i < 280)
    return o(
      'In progress',
      'Green',
      addDays(TODAY, 60 + (i % 90)),
      i >= 100 && i <= 102 ? { notMine: { by: base.ownerEmail, at: '2026-11-17T09:00:00.000Z' } } : {},
    );
  if (i < 380) return o('Complete', undefined, addDays(TODAY, -(i - 250)));
  if (i < 450) return o('Not started', undefined, addDays(TODAY, 60 + (i % 90)), { narrative: undefined });
  if (i < 470) return o('Not started', undefined, addDays(TODAY, Math.min(i - 450, 14)), { narrative: undefined });
  return o('Deferred', undefined, addDays(TODAY, -(i - 400)));
}

const big = (): Action[] => Array.from({ length: 500 }, (_, i) => actionFor(i));
const bigWeekBefore = (): Action[] =>
  big().map((a, i) =>
    i >= 280 && i < 290
      ? { ...a, status: 'In progress' as const, rag: 'Green' as const }
      : i >= 80 && i < 93
        ? { ...a, rag: 'Amber' as const }
        : a,
  );

const NONRESPONDERS = OWNERS.slice(3, 15).map((email, i) => ({
  email,
  detail: `${i + 1} of ${i + 2} unanswered since 2026-11-16${i % 3 === 0 ? ' (nudged)' : ''}`,
}));

function bigDigest(overrides: Partial<DigestInput> = {}): Digest {
  const now = big();
  const before = bigWeekBefore();
  return buildDigest({
    week: WEEK,
    asOf: '2026-11-20T12:00:00.000Z',
    today: TODAY,
    scope: PLAN.planName,
    now,
    weekBefore: before,
    trend: ['2026-W40', '2026-W41', '2026-W42', '2026-W43', '2026-W44', '2026-W45', '2026-W46', '2026-W47'].map(
      (week, i) => ({ week, actions: i < 7 ? before : now }),
    ),
    nonresponders: NONRESPONDERS,
    unreachable: [
      { email: 'officer.30@example.org', detail: 'has not installed the bot in Teams' },
      { email: 'officer.31@example.org', detail: 'left the council' },
    ],
    ...overrides,
  });
}

describe('the digest card for a 500-action plan', () => {
  let d: Digest;
  let chart: string;
  let card: Json;
  let json: string;
  beforeAll(async () => {
    d = bigDigest();
    chart = pngDataUri(await trendPng(d));
    card = digestCard(d, chart);
    json = JSON.stringify(card);
  }, 60_000);

  test('fits in a Teams message: under 80 KB as Teams counts it (UTF-16, the inline chart excluded)', () => {
    const bytes = teamsMessageBytes(card);
    console.log(
      `digest card, 500 actions: ${bytes} bytes as Teams counts them (${(bytes / 1024).toFixed(1)} KB); UTF-8 with the chart ${Buffer.byteLength(json, 'utf8')} bytes; chart data URI ${chart.length} bytes`,
    );
    expect(bytes).toBeLessThan(TEAMS_MESSAGE_BUDGET_BYTES);
  });

  test('still fits when every Red and Amber narrative is as long as owners may write (NARRATIVE_MAX)', () => {
    const long = (i: number) => `${narrativeFor(i)} `.repeat(8).slice(0, NARRATIVE_MAX);
    const d2 = bigDigest({
      now: big().map((a, i) => (a.rag === 'Red' || a.rag === 'Amber' ? { ...a, narrative: long(i) } : a)),
    });
    expect(d2.exceptions[0].narrative).toHaveLength(NARRATIVE_MAX);
    const bytes = teamsMessageBytes(digestCard(d2, chart));
    console.log(
      `digest card, 500 actions, ${NARRATIVE_MAX}-character Red/Amber narratives: ${bytes} bytes as Teams counts them (${(bytes / 1024).toFixed(1)} KB)`,
    );
    expect(bytes).toBeLessThan(TEAMS_MESSAGE_BUDGET_BYTES);
  });

  test('every template field is filled: no "${" left on the card', () => {
    expect(json).not.toContain('${');
    expect(json).not.toContain('$data');
    expect(json).not.toContain('$when');
  });

  test('the headline gives the percentage and the direction of travel in words', () => {
    expect(textOf(card)).toContain('68% complete or on target (↑ up 2.6 points on last week)');
  });

  test("the figures are the plan's counts", () => {
    const facts = Object.fromEntries(
      nodes(card)
        .filter((o) => o.type === 'FactSet')
        .flatMap((f) => f.facts as Json[])
        .map((f) => [f.title, f.value]),
    );
    expect(facts).toMatchObject({
      Actions: '500',
      '✓ Complete': '100',
      [RAG_LABEL.Green]: '240',
      [RAG_LABEL.Amber]: '20',
      [RAG_LABEL.Red]: '20',
      'Open, no RAG yet': '90',
      Deferred: '30',
      Overdue: '60',
      'Due in the next 14 days': '20',
    });
  });

  test('the chart is on the card, with alternative text', () => {
    const img = nodes(card).find((o) => o.type === 'Image');
    expect(img?.url).toBe(chart);
    expect(img?.url).toMatch(/^data:image\/png;base64,/);
    expect(img?.altText).toMatch(/68%/);
  });

  test('each list shows 8 lines and says how many more there are', () => {
    expect(CARD_LIST_CAP).toBe(8);
    const cases: [string, number][] = [
      ['Exceptions: Red and Amber (40)', 32],
      ['Overdue (60)', 52],
      ['Due in the next 14 days (20)', 12],
      ['Closed this week (10)', 2],
      ['Revised dates awaiting a decision (15)', 7],
      ['Owners who have not replied (12)', 4],
    ];
    for (const [heading, more] of cases) {
      const s = sectionOf(card, heading);
      expect(s.items[0].text).toBe(heading);
      expect(headsOf(s)).toHaveLength(8);
      expect(moreOf(s)).toBe(`…and ${more} more (see the CSV or HTML export)`);
    }
  });

  test('short lists have no "more" line', () => {
    const flagged = sectionOf(card, 'Flagged "not my action" (3)');
    expect(headsOf(flagged)).toHaveLength(3);
    expect(moreOf(flagged)).toBeUndefined();
    const themes = sectionOf(card, 'By theme (25)');
    expect(headsOf(themes)).toHaveLength(25);
    expect(moreOf(themes)).toBeUndefined();
  });

  test("exceptions: Red first, RAG as a word and a symbol, with the owner's narrative", () => {
    const s = sectionOf(card, 'Exceptions');
    const heads = headsOf(s);
    // The 8 Reds due longest ago: indices 19, 18, ... 12, i.e. R1.20 .. R1.13.
    expect(heads.map((h) => h.split(': ')[0])).toEqual(
      ['R1.20', 'R1.19', 'R1.18', 'R1.17', 'R1.16', 'R1.15', 'R1.14', 'R1.13'].map((r) => `${RAG_LABEL.Red} · ${r}`),
    );
    expect(heads[0]).toContain('■ Red (off track)');
    const first = (s.items as Json[]).filter((i) => i.type === 'Container')[0].items as Json[];
    expect(first[1].text).toContain('overdue by 20 days');
    expect(first[2].text).toBe(inert(narrativeFor(19)));
  });

  test('an Amber list line reads "▲ Amber (at risk)"', () => {
    const d2 = bigDigest({ now: big().filter((a) => a.rag !== 'Red') });
    const heads = headsOf(sectionOf(digestCard(d2), 'Exceptions'));
    expect(heads[0].startsWith('▲ Amber (at risk) · ')).toBe(true);
  });

  test('a fall is shown as down, in words', () => {
    // Swap the weeks: 65.4% now against 68% a week before.
    const d2 = bigDigest({ now: bigWeekBefore(), weekBefore: big() });
    expect(textOf(digestCard(d2))).toContain('65.4% complete or on target (↓ down 2.6 points on last week)');
  });

  test('no change and no earlier week are said in words', () => {
    expect(textOf(digestCard(bigDigest({ weekBefore: big() })))).toContain(
      '68% complete or on target (→ no change on last week)',
    );
    expect(textOf(digestCard(bigDigest({ weekBefore: undefined })))).toContain(
      '68% complete or on target (no earlier week to compare)',
    );
  });

  test('the Adaptive Cards renderer Teams uses reads the card without errors', () => {
    const ctx = new ACRuntime.SerializationContext();
    const parsed = new ACRuntime.AdaptiveCard();
    parsed.parse(card, ctx);
    const events = Array.from({ length: ctx.eventCount }, (_, i) => ctx.getEventAt(i).message);
    expect(events).toEqual([]);
    expect(parsed.getItemCount()).toBe((card.body as Json[]).length);
    expect(parsed.validateProperties().validationEvents.map((e) => e.message)).toEqual([]);
  });
});

describe('one section on its own ("exceptions")', () => {
  test('renders only the exceptions, without the chart', async () => {
    const d = bigDigest();
    const chart = pngDataUri(await trendPng(d));
    const card = digestCard(d, chart, 'exceptions');
    const secs = sections(card);
    expect(secs.map((s) => s.items[0].text)).toEqual(['Exceptions: Red and Amber (40)']);
    expect(textOf(card)).toContain('Exceptions · week 2026-W47');
    expect(nodes(card).some((o) => o.type === 'Image')).toBe(false);
    expect(textOf(card)).not.toMatch(/Overdue \(60\)|By theme|Due in the next 14 days \(/);
    expect(moreOf(secs[0])).toBe('…and 32 more (see the CSV or HTML export)');
  }, 60_000);

  test('"themes" on its own lists every theme', () => {
    const card = digestCard(bigDigest(), undefined, 'themes');
    const s = sectionOf(card, 'By theme (25)');
    expect(headsOf(s)).toHaveLength(25);
    expect(sections(card)).toHaveLength(1);
  });
});

describe('Markdown in user text cannot make links or images on the card', () => {
  const LINK = '[Click to re-authenticate](https://evil.example/login)';
  const IMAGE = '![tracker](https://evil.example/pixel.png)';
  const card = digestCard(
    buildDigest({
      week: WEEK,
      asOf: '2026-11-20T12:00:00.000Z',
      today: TODAY,
      scope: PLAN.planName,
      now: [
        anAction({
          ref: 'R6.2',
          rag: 'Red',
          dueDate: '2026-11-10',
          title: `Partnership framework ${IMAGE}`,
          narrative: `Blocked. ${LINK}`,
        }),
        anAction({
          ref: 'R4.2',
          rag: 'Amber',
          dueDate: '2027-01-10',
          theme: `Recommendation 4 [see](https://evil.example/t)`,
          revisedDate: {
            date: '2027-03-31',
            reason: `Delayed ${LINK}`,
            state: 'proposed',
            proposedAt: '2026-11-16T10:00:00.000Z',
            proposedBy: PEOPLE.amira.email,
          },
        }),
      ],
      weekBefore: [],
      trend: [],
      nonresponders: [],
      unreachable: [],
    }),
  );

  test('no Markdown link or image syntax survives in narrative, title, theme or reason', () => {
    for (const t of texts(card)) {
      expect(t).not.toMatch(/\]\(/);
      expect(t).not.toMatch(/!\[/);
    }
  });

  test('the words themselves are still there', () => {
    const all = textOf(card);
    expect(all).toContain('Click to re-authenticate');
    expect(all).toContain('tracker');
    expect(all).toContain('Reason: Delayed');
  });

  test('inert() on its own', () => {
    expect(inert(LINK)).not.toMatch(/\]\(/);
    expect(inert(IMAGE)).not.toMatch(/!\[|\]\(/);
  });
});

describe('the "as at" date is the board\'s (London) date', () => {
  test('a digest asked for at 00:30 on a summer Monday in London is "as at" that Monday', () => {
    // 2026-06-01 00:30 BST is 2026-05-31 23:30 UTC.
    const d = buildDigest({
      week: '2026-W23',
      asOf: '2026-05-31T23:30:00.000Z',
      today: '2026-06-01',
      scope: PLAN.planName,
      now: [anAction()],
      weekBefore: [],
      trend: [],
      nonresponders: [],
      unreachable: [],
    });
    const scope = texts(digestCard(d)).find((t) => t.includes('as at'));
    expect(scope).toBe(`${PLAN.planName} · as at Mon, 1 Jun 2026`);
  });
});
