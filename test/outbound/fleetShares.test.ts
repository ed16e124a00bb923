import { type FleetMembership, joinFleet } from '../../bot/outbound/fleetShares';
import { OutboundGate } from '../../bot/outbound/outboundGate';
import { silentLogger } from '../../bot/log';
import type { BoardStore } from '../../bot/domain/ports';
import { openTableStore } from '../../bot/store';
import { freshPrefix, freshStore, testConnectionString } from '../support/storage';
import { StorageGate } from '../support/storageGate';

// Virtual time: a period of a minute, so the real heartbeat timer never fires while a test runs and
// every heartbeat happens exactly when the test says. A 10/s tenant less headroom: 9/s for the fleet.
const PERIOD = 60_000;
const POLICY = { tenantPerSecond: 10, headroom: 0.9 };
const FLEET = 9;

let clock = 0;
const now = () => clock;

interface Instance {
  id: string;
  gate: OutboundGate;
  sent: number[];
  fleet?: FleetMembership;
}
const instance = (id: string): Instance => ({ id, gate: new OutboundGate(POLICY, 5_000), sent: [], fleet: undefined });
const join = (store: BoardStore, x: Instance) => async () => {
  x.fleet = await joinFleet(store, x.gate, PERIOD, x.id, silentLogger, now);
};

/**
 * Runs virtual time from 0 to `until` a millisecond at a time: the events due (joins, heartbeats)
 * first, then every joined instance sends whenever its budget lets it.
 */
async function simulate(until: number, events: [number, () => Promise<void>][], instances: Instance[]) {
  const due = [...events].sort((a, b) => a[0] - b[0]);
  for (let t = 0; t <= until; t++) {
    clock = t;
    while (due.length > 0 && due[0][0] <= t) await (due.shift() as [number, () => Promise<void>])[1]();
    for (const x of instances) {
      if (x.fleet && x.gate.budget.waitMs(t) === 0) {
        x.gate.budget.take(t);
        x.sent.push(t);
      }
    }
  }
  for (const x of instances) await x.fleet?.leave();
}

/** The most requests the instances together sent in any one second. */
function busiest(instances: Instance[]): number {
  const all = instances.flatMap((x) => x.sent).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < all.length; j++) {
    while (all[j] - all[i] >= 1_000) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

const beat = (x: Instance) => async () => {
  await x.fleet?.beat();
};
const leave = (x: Instance) => async () => {
  await x.fleet?.leave();
};
/** A heartbeat whose row write the storage gate holds until `release` (slow storage, for that one write). */
function heldBeat(x: Instance, gate: StorageGate) {
  let beating: Promise<void> = Promise.resolve();
  let letGo = () => {};
  return {
    start: async () => {
      const held = gate.holdNextWrite();
      beating = x.fleet?.beat() ?? Promise.resolve();
      letGo = await held;
    },
    release: async () => {
      letGo();
      await beating;
    },
  };
}
/** N alone from 0 s, P joins at 1 s: both at 4/s from 62 s. */
const fleetOfTwo = (
  n: Instance,
  nStore: BoardStore,
  p: Instance,
  pStore: BoardStore,
): [number, () => Promise<void>][] => [
  [0, join(nStore, n)],
  [1_000, join(pStore, p)],
  [60_000, beat(n)],
  [61_000, beat(p)],
];
const within = (x: Instance, from: number, to: number) => x.sent.filter((t) => t >= from && t < to).length;

test('a newcomer sends nothing until a peer whose heartbeat is late has seen it, and a second more', async () => {
  const store = await freshStore();
  const [p, n] = [instance('p'), instance('n')];
  // P is alone and sends the whole budget; its heartbeat due at one period comes 40 s late.
  // N joins at 1 s and beats on time. The old timed hold let N send from 92 s, with P still at 9/s.
  await simulate(
    190_000,
    [
      [0, join(store, p)],
      [1_000, join(store, n)],
      [61_000, beat(n)],
      [100_000, beat(p)],
      [121_000, beat(n)],
      [160_000, beat(p)],
      [181_000, beat(n)],
    ],
    [p, n],
  );
  expect(busiest([p, n])).toBeLessThanOrEqual(FLEET);
  expect(within(p, 90_000, 91_000)).toBe(FLEET);
  // P cut its share when it saw N, at its late heartbeat; N saw that at its next one, and waited a second.
  expect(within(p, 110_000, 111_000)).toBe(4);
  expect(n.sent[0]).toBe(121_000 + 1_000);
  expect(within(n, 130_000, 131_000)).toBe(4);
});

test('an instance whose heartbeat stalls sends nothing once the others may count it gone, then joins again', async () => {
  const store = await freshStore();
  const [n, p] = [instance('n'), instance('p')];
  // N's heartbeats stop after the first (a stalled event loop, slow storage) until 200 s. P joins at
  // 181 s, finds N's row three periods old, so alone, and takes the whole budget.
  await simulate(
    270_000,
    [
      [0, join(store, n)],
      [3 * PERIOD + 1_000, join(store, p)],
      [200_000, beat(n)],
      [241_000, beat(p)],
      [260_000, beat(n)],
    ],
    [n, p],
  );
  expect(busiest([n, p])).toBeLessThanOrEqual(FLEET);
  // Fenced two periods after its last heartbeat; back only once P has seen its new join, and a second more.
  expect(within(n, 2 * PERIOD - 1_000, 2 * PERIOD)).toBe(FLEET);
  expect(within(n, 2 * PERIOD, 261_000)).toBe(0);
  expect(within(p, 190_000, 191_000)).toBe(FLEET);
  expect(within(p, 250_000, 251_000)).toBe(4);
  expect(n.sent.find((t) => t > 2 * PERIOD)).toBe(261_000);
});

test('a peer that dies while a newcomer waits for it stops blocking once it is counted gone', async () => {
  const store = await freshStore();
  const [p, n] = [instance('p'), instance('n')];
  // P never beats again after joining; N waits for it until its row is three periods old.
  await simulate(
    190_000,
    [
      [0, join(store, p)],
      [1_000, join(store, n)],
      [61_000, beat(n)],
      [121_000, beat(n)],
      [181_000, beat(n)],
    ],
    [p, n],
  );
  expect(busiest([p, n])).toBeLessThanOrEqual(FLEET);
  expect(within(p, 2 * PERIOD, 190_000)).toBe(0);
  expect(n.sent[0]).toBe(182_000);
  expect(within(n, 183_000, 184_000)).toBe(FLEET);
});

test('two instances starting together both wait for each other or one for the other, never more than the budget', async () => {
  const store = await freshStore();
  const [a, b] = [instance('a'), instance('b')];
  const both = async () => {
    await Promise.all([join(store, a)(), join(store, b)()]);
  };
  await simulate(
    70_000,
    [
      [0, both],
      [60_000, beat(a)],
      [60_000, beat(b)],
    ],
    [a, b],
  );
  expect(busiest([a, b])).toBeLessThanOrEqual(FLEET);
  expect(within(a, 65_000, 66_000) + within(b, 65_000, 66_000)).toBe(8);
});

test('an instance that leaves sends nothing more; the other takes its share a second after it sees it gone', async () => {
  const store = await freshStore();
  const [p, n] = [instance('p'), instance('n')];
  await simulate(125_000, [...fleetOfTwo(n, store, p, store), [100_000, leave(n)], [120_000, beat(p)]], [p, n]);
  expect(busiest([p, n])).toBeLessThanOrEqual(FLEET);
  expect(within(n, 62_000, 63_000)).toBe(4);
  expect(within(n, 100_000, 125_000)).toBe(0);
  expect(within(p, 120_000, 121_000)).toBe(4);
  expect(within(p, 121_500, 122_500)).toBe(FLEET);
});

describe('with one instance behind a storage gate', () => {
  let gate: StorageGate;
  beforeEach(async () => {
    gate = await StorageGate.forConnectionString(testConnectionString()).start();
  });
  afterEach(async () => gate.stop());
  const stores = async () => {
    const prefix = freshPrefix();
    return {
      direct: await freshStore(prefix),
      gated: await openTableStore(gate.connectionString(testConnectionString()), prefix),
    };
  };

  test("a peer's row written before it counted the instance gone does not count as seeing its re-join", async () => {
    const { direct, gated } = await stores();
    const [n, p] = [instance('n'), instance('p')];
    const pHeld = heldBeat(p, gate);
    // N stalls after 60 s. At 241 s P counts it gone, and its row saying so is slow to land: until
    // then its row of 181 s still lists N, as seen at N's first join.
    await simulate(
      305_000,
      [
        ...fleetOfTwo(n, direct, p, gated),
        [121_000, beat(p)],
        [181_000, beat(p)],
        [241_000, pHeld.start],
        [241_500, beat(n)],
        [243_000, beat(n)],
        [250_000, pHeld.release],
        [301_000, beat(p)],
        [302_000, beat(n)],
      ],
      [n, p],
    );
    expect(busiest([n, p])).toBeLessThanOrEqual(FLEET);
    expect(within(n, 63_000, 64_000)).toBe(4);
    expect(within(p, 245_000, 246_000)).toBe(FLEET);
    expect(n.sent.find((t) => t > 2 * PERIOD + 60_000)).toBe(303_000);
  });

  test('a heartbeat that lands after the fence is a gap: the instance joins again', async () => {
    const { direct, gated } = await stores();
    const [n, p] = [instance('n'), instance('p')];
    const nHeld = heldBeat(n, gate);
    // N's heartbeat of 150 s lands only at 245 s; by then P has counted N gone (at 241 s, its row
    // of 60 s three periods old). The row of 150 s alone would let N send until 270 s.
    await simulate(
      325_000,
      [
        ...fleetOfTwo(n, gated, p, direct),
        [121_000, beat(p)],
        [150_000, nHeld.start],
        [181_000, beat(p)],
        [241_000, beat(p)],
        [245_000, nHeld.release],
        [260_000, beat(n)],
        [301_000, beat(p)],
        [320_000, beat(n)],
      ],
      [n, p],
    );
    expect(busiest([n, p])).toBeLessThanOrEqual(FLEET);
    expect(within(p, 250_000, 251_000)).toBe(FLEET);
    expect(within(n, 2 * PERIOD + 60_000, 321_000)).toBe(0);
    expect(n.sent.find((t) => t > 2 * PERIOD + 60_000)).toBe(321_000);
  });
});
