import { type Harness, startHarness } from '../support/botHarness';
import { PEOPLE } from '../support/fixtures';

const text = (a: Record<string, any>) => String(a.text ?? '');
const toBen = (m: string, p: string) => m === 'POST' && p.includes(PEOPLE.ben.id) && p.includes('/activities');

describe('a prompt whose delivery is unknown', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ at: '2026-11-23T09:00:00Z' });
    await h.installInTeam();
  });
  afterEach(async () => h.stop());

  test('is not resent, and is nudged exactly once like a sent one', async () => {
    // Teams stores Ben's card and still answers 502.
    h.connector.faults.push({ match: toBen, status: 502, deliverAnyway: true });
    const first = await h.app.tick();
    expect(first.startedCycle).toBe('2026-11-23');
    const prompt = (await h.app.store.prompts.get('2026-11-23', PEOPLE.ben.email))?.value;
    expect(prompt?.state).toBe('unknown');
    expect(h.connector.sentTo(PEOPLE.ben.id)).toHaveLength(1); // one card on Ben's screen, not two

    h.now.value = new Date('2026-11-25T09:00:00Z'); // two working days later
    const second = await h.app.tick();
    const toBenNow = h.connector.sentTo(PEOPLE.ben.id);
    expect(toBenNow).toHaveLength(2);
    expect(text(toBenNow[1].activity)).toContain('type "my actions"');
    expect(second.nudged).toBeGreaterThanOrEqual(1);

    await h.app.tick(); // the same day again
    h.now.value = new Date('2026-11-26T09:00:00Z');
    await h.app.tick(); // and the next
    expect(h.connector.sentTo(PEOPLE.ben.id)).toHaveLength(2);
    expect((await h.app.store.prompts.get('2026-11-23', PEOPLE.ben.email))?.value.nudgedAt).toBe(
      '2026-11-25T09:00:00.000Z',
    );
  });
});
