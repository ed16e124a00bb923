import { type Harness, startHarness, waitFor } from '../support/botHarness';
import { PEOPLE } from '../support/fixtures';
import { inputKey } from '../../cards/chasePromptCard';
import { loadDigest } from '../../bot/digest/loadDigest';
import { runChaseCycle } from '../../bot/jobs/chaseCycle';

const CPC = 'lga-cpc-action-plan-2023';
const texts = (h: Harness, p: { id: string }) =>
  h.connector.sentTo(p.id).map((s) => String(s.activity.text ?? JSON.stringify(s.activity.attachments ?? '')));

/** One notion of what each owner is being asked: a targeted manual chase adds to it, never replaces the board's view. */
describe('the current ask', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ at: '2026-11-23T09:00:00Z' }); // Monday
    await h.installInTeam();
    await runChaseCycle(h.app.chase, 'schedule');
    h.now.value = new Date('2026-11-23T11:00:00Z');
    expect(await h.say(PEOPLE.sam, `chase ${PEOPLE.ben.email}`)).toBe(200);
    // The chase runs in the background: wait for Ben's second card (the weekly one, then this one).
    await waitFor('the manual chase to reach Ben', () => h.connector.sentTo(PEOPLE.ben.id).length >= 2);
  });
  afterEach(async () => h.stop());

  test('P6: after a one-owner chase, the digest still lists every owner who has not answered the weekly chase', async () => {
    const d = await loadDigest(h.app.store, {}, new Date('2026-11-23T12:00:00Z'));
    expect(d.nonresponders.map((n) => n.email)).toEqual([PEOPLE.amira.email, PEOPLE.ben.email, PEOPLE.carys.email]);
  });

  test('P7: an owner who answers everything outside the card is not nudged two working days later', async () => {
    for (const [ref, rag] of [
      ['R4.2', 'Green'],
      ['R6.2', 'Red'],
    ] as const) {
      const k = inputKey({ planId: CPC, ref });
      // No cycle id: the My actions tab saves through this same path without one.
      await h.clickCard(PEOPLE.amira, 'saveUpdate', {
        planId: CPC,
        ref,
        rev: 1,
        [`status|${k}`]: 'In progress',
        [`rag|${k}`]: rag,
        [`narrative|${k}`]: 'Partners agreed terms of reference on 20 November.',
      });
    }
    const before = texts(h, PEOPLE.amira).length;
    h.now.value = new Date('2026-11-25T09:30:00Z'); // Wednesday: two working days on
    await h.app.tick();
    expect(texts(h, PEOPLE.amira).slice(before).join('\n')).not.toContain('gentle reminder');
    expect(texts(h, PEOPLE.carys).join('\n')).toContain('gentle reminder');
    const d = await loadDigest(h.app.store, {}, h.now.value);
    expect(d.nonresponders.map((n) => n.email)).not.toContain(PEOPLE.amira.email);
  });
});
