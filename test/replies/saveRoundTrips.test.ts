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

  /** What a round trip is for, from its method and path. */
  const label = (c: StorageCall): string => {
    const p = c.path.replace(/^\/devstoreaccount1\/t[0-9a-f]+/, '');
    if (p.includes('$batch')) return 'commit';
    if (p.startsWith('Turns')) return c.method === 'POST' ? 'turn' : `turn ${c.method}`;
    if (p.startsWith("Owners(PartitionKey='aad'")) return 'clicker';
    if (p.startsWith("Owners(PartitionKey='standsIn'")) return 'answers for';
    if (p.startsWith('Prompts(')) return 'prompt';
    const action = /^Ledger\(.*RowKey='a\|([^']+)'\)$/.exec(p);
    return action ? `action ${action[1]}` : `${c.method} ${p}`;
  };

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

  test('an owner with no delegations: 7 round trips (2 writes), and the card shows the answer', async () => {
    const cycle = await runChaseCycle(h.app.chase, 'manual');
    let card: unknown;
    const trips = await tripsOf(async () => {
      card = await save(PEOPLE.amira, 'R4.2', cycle.cycleId, 'Legal review slipped to January.');
    });
    expect(cardText(card)).toContain('R4.2 is recorded');
    expect(cardText(card)).toContain('R6.2'); // the card's other action is still on it
    const history = await h.app.store.updates.listForAction({ planId: CPC, ref: 'R4.2' });
    expect(history.filter((u) => u.kind === 'update')).toHaveLength(1);
    // Who clicked and the action (2 reads at once), the prompt and whom Amira answers for (2 at once),
    // the commit beside the read of the card's other action (2 at once), the turn's record with the card.
    expect(trips.map(label).sort()).toEqual(
      ['action R4.2', 'clicker', 'prompt', 'answers for', 'action R6.2', 'commit', 'turn'].sort(),
    );
  });

  test("a delegate's Save reads the owner who named them, never every owner", async () => {
    await h.app.store.owners.save({ email: PEOPLE.amira.email, delegate: { email: PEOPLE.carys.email, at: 'x' } });
    const cycle = await runChaseCycle(h.app.chase, 'manual');
    let card: unknown;
    const trips = await tripsOf(async () => {
      card = await save(PEOPLE.carys, 'R4.2', cycle.cycleId, 'Answered by Carys for Amira.');
    });
    expect(cardText(card)).toContain('R4.2 is recorded');
    const last = (await h.app.store.updates.listForAction({ planId: CPC, ref: 'R4.2' })).at(-1);
    expect(last).toMatchObject({ byEmail: PEOPLE.carys.email, forEmail: PEOPLE.amira.email });
    expect(trips.filter((c) => c.path.includes("PartitionKey eq 'owner'"))).toEqual([]);
    expect(trips.filter((c) => c.path.includes("Owners(PartitionKey='owner',RowKey='amira"))).toHaveLength(1);
  });

  test('the same press delivered twice at once: recorded once, both answered with the same card', async () => {
    const cycle = await runChaseCycle(h.app.chase, 'manual');
    const key = inputKey({ planId: CPC, ref: 'R4.2' });
    const press = h.invoke(PEOPLE.amira, 'saveUpdate', {
      planId: CPC,
      ref: 'R4.2',
      rev: 1,
      cycleId: cycle.cycleId,
      [`status|${key}`]: 'In progress',
      [`rag|${key}`]: 'Amber',
      [`narrative|${key}`]: 'Delivered twice.',
    });
    const [a, b] = await Promise.all([h.post(press), h.post(press)]);
    expect(cardText(a.body.value)).toContain('R4.2 is recorded');
    expect(b).toEqual(a);
    const history = await h.app.store.updates.listForAction({ planId: CPC, ref: 'R4.2' });
    expect(history.filter((u) => u.kind === 'update')).toHaveLength(1);
  });
});
