import { type StorageCall, type StorageCounter, startStorageCounter } from '../../bench/storageCounter';
import { runChaseCycle } from '../../bot/jobs/chaseCycle';
import { inputKey } from '../../cards/chasePromptCard';
import { type Harness, cardText, startHarness } from '../support/botHarness';
import { PEOPLE } from '../support/fixtures';
import { testConnectionString } from '../support/storage';

const CPC = 'lga-cpc-action-plan-2023';

/**
 * What one Save on the chase card costs in storage round trips, counted by a proxy between the bot and
 * Azurite (bench/storageCounter.ts): the figure behind an answer's latency when many press Save at once.
 */
describe('an owner presses Save on the chase card: storage round trips', () => {
  let counter: StorageCounter;
  let h: Harness;
  beforeEach(async () => {
    counter = await startStorageCounter(testConnectionString());
    h = await startHarness({ connectionString: counter.connectionString });
    await h.installInTeam();
  });
  afterEach(async () => {
    await h.stop();
    await counter.stop();
  });

  /** The round trips made while `run` ran, leaving out the instance's heartbeat (which runs on its own timer). */
  async function tripsOf(run: () => Promise<unknown>): Promise<StorageCall[]> {
    const before = counter.calls().length;
    await run();
    return counter
      .calls()
      .slice(before)
      .filter((c) => !c.path.includes("'instance:"));
  }

  const save = (person: typeof PEOPLE.amira, ref: string, cycleId: string, narrative: string) => {
    const key = inputKey({ planId: CPC, ref });
    return h.clickCard(person, 'saveUpdate', {
      planId: CPC,
      ref,
      rev: 1,
      cycleId,
      [`status|${key}`]: 'In progress',
      [`rag|${key}`]: 'Amber',
      [`narrative|${key}`]: narrative,
    });
  };

  test('an owner with no delegations: 7 round trips, one of them a write, and the card shows the answer', async () => {
    const cycle = await runChaseCycle(h.app.chase, 'manual');
    let card: unknown;
    const trips = await tripsOf(async () => {
      card = await save(PEOPLE.amira, 'R4.2', cycle.cycleId, 'Legal review slipped to January.');
    });
    expect(cardText(card)).toContain('R4.2 is recorded');
    expect(cardText(card)).toContain('R6.2'); // the card's other action is still on it
    const history = await h.app.store.updates.listForAction({ planId: CPC, ref: 'R4.2' });
    expect(history.filter((u) => u.kind === 'update')).toHaveLength(1);
    expect(trips.map((c) => `${c.method} ${c.path}`)).toHaveLength(7);
  });
});
