import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type TabApp, as, startTabApp } from './support/tabApp';
import { PEOPLE } from '../support/fixtures';
import { listMeetings } from '../../bot/digest/boardMeetings';

/**
 * Minutes and board meetings in the Board report tab (HTTP, Azurite): candidates from pasted minutes with nothing
 * stored, accepted through the tab's add-action path; a meeting recorded as the `board meeting` command records it.
 */
const CPC = 'lga-cpc-action-plan-2023';
const RIVERSIDE = readFileSync(
  path.join(__dirname, '..', 'support', 'minutes', 'riverside-tab-2027-03-03.txt'),
  'utf8',
);

describe('minutes and board meetings in the Board report tab', () => {
  let t: TabApp;
  beforeEach(async () => {
    t = await startTabApp({ at: '2026-11-23T09:00:00Z' });
    await t.meet(PEOPLE.amira, PEOPLE.carys);
  });
  afterEach(async () => t.stop());
  const sam = as(PEOPLE.sam.email);

  test('pasted minutes give candidates (owner and date when named) and store nothing', async () => {
    const before = await t.app.store.updates.listForPlan(CPC);
    const r = await t.post('/api/tab/minutes', { text: RIVERSIDE }, sam);
    expect(r.status).toBe(200);
    expect(r.body.message).toBe('3 candidate actions found. Nothing is stored until you accept one.');
    expect(r.body.candidates.map((c: { text: string }) => c.text)).toEqual([
      'Officers bring the revised terms of reference for the Partnership Executive Group to the next meeting.',
      "Carys Evans, Corporate Director of Children's Services, report to the Board on agency social worker numbers by June 2027.",
      'Officers prepare a briefing on the Ofsted monitoring visit for all Members by 30 April 2027.',
    ]);
    expect(r.body.candidates[1]).toMatchObject({ ownerEmail: PEOPLE.carys.email, dueDate: '2027-06-30' });
    expect(await t.app.store.updates.listForPlan(CPC)).toEqual(before);
    expect(await t.app.store.actions.get({ planId: CPC, ref: 'R10.1' })).toBeUndefined();
  });

  test('minutes that only note give no candidates; too little text is 400', async () => {
    const noted = await t.post(
      '/api/tab/minutes',
      { text: 'The Board noted the report.\nRESOLVED that the report be noted.' },
      sam,
    );
    expect(noted.body.candidates).toEqual([]);
    expect(noted.body.message).toContain('No asks found');
    expect((await t.post('/api/tab/minutes', { text: 'short' }, sam)).status).toBe(400);
  });

  test('records a board meeting as the command does; a date that is not a date is refused; others get 403', async () => {
    expect((await t.post('/api/tab/board-meetings', { date: '31/02/2027' }, sam)).status).toBe(400);
    expect((await t.post('/api/tab/board-meetings', { date: '14/12/2026' }, as(PEOPLE.amira.email))).status).toBe(403);
    expect((await t.get('/api/tab/board-meetings', as(PEOPLE.amira.email))).status).toBe(403);
    expect(await listMeetings(t.app.store.settings)).toEqual([]);
    const r = await t.post('/api/tab/board-meetings', { date: '14/12/2026' }, sam);
    expect(r.status).toBe(200);
    expect(r.body.message).toBe(
      'Board meeting recorded: Mon, 14 Dec 2026. On the day, "board report" and "board paper" cover what has moved since the meeting before it.',
    );
    expect(r.body.meetings).toEqual([{ date: '2026-12-14', by: PEOPLE.sam.email }]);
    expect(await listMeetings(t.app.store.settings)).toEqual([
      { date: '2026-12-14', by: PEOPLE.sam.email, at: '2026-11-23T09:00:00.000Z' },
    ]);
    expect((await t.get('/api/tab/board-meetings', sam)).body.meetings).toEqual([
      { date: '2026-12-14', by: PEOPLE.sam.email },
    ]);
  });

  test('minutes are for the secretariat: anyone else gets 403', async () => {
    expect((await t.post('/api/tab/minutes', { text: RIVERSIDE }, as(PEOPLE.amira.email))).status).toBe(403);
    expect((await t.post('/api/tab/minutes', { text: RIVERSIDE }, as('stranger@example.org'))).status).toBe(403);
  });
});
