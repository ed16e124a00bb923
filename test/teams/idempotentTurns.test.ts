import { type Harness, cardText, quiet, startHarness, waitFor } from '../support/botHarness';
import { PEOPLE } from '../support/fixtures';
import { runChaseCycle } from '../../bot/jobs/chaseCycle';
import { inputKey } from '../../cards/chasePromptCard';

const CPC = 'lga-cpc-action-plan-2023';
const OWNERS = [PEOPLE.amira, PEOPLE.ben, PEOPLE.carys];

describe('Teams delivers the same activity twice: the bot handles it once', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.installInTeam();
  });
  afterEach(async () => h.stop());

  const summaries = () => h.chatWith(PEOPLE.sam).filter((a) => /\d+ prompted/.test(String(a.text ?? '')));

  test('the same "chase all" activity delivered again 15 s later prompts nobody twice; one summary', async () => {
    const chaseAll = h.message(PEOPLE.sam, 'chase all');
    const first = await h.post(chaseAll);
    h.now.value = new Date(h.now.value.getTime() + 15_000);
    const again = await h.post(chaseAll);
    expect([first.status, again.status]).toEqual([200, 200]);
    await waitFor('the chase summary', () => summaries().length > 0);
    await quiet(h.connector);

    expect(OWNERS.map((p) => h.connector.sentTo(p.id).length)).toEqual([1, 1, 1]);
    expect(summaries()).toHaveLength(1);
    expect(summaries()[0].text).toContain('3 prompted');
    // What Sam's chat shows: the acknowledgement, then the summary; nothing for the redelivery.
    expect(h.chatWith(PEOPLE.sam).map((a) => String(a.text))).toEqual([
      expect.stringContaining('Chasing 3 owners now'),
      expect.stringContaining('3 prompted'),
    ]);
  });

  test('a card press delivered twice gets the same card back and is recorded once', async () => {
    const cycle = await runChaseCycle(h.app.chase, 'manual');
    const key = inputKey({ planId: CPC, ref: 'R4.2' });
    const press = h.invoke(PEOPLE.amira, 'saveUpdate', {
      planId: CPC,
      ref: 'R4.2',
      rev: 1,
      cycleId: cycle.cycleId,
      [`status|${key}`]: 'In progress',
      [`rag|${key}`]: 'Amber',
      [`narrative|${key}`]: 'Legal review slipped to January.',
    });
    const first = await h.post(press);
    h.now.value = new Date(h.now.value.getTime() + 15_000);
    const again = await h.post(press);
    expect(first.status).toBe(200);
    expect(cardText(first.body.value)).toContain('R4.2 is recorded');
    expect(again).toEqual(first);
    const history = await h.app.store.updates.listForAction({ planId: CPC, ref: 'R4.2' });
    expect(history.filter((u) => u.kind === 'update')).toHaveLength(1);
  });

  test('the same words typed twice are two turns (two activity ids): both are answered', async () => {
    expect(await h.say(PEOPLE.ben, 'help')).toBe(200);
    expect(await h.say(PEOPLE.ben, 'help')).toBe(200);
    expect(h.chatWith(PEOPLE.ben)).toHaveLength(2);
  });
});
