import http from 'node:http';
import { PEOPLE, TENANT } from '../support/fixtures';
import { type TabApp, as, startTabApp } from './support/tabApp';

/** The data endpoints in local mode (no credentials): filters, sorting, history, and who sees what. */
describe("the tab's data in local mode", () => {
  let t: TabApp;
  beforeAll(async () => {
    t = await startTabApp();
    await t.meet(PEOPLE.amira, PEOPLE.ben);
  });
  afterAll(() => t.stop());

  const refs = (body: { rows: { ref: string }[] }) => body.rows.map((r) => r.ref);
  const sam = as(PEOPLE.sam.email);

  test("without ?as= the page is the first SECRETARIAT entry's; ?as= and x-board-as name someone else", async () => {
    expect((await t.get('/api/tab/me')).body).toMatchObject({
      mode: 'local',
      user: { email: PEOPLE.sam.email },
      secretariat: true,
      canReadRegister: true,
    });
    expect((await t.get(`/api/tab/me?as=${encodeURIComponent(PEOPLE.ben.email)}`)).body).toMatchObject({
      user: { email: PEOPLE.ben.email, name: PEOPLE.ben.name },
      secretariat: false,
      canReadRegister: true,
      openActions: 2,
    });
    expect((await t.get('/api/tab/me', as(PEOPLE.amira.aadObjectId))).body).toMatchObject({
      user: { email: PEOPLE.amira.email },
    });
    expect((await t.get('/api/tab/me', as('not an email <script>'))).status).toBe(401);
  });

  test('only this computer: a request forwarded by a proxy or tunnel, or for another host name, is refused', async () => {
    for (const headers of [
      { 'x-forwarded-for': '203.0.113.9' },
      { forwarded: 'for=203.0.113.9' },
      { 'x-forwarded-host': 'board.example.org' },
    ] as Record<string, string>[]) {
      const r = await t.get('/api/tab/register', { ...sam, ...headers });
      expect({ headers, status: r.status }).toEqual({ headers, status: 403 });
    }
    // A DNS-rebinding page reaches 127.0.0.1 under its own host name.
    // (fetch will not send another Host header, so node:http does.)
    const status = (host: string) =>
      new Promise<number | undefined>((resolve, reject) => {
        const u = new URL(`${t.app.url}/api/tab/register`);
        http
          .get(
            { hostname: u.hostname, port: u.port, path: u.pathname, headers: { host } },
            (res) => (res.resume(), resolve(res.statusCode)),
          )
          .on('error', reject);
      });
    expect(await status('evil.example.com')).toBe(403);
    expect(await status(`localhost:${new URL(t.app.url).port}`)).toBe(200);
  });

  test('filters: plan, theme, owner, status, RAG (and none yet), overdue; combined; sorted by due date by default', async () => {
    const get = async (q: string) => (await t.get(`/api/tab/register${q}`, sam)).body;
    expect(refs(await get(''))).toEqual(['R2.1', 'R6.2', 'PR1.4', 'R4.2', 'HR1.2', 'HR2.1']);
    expect((await get('')).total).toBe(6);
    expect(refs(await get('?plan=hr-improvement-plan'))).toEqual(['HR1.2', 'HR2.1']);
    expect(refs(await get(`?theme=${encodeURIComponent('Phase 1: Stabilise operations')}`))).toEqual(['PR1.4']);
    expect(refs(await get(`?owner=${encodeURIComponent(PEOPLE.amira.email)}`))).toEqual(['R2.1', 'R6.2', 'R4.2']);
    expect(refs(await get('?status=Not%20started'))).toEqual(['HR2.1']);
    expect(refs(await get('?rag=Amber'))).toEqual(['HR1.2']);
    expect(refs(await get('?rag=none'))).toEqual(['HR2.1']);
    expect(refs(await get('?overdue=yes'))).toEqual(['R6.2']);
    expect(refs(await get(`?overdue=no&owner=${encodeURIComponent(PEOPLE.amira.email)}`))).toEqual(['R2.1', 'R4.2']);
    expect((await get('?plan=hr-improvement-plan&rag=Red')).rows).toEqual([]);
  });

  test('sorting: by RAG worst first, by due date either way, by reference', async () => {
    const get = async (q: string) => refs((await t.get(`/api/tab/register${q}`, sam)).body);
    expect(await get('?sort=rag')).toEqual(['R6.2', 'HR1.2', 'PR1.4', 'R4.2', 'HR2.1', 'R2.1']);
    expect(await get('?sort=due&dir=desc')).toEqual(['HR2.1', 'HR1.2', 'R4.2', 'PR1.4', 'R6.2', 'R2.1']);
    expect(await get('?sort=ref')).toEqual(['HR1.2', 'HR2.1', 'R2.1', 'R4.2', 'R6.2', 'PR1.4']);
  });

  test('a row carries what the table shows: owner name, the state in words, overdue days', async () => {
    const row = (await t.get('/api/tab/register?overdue=yes', sam)).body.rows[0];
    expect(row).toMatchObject({
      ref: 'R6.2',
      ownerName: PEOPLE.amira.name,
      status: 'In progress',
      rag: 'Red',
      state: '■ Red (off track) · In progress',
      overdue: true,
      daysOverdue: 24,
      dueBy: '2026-10-30',
    });
  });

  test('bad filters are refused with 400 and the reason, not ignored', async () => {
    for (const q of ['?rag=Purple', '?status=Done', '?overdue=maybe', '?sort=owner', '?dir=up']) {
      const r = await t.get(`/api/tab/register${q}`, sam);
      expect({ q, status: r.status, code: r.body.code }).toEqual({ q, status: 400, code: 'invalid_submit' });
    }
  });

  test("the summary: the digest card's own figures and headline, the chart as a PNG, the facets for the filters", async () => {
    const s = (await t.get('/api/tab/summary', sam)).body;
    expect(s.week).toBe('2026-W48');
    expect(s.headline).toMatch(/^50% complete or on target/);
    expect(s.figures.slice(0, 5)).toEqual([
      { title: 'Actions', value: '6' },
      { title: '✓ Complete', value: '1' },
      { title: '● Green (on track)', value: '2' },
      { title: '▲ Amber (at risk)', value: '1' },
      { title: '■ Red (off track)', value: '1' },
    ]);
    expect(s.chart).toMatch(/^data:image\/png;base64,/);
    expect(s.chartAlt).toMatch(/^Stacked bars/);
    expect(s.facets.plans.map((p: { id: string }) => p.id)).toEqual([
      'hr-improvement-plan',
      'lga-cpc-action-plan-2023',
      'procurement-improvement-plan',
    ]);
    expect(s.facets.owners.map((o: { email: string }) => o.email)).toEqual(
      expect.arrayContaining([PEOPLE.amira.email, PEOPLE.ben.email, PEOPLE.carys.email]),
    );
    expect(s.exports.csv).toContain('/exports/board.csv?');
  });

  test("an action's history: every recorded answer, newest first, with who, status, RAG, comment and date changes", async () => {
    // Amira answers on her chase card (the same store the tab reads): Amber, with a comment and a proposed date.
    const key = { planId: 'lga-cpc-action-plan-2023', ref: 'R6.2' };
    t.now.value = new Date('2026-11-23T10:30:00Z'); // an hour and a half after the import
    const r = await t.post(
      `/api/tab/my-actions/${key.planId}/${key.ref}`,
      {
        rev: 1,
        status: 'In progress',
        rag: 'Amber',
        narrative: 'Terms of reference agreed by three of four partners.',
        proposedDate: '2027-01-29',
        proposedReason: 'The fourth partner meets in January.',
      },
      as(PEOPLE.amira.email),
    );
    expect(r.status).toBe(200);
    const h = await t.get(`/api/tab/actions/${key.planId}/${key.ref}`, sam);
    expect(h.status).toBe(200);
    expect(h.body.action).toMatchObject({
      ref: 'R6.2',
      rag: 'Amber',
      revisedDate: '2027-01-29',
      revisedState: 'proposed',
    });
    expect(h.body.timeline).toHaveLength(2);
    const [answer, imported] = h.body.timeline;
    expect(answer).toMatchObject({
      label: 'Update',
      byEmail: PEOPLE.amira.email,
      byName: PEOPLE.amira.name,
      status: 'In progress',
      rag: 'Amber',
      narrative: 'Terms of reference agreed by three of four partners.',
    });
    expect(answer.changes).toEqual([
      'Proposed a revised due date of Fri, 29 Jan 2027: The fourth partner meets in January.',
      'RAG changed from ■ Red (off track) to ▲ Amber (at risk)',
    ]);
    expect(imported).toMatchObject({
      label: 'Imported from the plan file',
      rag: 'Red',
      changes: ['Due Fri, 30 Oct 2026'],
    });
    expect((await t.get('/api/tab/actions/lga-cpc-action-plan-2023/R99.9', sam)).status).toBe(404);
  });

  test('references with spaces and dots reach the right action', async () => {
    const r = await t.get(
      `/api/tab/actions/${encodeURIComponent('hr-improvement-plan')}/${encodeURIComponent('HR1.2')}`,
      sam,
    );
    expect(r.body.action.ref).toBe('HR1.2');
  });

  test('an owner the bot never met in Teams (not a board member) gets My actions and their own history, not the register', async () => {
    const carys = as(PEOPLE.carys.email);
    expect((await t.get('/api/tab/me', carys)).body).toMatchObject({ canReadRegister: false, openActions: 1 });
    for (const path of [
      '/api/tab/summary',
      '/api/tab/register',
      '/api/tab/actions/lga-cpc-action-plan-2023/R6.2',
      '/api/tab/actions/lga-cpc-action-plan-2023/R404',
    ]) {
      expect({ path, status: (await t.get(path, carys)).status }).toEqual({ path, status: 403 });
    }
    expect((await t.get('/api/tab/my-actions', carys)).body.actions.map((a: { ref: string }) => a.ref)).toEqual([
      'PR1.4',
    ]);
    expect((await t.get('/api/tab/actions/procurement-improvement-plan/PR1.4', carys)).status).toBe(200);
  });

  test('responses are never cached', async () => {
    const r = await fetch(`${t.app.url}/api/tab/register`);
    expect(r.headers.get('cache-control')).toBe('no-store');
    void TENANT;
  });
});
