import { htmlReport } from '../../bot/digest/htmlReport';
import { buildDigest, type Digest } from '../../bot/domain/digest';
import type { Action } from '../../bot/domain/types';
import { PEOPLE, anAction } from '../support/fixtures';

const TODAY = '2026-11-20';
const SCRIPT = '<script>alert(1)</script>';
const ATTR = 'Fix the "onmouseover=alert(2) x=" portal';

/**
 * Five actions: R6.2 Red (overdue 21 days), R4.2 Amber with a hostile title and narrative, R3.1 Green,
 * R2.1 Complete, HR1.1 Not started. Complete or on target = (1 + 1) / 5 = 40%.
 * A week before: R2.1 was In progress Green, R4.2 Green: (0 + 3) / 5 = 60%. Change: down 20 points.
 */
const now = (): Action[] => [
  anAction({
    ref: 'R6.2',
    rag: 'Red',
    dueDate: '2026-10-30',
    narrative: 'Partners have not yet agreed terms of reference.',
  }),
  anAction({
    ref: 'R4.2',
    rag: 'Amber',
    dueDate: '2026-12-18',
    title: ATTR,
    narrative: `Legal capacity is stretched ${SCRIPT}`,
  }),
  anAction({ ref: 'R3.1', rag: 'Green', dueDate: '2027-01-29' }),
  anAction({ ref: 'R2.1', status: 'Complete', rag: undefined, dueDate: '2026-07-31' }),
  anAction({
    ref: 'HR1.1',
    planName: 'HR Improvement Plan',
    planId: 'hr-improvement-plan',
    theme: 'Phase 1 <b>stabilise</b>',
    status: 'Not started',
    rag: undefined,
    dueDate: '2026-11-27',
    ownerEmail: PEOPLE.ben.email,
  }),
];
const before = (): Action[] =>
  now().map((a) =>
    a.ref === 'R2.1'
      ? { ...a, status: 'In progress' as const, rag: 'Green' as const }
      : a.ref === 'R4.2'
        ? { ...a, rag: 'Green' as const }
        : a,
  );

const digest = (): Digest =>
  buildDigest({
    week: '2026-W47',
    asOf: '2026-11-20T12:00:00.000Z',
    today: TODAY,
    scope: 'LGA CPC Action Plan 2023 & "HR"',
    now: now(),
    weekBefore: before(),
    trend: [],
    nonresponders: [{ email: PEOPLE.ben.email, detail: '1 of 1 unanswered since 2026-11-16 <i>nudged</i>' }],
    unreachable: [],
  });

/** The text of an HTML section: from its heading to the next. */
const sectionOf = (html: string, heading: string): string => {
  const start = html.indexOf(`<h2>${heading}`);
  if (start < 0) throw new Error(`no section ${heading}`);
  const next = html.indexOf('<h2>', start + 4);
  return html.slice(start, next < 0 ? undefined : next);
};

describe('the printable board report', () => {
  const html = htmlReport(digest());

  test('user text is escaped everywhere: no script tag, no attribute break-out', () => {
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('"onmouseover=');
    expect(html).toContain('Fix the &quot;onmouseover=alert(2) x=&quot; portal');
    expect(html).not.toContain('<b>stabilise</b>');
    expect(html).not.toContain('<i>nudged</i>');
    expect(html).toContain('LGA CPC Action Plan 2023 &amp; &quot;HR&quot;');
  });

  test('the headline gives the percentage and the direction in words', () => {
    expect(html).toMatch(/40% complete or on target \(↓ 20 points on last week\)/);
  });

  test('exceptions list the Red and Amber actions, Red first, with their narratives', () => {
    const ex = sectionOf(html, 'Exceptions');
    expect(ex).toContain('(2)');
    expect(ex).toContain('Partners have not yet agreed terms of reference.');
    expect(ex).toContain('Legal capacity is stretched');
    expect(ex.indexOf('R6.2')).toBeGreaterThan(-1);
    expect(ex.indexOf('R6.2')).toBeLessThan(ex.indexOf('R4.2'));
    expect(ex).not.toContain('R3.1');
    expect(ex).not.toContain('R2.1');
  });

  test('RAG is a word and a symbol, not colour alone', () => {
    const ex = sectionOf(html, 'Exceptions');
    expect(ex).toContain('■ Red (off track)');
    expect(ex).toContain('▲ Amber (at risk)');
  });

  test('overdue shows how late, and due soon lists what is coming', () => {
    const overdue = sectionOf(html, 'Overdue');
    expect(overdue).toContain('R6.2');
    expect(overdue).toContain('overdue by 21 days');
    expect(sectionOf(html, 'Due in the next 14 days')).toContain('HR1.1');
  });

  test('figures by status and RAG, and newly completed work', () => {
    expect(html).toMatch(/<td>Actions<\/td><td>5<\/td>/);
    expect(html).toMatch(/<td>✓ Complete<\/td><td>1<\/td>/);
    expect(html).toMatch(/<td>● Green \(on track\)<\/td><td>1<\/td>/);
    expect(sectionOf(html, 'Closed this week')).toContain('R2.1');
  });

  test('owners who have not replied are listed', () => {
    expect(sectionOf(html, 'Owners who have not replied')).toContain(PEOPLE.ben.email);
  });

  test('the chart appears only when one is given', () => {
    expect(html).not.toContain('<img');
    const uri = 'data:image/png;base64,iVBORw0KGgo=';
    const withChart = htmlReport(digest(), uri);
    expect(withChart).toContain(`<img src="${uri}"`);
    expect(withChart).toMatch(/<img [^>]*alt="[^"]+"/);
  });

  test('a chart address cannot break out of the img tag', () => {
    const out = htmlReport(digest(), 'https://example.org/c.png" onerror="alert(3)');
    expect(out).not.toContain('" onerror="');
  });
});

test('the "as at" date is the London date, also just after midnight in summer', () => {
  // 2026-06-01 00:30 BST is 2026-05-31 23:30 UTC.
  const d = buildDigest({
    week: '2026-W23',
    asOf: '2026-05-31T23:30:00.000Z',
    today: '2026-06-01',
    scope: 'LGA CPC Action Plan 2023',
    now: now(),
    weekBefore: [],
    trend: [],
    nonresponders: [],
    unreachable: [],
  });
  expect(htmlReport(d)).toContain('LGA CPC Action Plan 2023 · as at Mon, 1 Jun 2026');
});
