import { LINK_LIFETIME_MS, exportLink, verifyExportLink } from '../../bot/digest/exportLinks';

const SECRET = 'd2b7c0a6f1e84f3a9c5b7e1d0a2f4c6e';
const BASE = 'https://board-chaser.example.org/';
const ISSUED = new Date('2026-11-20T12:00:00.000Z');
const MINUTE = 60_000;
const Q = { plan: 'HR Improvement Plan', theme: 'Phase 1: Analyse & stabilise', week: '2026-W47' };

/** What the server sees: the link's path and its query string as a plain object. */
const open = (link: string) => {
  const url = new URL(link);
  return {
    url,
    kind: /\/exports\/board\.(\w+)$/.exec(url.pathname)?.[1] ?? '',
    raw: Object.fromEntries(url.searchParams) as Record<string, string>,
  };
};

describe('signed export links', () => {
  test('a link made by the bot opens, and gives back the same plan, theme and week', () => {
    const { url, kind, raw } = open(exportLink(BASE, SECRET, 'csv', Q, ISSUED));
    expect(url.origin).toBe('https://board-chaser.example.org');
    expect(url.pathname).toBe('/exports/board.csv');
    expect(kind).toBe('csv');
    expect(verifyExportLink(SECRET, kind, raw, new Date(ISSUED.getTime() + 10 * MINUTE))).toEqual({
      ok: true,
      query: Q,
    });
  });

  test('an HTML link for the whole board (no plan, theme or week) opens too', () => {
    const { kind, raw } = open(exportLink(BASE, SECRET, 'html', {}, ISSUED));
    expect(kind).toBe('html');
    const v = verifyExportLink(SECRET, kind, raw, ISSUED);
    expect(v.ok).toBe(true);
    if (v.ok) expect([v.query.plan, v.query.theme, v.query.week]).toEqual([undefined, undefined, undefined]);
  });

  test('works for an hour, then is refused with 403', () => {
    const { kind, raw } = open(exportLink(BASE, SECRET, 'csv', Q, ISSUED));
    expect(LINK_LIFETIME_MS).toBe(60 * MINUTE);
    expect(verifyExportLink(SECRET, kind, raw, new Date(ISSUED.getTime() + 59 * MINUTE)).ok).toBe(true);
    const late = verifyExportLink(SECRET, kind, raw, new Date(ISSUED.getTime() + 61 * MINUTE));
    expect(late).toMatchObject({ ok: false, status: 403 });
    if (!late.ok) expect(late.reason).toMatch(/expired/);
  });

  test('a link with a long expiry, even signed with the right key, works for an hour at most', () => {
    // As if the key had leaked: a link signed by hand to last ten years.
    const tenYears = new Date(ISSUED.getTime() + 10 * 365 * 24 * 60 * MINUTE - LINK_LIFETIME_MS);
    const { kind, raw } = open(exportLink(BASE, SECRET, 'csv', Q, tenYears));
    expect(verifyExportLink(SECRET, kind, raw, ISSUED)).toMatchObject({ ok: false, status: 403 });
    const twoHours = open(exportLink(BASE, SECRET, 'csv', Q, new Date(ISSUED.getTime() + 60 * MINUTE)));
    expect(verifyExportLink(SECRET, twoHours.kind, twoHours.raw, ISSUED)).toMatchObject({ ok: false, status: 403 });
  });

  test('a changed plan, theme or week is refused with 403', () => {
    const { kind, raw } = open(exportLink(BASE, SECRET, 'csv', Q, ISSUED));
    for (const change of [
      { plan: 'Procurement Improvement Plan' },
      { theme: 'Phase 2: Implement priority solutions' },
      { week: '2026-W40' },
    ]) {
      expect(verifyExportLink(SECRET, kind, { ...raw, ...change }, ISSUED)).toMatchObject({ ok: false, status: 403 });
    }
  });

  test('dropping the plan from a plan link (to see every plan) is refused with 403', () => {
    const { kind, raw } = open(exportLink(BASE, SECRET, 'csv', Q, ISSUED));
    const { plan: _plan, ...rest } = raw;
    expect(verifyExportLink(SECRET, kind, rest, ISSUED)).toMatchObject({ ok: false, status: 403 });
  });

  test('a later expiry written into the link is refused with 403', () => {
    const { kind, raw } = open(exportLink(BASE, SECRET, 'csv', Q, ISSUED));
    expect(
      verifyExportLink(SECRET, kind, { ...raw, expires: String(Number(raw.expires) + 24 * 60 * MINUTE) }, ISSUED),
    ).toMatchObject({ ok: false, status: 403 });
  });

  test('a tampered signature is refused with 403', () => {
    const { kind, raw } = open(exportLink(BASE, SECRET, 'csv', Q, ISSUED));
    const sig = raw.sig;
    const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    expect(verifyExportLink(SECRET, kind, { ...raw, sig: flipped }, ISSUED)).toMatchObject({ ok: false, status: 403 });
    expect(verifyExportLink(SECRET, kind, { ...raw, sig: sig.slice(0, -1) }, ISSUED)).toMatchObject({
      ok: false,
      status: 403,
    });
  });

  test('a link signed with another secret is refused with 403', () => {
    const { kind, raw } = open(exportLink(BASE, 'another-deployment-secret-0000000', 'csv', Q, ISSUED));
    expect(verifyExportLink(SECRET, kind, raw, ISSUED)).toMatchObject({ ok: false, status: 403 });
  });

  test('a CSV link does not open the HTML report', () => {
    const { raw } = open(exportLink(BASE, SECRET, 'csv', Q, ISSUED));
    expect(verifyExportLink(SECRET, 'html', raw, ISSUED)).toMatchObject({ ok: false, status: 403 });
  });

  test('a malformed query is refused with 400', () => {
    const { kind, raw } = open(exportLink(BASE, SECRET, 'csv', Q, ISSUED));
    expect(verifyExportLink(SECRET, kind, {}, ISSUED)).toMatchObject({ ok: false, status: 400 });
    expect(verifyExportLink(SECRET, kind, { ...raw, expires: 'tomorrow' }, ISSUED)).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(verifyExportLink(SECRET, kind, { ...raw, week: 'last week' }, ISSUED)).toMatchObject({
      ok: false,
      status: 400,
    });
    const { sig: _sig, ...noSig } = raw;
    expect(verifyExportLink(SECRET, kind, noSig, ISSUED)).toMatchObject({ ok: false, status: 400 });
  });

  test('an unknown kind of export is refused with 400', () => {
    const { raw } = open(exportLink(BASE, SECRET, 'csv', Q, ISSUED));
    expect(verifyExportLink(SECRET, 'pdf', raw, ISSUED)).toMatchObject({ ok: false, status: 400 });
    expect(verifyExportLink(SECRET, '', raw, ISSUED)).toMatchObject({ ok: false, status: 400 });
  });
});
