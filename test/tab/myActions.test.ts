import { loadCurrentAsks } from '../../bot/jobs/currentAsks';
import { type Harness, cardText, startHarness } from '../support/botHarness';
import { PEOPLE } from '../support/fixtures';
import { runChaseCycle } from '../../bot/jobs/chaseCycle';
import { inputKey } from '../../cards/chasePromptCard';

/**
 * My actions saves through the chase card's own path: the same parsing, rules, messages, ownership
 * and stale checks, and the same durable write. Each case is played on the card and on the tab.
 */
const CPC = 'lga-cpc-action-plan-2023';
const k = (ref: string) => inputKey({ planId: CPC, ref });

describe("an update from My actions is the card's update", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.installInTeam();
  });
  afterEach(() => h.stop());

  const tab = async (ref: string, body: Record<string, unknown>, who = PEOPLE.amira.email) => {
    const r = await fetch(`${h.app.url}/api/tab/my-actions/${CPC}/${encodeURIComponent(ref)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-board-as': who },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as any };
  };
  const card = (ref: string, v: Record<string, string>, rev = 1) =>
    h.clickCard(PEOPLE.amira, 'saveUpdate', {
      planId: CPC,
      ref,
      rev,
      ...Object.fromEntries(Object.entries(v).map(([name, value]) => [`${name}|${k(ref)}`, value])),
    });
  const historyOf = async (ref: string) => h.app.store.updates.listForAction({ planId: CPC, ref });

  test('refused with the same message per field as the card, and nothing stored either way', async () => {
    const cases: { why: string; values: Record<string, string>; fields: string[] }[] = [
      {
        why: 'Amber without a comment',
        values: { status: 'In progress', rag: 'Amber', narrative: '  ' },
        fields: ['narrative'],
      },
      { why: 'open work without a RAG', values: { status: 'In progress', rag: '' }, fields: ['rag'] },
      {
        why: 'a revised date in the past, without a reason',
        values: { status: 'In progress', rag: 'Green', date: '2026-11-01' },
        fields: ['proposedDate', 'proposedDateReason'],
      },
      {
        why: 'a reason without a date',
        values: { status: 'In progress', rag: 'Green', reason: 'Legal capacity' },
        fields: ['proposedDate'],
      },
      {
        why: '% complete out of range',
        values: { status: 'In progress', rag: 'Green', percent: '150' },
        fields: ['percentComplete'],
      },
      {
        why: 'an impossible date',
        values: { status: 'In progress', rag: 'Green', date: '2027-02-30', reason: 'x' },
        fields: ['proposedDate'],
      },
      { why: 'a status that does not exist', values: { status: 'Done' }, fields: ['status'] },
    ];
    const before = (await historyOf('R4.2')).length;
    for (const c of cases) {
      const v = c.values;
      const viaTab = await tab('R4.2', {
        rev: 1,
        status: v.status,
        rag: v.rag,
        narrative: v.narrative,
        percent: v.percent,
        proposedDate: v.date,
        proposedReason: v.reason,
      });
      expect({
        why: c.why,
        status: viaTab.status,
        outcome: viaTab.body.outcome,
        fields: Object.keys(viaTab.body.errors).sort(),
      }).toEqual({ why: c.why, status: 422, outcome: 'refused', fields: [...c.fields].sort() });
      expect(viaTab.body.message).toBe('R4.2 needs a little more before it can be saved.');
      const onCard = cardText(await card('R4.2', v));
      expect(onCard).toContain('R4.2 needs a little more before it can be saved.');
      for (const message of Object.values(viaTab.body.errors) as string[])
        expect({ why: c.why, onCard: onCard.includes(message), message }).toEqual({
          why: c.why,
          onCard: true,
          message,
        });
    }
    expect((await historyOf('R4.2')).length).toBe(before);
    expect((await h.app.store.actions.get({ planId: CPC, ref: 'R4.2' }))?.value).toMatchObject({
      rag: 'Green',
      revision: 1,
    });
  });

  test("recorded like the card: history row then action (revision +1), the card's words, and the running chase counts it as answered", async () => {
    h.now.value = new Date('2026-11-23T10:42:00Z');
    const cycle = await runChaseCycle(h.app.chase, 'schedule');
    const r = await tab('R4.2', {
      rev: 1,
      status: 'In progress',
      rag: 'Amber',
      narrative: 'Legal review of Part C has slipped to January.',
      percent: 55,
      proposedDate: '2027-01-29',
      proposedReason: 'Legal capacity over Christmas',
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      outcome: 'recorded',
      message: 'Thank you. R4.2 is recorded for the board.',
      recorded: '✓ Recorded at 10:42: ▲ Amber (at risk) · In progress · 55% · revised date 2027-01-29 proposed',
    });
    expect(r.body.action).toMatchObject({
      ref: 'R4.2',
      rag: 'Amber',
      revision: 2,
      revisedDate: '2027-01-29',
      revisedState: 'proposed',
    });
    const action = (await h.app.store.actions.get({ planId: CPC, ref: 'R4.2' }))?.value;
    expect(action).toMatchObject({
      rag: 'Amber',
      percentComplete: 55,
      narrative: 'Legal review of Part C has slipped to January.',
      revision: 2,
      dueDate: '2026-12-18',
      lastReplyAt: '2026-11-23T10:42:00.000Z',
    });
    const [, reply] = await historyOf('R4.2');
    expect(reply).toMatchObject({
      kind: 'update',
      byEmail: PEOPLE.amira.email,
      rag: 'Amber',
      proposedDate: '2027-01-29',
    });
    // The running chase counts it: her prompt in that cycle has R4.2 answered.
    const ask = (await loadCurrentAsks(h.app.store, '2026-11-23T10:42:00.000Z')).get(PEOPLE.amira.email);
    expect(ask?.cycleId).toBe(cycle.cycleId);
    expect(ask?.answered).toEqual([{ planId: CPC, ref: 'R4.2' }]);
  });

  test('Complete drops the RAG and sets 100%, as on the card', async () => {
    const r = await tab('R4.2', { rev: 1, status: 'Complete', rag: 'Red', narrative: 'Adopted by Council.' });
    expect(r.body.action).toMatchObject({ status: 'Complete', percentComplete: 100 });
    expect(r.body.action).not.toHaveProperty('rag');
    expect((await h.app.store.actions.get({ planId: CPC, ref: 'R4.2' }))?.value).toMatchObject({
      status: 'Complete',
      rag: undefined,
      percentComplete: 100,
    });
  });

  test('a page loaded before the action changed (answered on the card meanwhile) records nothing: 409 with the current state', async () => {
    await h.clickCard(PEOPLE.amira, 'noChange', { planId: CPC, ref: 'R4.2', rev: 1 });
    const before = await historyOf('R4.2');
    const r = await tab('R4.2', { rev: 1, status: 'Complete' });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({
      outcome: 'stale',
      message: expect.stringContaining('R4.2 changed since this page was loaded, so nothing was recorded'),
      action: { revision: 2, status: 'In progress' },
    });
    expect(await historyOf('R4.2')).toEqual(before);
    // Saved again from the current revision, it is recorded.
    expect((await tab('R4.2', { rev: 2, status: 'Complete' })).status).toBe(200);
  });

  test("another owner's action, a missing action, and a malformed body are refused before any rule runs", async () => {
    const notMine = await tab('R4.2', { rev: 1, status: 'Complete' }, PEOPLE.ben.email);
    expect(notMine).toEqual({
      status: 403,
      body: { code: 'not_your_action', error: expect.stringContaining('R4.2 is not one of your actions') },
    });
    // "Not there" answers exactly as "not yours" does: the answer does not say whether an action exists.
    const notThere = await tab('R4.3', { rev: 1, status: 'Complete' }, PEOPLE.ben.email);
    const notYours = await tab('R4.2', { rev: 1, status: 'Complete' }, PEOPLE.ben.email);
    expect({ ...notThere, body: { ...notThere.body, error: notThere.body.error.replace('R4.3', 'R4.2') } }).toEqual(
      notYours,
    );
    for (const body of [
      { status: 'Complete' },
      { rev: 'one', status: 'Complete' },
      { rev: 1, narrative: 'x'.repeat(10_001) },
      { rev: 1, status: ['Complete'] },
    ]) {
      const r = await tab('R4.2', body);
      expect({ body: Object.keys(body), status: r.status, code: r.body.code }).toEqual({
        body: Object.keys(body),
        status: 400,
        code: 'invalid_submit',
      });
    }
    expect((await historyOf('R4.2')).map((u) => u.kind)).toEqual(['import']);
  });

  test('local mode: no update through ?as= from a page on another site, a form, or behind a proxy or tunnel', async () => {
    const path = `${h.app.url}/api/tab/my-actions/${CPC}/R4.2?as=${encodeURIComponent(PEOPLE.amira.email)}`;
    const attempts: [string, RequestInit][] = [
      [
        'a cross-site HTML form',
        {
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
          body: new URLSearchParams({ rev: '1', status: 'Complete' }),
        },
      ],
      [
        'a form without Origin',
        { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'rev=1&status=Complete' },
      ],
      [
        'JSON from another origin',
        {
          headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
          body: '{"rev":1,"status":"Complete"}',
        },
      ],
      ...['x-real-ip', 'via', 'x-forwarded-proto', 'x-arr-log-id', 'cf-connecting-ip', 'x-client-ip'].map(
        (h): [string, RequestInit] => [
          `forwarded by a proxy (${h})`,
          {
            headers: { 'content-type': 'application/json', [h]: '203.0.113.9' },
            body: '{"rev":1,"status":"Complete"}',
          },
        ],
      ),
    ];
    for (const [what, init] of attempts) {
      const r = await fetch(path, { method: 'POST', ...init });
      expect({ what, refused: r.status === 403 || r.status === 415 }).toEqual({ what, refused: true });
    }
    expect((await historyOf('R4.2')).map((u) => u.kind)).toEqual(['import']);
  });

  test("My actions lists the owner's open actions, soonest due first, with what the form needs", async () => {
    const r = await fetch(`${h.app.url}/api/tab/my-actions`, { headers: { 'x-board-as': PEOPLE.amira.email } });
    const body = (await r.json()) as any;
    expect(body).toMatchObject({
      owner: { email: PEOPLE.amira.email, name: PEOPLE.amira.name },
      today: '2026-11-23',
      minDate: '2026-11-24',
      narrativeMax: 2000,
      reasonMax: 500,
    });
    expect(body.rags).toEqual([
      { value: 'Green', label: '● Green (on track)' },
      { value: 'Amber', label: '▲ Amber (at risk)' },
      { value: 'Red', label: '■ Red (off track)' },
    ]);
    expect(body.actions.map((a: { ref: string; revision: number }) => `${a.ref}@${a.revision}`)).toEqual([
      'R6.2@1',
      'R4.2@1',
    ]); // R2.1 is complete
  });
});
