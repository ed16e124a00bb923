import { type Harness, startHarness } from '../support/botHarness';
import { PEOPLE } from '../support/fixtures';
import { isoWeek } from '../../bot/domain/calendar';

// Friday 27 November 2026, the digest day, at noon.
const FRIDAY = '2026-11-27T12:00:00Z';
const channelPosts = (h: Harness) => h.connector.sent.filter((s) => s.conversationId.startsWith('19:board-general'));
const digests = (h: Harness) => channelPosts(h).filter((s) => s.activity.summary?.startsWith('Board digest'));

describe("the weekly digest's claim", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ at: FRIDAY });
    await h.installInTeam();
  });
  afterEach(async () => h.stop());
  const key = () => `digestPosted:${isoWeek('2026-11-27')}`;

  test('left by an instance that died before posting is taken over: the digest is posted, once', async () => {
    const an_hour_ago = new Date(Date.parse(FRIDAY) - 3_600_000).toISOString();
    await h.app.store.settings.claim(key(), JSON.stringify({ state: 'claimed', by: 'dead', renewedAt: an_hour_ago }));
    expect(await h.app.postDigest()).toBe('posted');
    expect(await h.app.postDigest()).toBe('already posted');
    expect(digests(h)).toHaveLength(1);
  });

  test('left by an instance that died while posting is not posted again: the secretariat is asked to check', async () => {
    const an_hour_ago = new Date(Date.parse(FRIDAY) - 3_600_000).toISOString();
    await h.app.store.settings.claim(key(), JSON.stringify({ state: 'posting', by: 'dead', renewedAt: an_hour_ago }));
    expect(await h.app.postDigest()).toBe('delivery unknown');
    expect(await h.app.postDigest()).toBe('already posted');
    expect(digests(h)).toHaveLength(0);
    const toSam = h.connector.sentTo(PEOPLE.sam.id).map((s) => String(s.activity.text));
    expect(toSam.filter((t) => t.includes('may not have been posted'))).toHaveLength(1);
  });

  test('is held while the digest is posted: a second instance the same minute does not post it', async () => {
    const [a, b] = await Promise.all([h.app.postDigest(), h.app.postDigest()]);
    expect([a, b].sort()).toEqual(['already posted', 'posted']);
    expect(digests(h)).toHaveLength(1);
  });
});
