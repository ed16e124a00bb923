import { type Harness, cardText, startHarness } from '../support/botHarness';
import { PEOPLE } from '../support/fixtures';
import { freshStore } from '../support/storage';
import type { TurnRecord } from '../../bot/domain/turns';

const at = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

describe('the Turns table (Azurite)', () => {
  const turn = (activityId: string, claimedAt: string, state: TurnRecord['state'] = 'done'): TurnRecord => ({
    conversationId: 'a:1on1-29:sam',
    activityId,
    state,
    claimedAt,
    leaseUntil: at(claimedAt, 0.5),
    expiresAt: at(claimedAt, 60),
  });

  test('a second claim of the same activity finds the first; another conversation or activity is a new turn', async () => {
    const store = await freshStore();
    const first = turn('act-1', '2026-11-23T09:00:00.000Z');
    expect((await store.turns.claim(first)).claimed).toBe(true);
    const again = await store.turns.claim({ ...first, claimedAt: at(first.claimedAt, 1) });
    expect(again).toMatchObject({ claimed: false, found: { value: { claimedAt: first.claimedAt } } });
    expect((await store.turns.claim({ ...first, conversationId: 'a:1on1-29:ben' })).claimed).toBe(true);
    expect((await store.turns.claim({ ...first, activityId: 'act-2' })).claimed).toBe(true);
  });

  test('an answer too long for one property is kept whole (a 99 KB card)', async () => {
    const store = await freshStore();
    const result = JSON.stringify({ status: 200, body: { text: 'é'.repeat(50_000) } });
    const t = turn('act-big', '2026-11-23T09:00:00.000Z');
    const c = await store.turns.claim(t);
    if (!c.claimed) throw new Error('not claimed');
    await store.turns.replace({ ...t, result }, c.etag);
    const found = await store.turns.claim(t);
    expect(found.claimed === false && found.found.value.result).toBe(result);
  });

  test('sweeping deletes the expired rows only', async () => {
    const store = await freshStore();
    await store.turns.claim(turn('old', '2026-11-23T07:00:00.000Z'));
    await store.turns.claim(turn('recent', '2026-11-23T08:30:00.000Z'));
    expect(await store.turns.sweep('2026-11-23T09:00:00.000Z')).toBe(1);
    expect((await store.turns.claim(turn('old', '2026-11-23T09:00:00.000Z'))).claimed).toBe(true);
    expect((await store.turns.claim(turn('recent', '2026-11-23T09:00:00.000Z'))).claimed).toBe(false);
  });
});

describe('redeliveries the turn memory no longer covers, or that come while the first is handled', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.stop());

  test('a message delivered again a day later (past the memory) is handled as new', async () => {
    const help = h.message(PEOPLE.ben, 'help');
    await h.post(help);
    h.now.value = new Date(h.now.value.getTime() + 25 * 3_600_000);
    await h.post(help);
    expect(h.chatWith(PEOPLE.ben).map((a) => cardText(a.attachments?.[0]?.content))).toEqual([
      expect.stringContaining('What I can do'),
      expect.stringContaining('What I can do'),
    ]);
  });

  test('a turn left "running" by an instance that died is run by the redelivery once its lease has passed', async () => {
    const help = h.message(PEOPLE.ben, 'help') as { id: string; conversation: { id: string } };
    const now = h.now.value.toISOString();
    await h.app.store.turns.claim({
      conversationId: help.conversation.id,
      activityId: help.id,
      state: 'running',
      claimedAt: now,
      leaseUntil: at(now, 0.2),
      expiresAt: at(now, 1440),
    });
    h.now.value = new Date(Date.parse(now) + 15_000);
    expect((await h.post(help)).status).toBe(200);
    expect(h.chatWith(PEOPLE.ben)).toHaveLength(1);
  });
});
