import { type Harness, cardOf, cardText, quiet, startHarness, waitFor } from '../support/botHarness';
import { PEOPLE } from '../support/fixtures';

const OWNERS = [PEOPLE.amira, PEOPLE.ben, PEOPLE.carys];

describe('"chase all" typed twice does not chase twice by accident', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.installInTeam();
  });
  afterEach(async () => h.stop());

  const samSees = () => h.chatWith(PEOPLE.sam).map((a) => String(a.text ?? ''));
  /** Types to the bot as Sam and returns what came back in the turn itself. */
  const ask = async (text: string) => {
    const before = h.chatWith(PEOPLE.sam).length;
    expect(await h.say(PEOPLE.sam, text)).toBe(200);
    return samSees().slice(before)[0] ?? '';
  };
  const summaries = () => samSees().filter((t) => /\d+ prompted/.test(t));
  const cards = () => OWNERS.map((p) => h.connector.sentTo(p.id).length);

  test('a second "chase all" while one runs, or just after, says so; "chase all again" insists', async () => {
    expect(await ask('chase all')).toContain('Chasing 3 owners now');
    const second = await ask('chase all');
    expect(second).toMatch(/A chase of every owner started at 09:00 (is still running|finished at 09:00)/);
    expect(second).toContain('chase all again');
    await waitFor('the chase summary', () => summaries().length === 1);
    await quiet(h.connector);
    expect(cards()).toEqual([1, 1, 1]);

    h.now.value = new Date('2026-11-23T09:04:00Z');
    expect(await ask('chase all')).toContain('A chase of every owner started at 09:00 finished at 09:00');
    await quiet(h.connector);
    expect(cards()).toEqual([1, 1, 1]);
    expect(summaries()).toHaveLength(1);

    expect(await ask('chase all again')).toContain('Chasing 3 owners now');
    await waitFor('the second summary', () => summaries().length === 2);
    await quiet(h.connector);
    expect(cards()).toEqual([2, 2, 2]);
  });

  test('long after the last chase, "chase all" chases again without "again"', async () => {
    expect(await ask('chase all')).toContain('Chasing 3 owners now');
    await waitFor('the chase summary', () => summaries().length === 1);
    h.now.value = new Date('2026-11-23T11:00:00Z');
    expect(await ask('chase all')).toContain('Chasing 3 owners now');
    await waitFor('the second summary', () => summaries().length === 2);
    await quiet(h.connector);
    expect(cards()).toEqual([2, 2, 2]);
  });

  test('"chase" of one owner answers at once and reports in the same chat when done', async () => {
    expect(await ask(`chase ${PEOPLE.ben.email}`)).toContain(`Chasing ${PEOPLE.ben.email} now`);
    await waitFor('the summary', () => summaries().length === 1);
    expect(summaries()[0]).toContain('1 prompted');
    expect(cards()).toEqual([0, 1, 0]);
  });

  test('the secretariat\'s help card shows the "again" form', async () => {
    await h.say(PEOPLE.sam, 'help');
    const card = cardOf(h.chatWith(PEOPLE.sam).at(-1) ?? {});
    expect(cardText(card)).toContain('chase [all | owner email | R4.2] [again]');
  });
});
