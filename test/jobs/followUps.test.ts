import { type Harness, startHarness } from '../support/botHarness';
import { PEOPLE } from '../support/fixtures';

const text = (a: Record<string, any>) => String(a.text ?? '');

describe('nudges and escalation on working days (Christmas 2026, with real bank holidays)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ at: '2026-12-21T09:00:00Z' });
    await h.installInTeam();
  });
  afterEach(async () => h.stop());

  test('a non-replier is nudged once after 2 working days and escalated to the secretariat after 5', async () => {
    const first = await h.app.tick();
    expect(first.startedCycle).toBe('2026-12-21');
    await h.clickCard(PEOPLE.amira, 'noChange', {
      planId: 'lga-cpc-action-plan-2023',
      ref: 'R4.2',
      rev: 1,
      cycleId: '2026-12-21',
    });
    await h.clickCard(PEOPLE.amira, 'noChange', {
      planId: 'lga-cpc-action-plan-2023',
      ref: 'R6.2',
      rev: 1,
      cycleId: '2026-12-21',
    });

    h.now.value = new Date('2026-12-22T09:00:00Z'); // 1 working day
    expect(await h.app.tick()).toMatchObject({ nudged: 0, escalated: 0 });

    h.now.value = new Date('2026-12-23T09:00:00Z'); // 2 working days
    expect(await h.app.tick()).toMatchObject({ nudged: 2, escalated: 0 });
    const benMessages = h.connector.sentTo(PEOPLE.ben.id);
    expect(benMessages).toHaveLength(2);
    expect(text(benMessages[1].activity)).toContain('still waiting for your update on 2 actions');
    expect(h.connector.sentTo(PEOPLE.amira.id)).toHaveLength(1); // she answered: no nudge

    expect(await h.app.tick()).toMatchObject({ nudged: 0 }); // same day again: nothing twice

    for (const day of ['2026-12-24', '2026-12-25', '2026-12-28']) {
      h.now.value = new Date(`${day}T09:00:00Z`); // 3 working days; the 25th and 28th are bank holidays
      expect(await h.app.tick()).toMatchObject({ escalated: 0, nudged: 0, startedCycle: undefined });
    }
    h.now.value = new Date('2026-12-29T09:00:00Z'); // Monday was a bank holiday: this week's cycle runs on Tuesday
    expect(await h.app.tick()).toMatchObject({ startedCycle: '2026-12-29', escalated: 0 });
    expect(h.connector.sentTo(PEOPLE.ben.id)).toHaveLength(3); // card, nudge, this week's card

    h.now.value = new Date('2026-12-30T09:00:00Z'); // 5 working days without an answer, across two cycles
    expect(await h.app.tick()).toMatchObject({ escalated: 2, nudged: 0 });
    const toSam = h.connector.sentTo(PEOPLE.sam.id).map((s) => text(s.activity));
    expect(toSam).toHaveLength(1);
    expect(toSam[0]).toContain(PEOPLE.ben.email);
    expect(toSam[0]).toContain(PEOPLE.carys.email);
    expect(toSam[0]).not.toContain(PEOPLE.amira.email);
    expect((await h.app.store.prompts.get('2026-12-29', PEOPLE.ben.email))?.value.escalatedAt).toBe(
      '2026-12-30T09:00:00.000Z',
    );
  });
});

describe('the weekly schedule skips weekends and bank holidays', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ at: '2027-03-29T08:00:00Z' }); // Easter Monday 2027, 09:00 BST
    await h.installInTeam({ board: false }); // the roster only: this is about the owners' cards
  });
  afterEach(async () => h.stop());

  test('a bank-holiday Monday moves the cycle to Tuesday, once', async () => {
    expect((await h.app.tick()).startedCycle).toBeUndefined();
    expect(h.connector.conversations).toHaveLength(0);
    h.now.value = new Date('2027-03-30T08:00:00Z');
    expect((await h.app.tick()).startedCycle).toBe('2027-03-30');
    expect(h.connector.sent.filter((s) => s.activity.attachments)).toHaveLength(3);
    h.now.value = new Date('2027-03-31T08:00:00Z');
    expect((await h.app.tick()).startedCycle).toBeUndefined();
    h.now.value = new Date('2027-04-03T08:00:00Z'); // Saturday
    expect((await h.app.tick()).startedCycle).toBeUndefined();
    h.now.value = new Date('2027-04-05T08:00:00Z');
    expect((await h.app.tick()).startedCycle).toBe('2027-04-05');
  });
});
