import { type TabApp, startTabApp } from './support/tabApp';
import { PEOPLE } from '../support/fixtures';

describe('"away until" in My actions (HTTP, Azurite): the chat command\'s rules', () => {
  let t: TabApp;
  beforeEach(async () => {
    t = await startTabApp({ at: '2026-11-23T09:00:00Z' });
    await t.meet(PEOPLE.amira, PEOPLE.ben);
  });
  afterEach(async () => t.stop());
  const asAmira = `?as=${encodeURIComponent(PEOPLE.amira.email)}`;
  const away = async () => (await t.app.store.owners.get(PEOPLE.amira.email))?.value.away;

  test('a past date and an unknown cover are refused with the reason; a good one is shown and kept; "off" ends it', async () => {
    const past = await t.post(`/api/tab/my-actions/away${asAmira}`, { until: '2026-11-20' });
    expect(past).toMatchObject({
      status: 400,
      body: { error: 'The date you are back (2026-11-20) must be after today (2026-11-23). Nothing was changed.' },
    });
    const stranger = await t.post(`/api/tab/my-actions/away${asAmira}`, {
      until: '2026-12-07',
      cover: 'nobody@example.org',
    });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error).toContain('I cannot identify nobody@example.org in Teams');
    expect(await away()).toBeUndefined();

    const set = await t.post(`/api/tab/my-actions/away${asAmira}`, { until: '2026-12-07', cover: PEOPLE.ben.email });
    expect(set.status).toBe(200);
    expect(set.body.message).toContain('You are away until Mon, 7 Dec 2026');
    expect(await away()).toMatchObject({ until: '2026-12-07', cover: PEOPLE.ben.email });
    expect((await t.get(`/api/tab/my-actions${asAmira}`)).body.away).toEqual({
      until: '2026-12-07',
      cover: PEOPLE.ben.email,
    });

    const back = await t.post(`/api/tab/my-actions/away${asAmira}`, { until: 'off' });
    expect(back.body.message).toContain('Welcome back');
    expect(await away()).toBeUndefined();
  });
});
