import type { BoardStore } from '../domain/ports';
import type { Logger } from '../log';
import { fencedFrom, heartbeatValue, joinSeen, livePeers, type Member } from './fleetRules';
import type { OutboundGate } from './outboundGate';
import { WINDOW_MS } from './tenantBudget';

/** Membership of the fleet that shares one tenant budget. */
export interface FleetMembership {
  /** Live instances seen at the last look, this one included. */
  instances(): number;
  /** One heartbeat now: looks at the others' rows, then writes this one's (the timer calls it every period). */
  beat(): Promise<void>;
  /** Leaves the fleet: sends nothing more (the others take its share a second after they see it gone). */
  leave(): Promise<void>;
}

const PREFIX = 'instance:';

/**
 * Joins the instances that share this storage account, and so one tenant budget: each looks at
 * the others' heartbeat rows every `heartbeatMs`, sends at (tenant rate less headroom) / live
 * instances, then writes its row, listing whom it counted. A heartbeat older than three periods is
 * a gone instance's. The join is acknowledged, not timed: a newcomer that finds others sends
 * nothing until every live one lists it (so has cut its share), and a second more for their sends
 * at the old share to leave the window. An instance whose last heartbeat written is two periods
 * old sends nothing (the others may soon count it gone and take its share); once one is written
 * again it joins again the same way. The rules are bot/outbound/fleetRules.ts; this is their adapter.
 */
export async function joinFleet(
  store: BoardStore,
  gate: OutboundGate,
  heartbeatMs: number,
  instanceId: string,
  log: Logger,
  now: () => number = Date.now,
): Promise<FleetMembership> {
  const name = `${PREFIX}${instanceId}`;
  let live = 1;
  let left = false;
  /** This join's mark (its ISO time): a peer lists it once it has seen this join. */
  let joined = new Date(now()).toISOString();
  let seenByAll = false;
  let sendFrom = Number.POSITIVE_INFINITY;
  let lastWritten = Number.NEGATIVE_INFINITY;
  /** The live peers at the last look, as this row lists them. */
  let seen: Member[] = [];

  const admit = () =>
    gate.budget.admitBetween(left ? Number.POSITIVE_INFINITY : sendFrom, fencedFrom(lastWritten, heartbeatMs));
  admit();

  const joinAgain = (at: number, gapMs: number) => {
    if (seenByAll)
      log.warn('no heartbeat written for too long: this instance sent nothing meanwhile and joins the fleet again', {
        gapMs,
      });
    joined = new Date(at).toISOString();
    seenByAll = false;
    sendFrom = Number.POSITIVE_INFINITY;
    admit();
  };

  const look = async (first: boolean) => {
    const rows = await store.shared.listPrefix(PREFIX);
    const at = now();
    const peers = livePeers(
      rows.map((r) => ({ id: r.name.slice(PREFIX.length), value: r.value })),
      instanceId,
      at,
      heartbeatMs,
    );
    seen = peers.map((p) => ({ id: p.id, joined: p.joined }));
    if (left) return;
    if (1 + peers.length !== live) log.info('fleet size changed', { instances: 1 + peers.length, was: live });
    live = 1 + peers.length;
    gate.budget.setInstances(live, at);
    if (!seenByAll && joinSeen(peers, { id: instanceId, joined })) {
      seenByAll = true;
      // Alone at the first look: nobody sends without knowing of us (a later joiner waits for us).
      sendFrom = first && peers.length === 0 ? at : at + WINDOW_MS;
      admit();
      if (peers.length > 0)
        log.info('every live instance has seen this one: sending from a second on', { instances: live });
    }
  };

  const write = async () => {
    for (;;) {
      const at = now();
      const fenced = lastWritten > Number.NEGATIVE_INFINITY && at >= fencedFrom(lastWritten, heartbeatMs);
      if (fenced) joinAgain(at, at - lastWritten);
      await store.shared.set(name, heartbeatValue({ at, members: [{ id: instanceId, joined }, ...seen] }));
      const landed = now();
      // Fenced while this row was on its way: the others may have counted this instance gone.
      const late = !fenced && lastWritten > Number.NEGATIVE_INFINITY && landed >= fencedFrom(lastWritten, heartbeatMs);
      const gapMs = landed - lastWritten;
      lastWritten = at;
      admit();
      if (!late || left) return;
      joinAgain(landed, gapMs);
    }
  };

  // One heartbeat at a time: rows are written in order, each after the look it lists.
  let running: Promise<void> = Promise.resolve();
  const beat = (): Promise<void> => {
    const run = running.then(async () => {
      if (left) return;
      await look(false).catch((e: unknown) => log.warn('heartbeats not read', { error: e }));
      await write();
    });
    running = run.catch(() => undefined);
    return run;
  };

  // First the row, then the look: of two instances starting together, at least one sees the other.
  await write();
  await look(true);
  // Say at once whom it saw: an instance joining at the same moment waits for that.
  if (seen.length > 0) await write();
  if (!seenByAll) log.info('waiting for the live instances to see this one', { instances: live });

  // A period from the start of the last heartbeat (real time, whatever clock the rows are stamped with).
  let timer: NodeJS.Timeout | undefined;
  const next = (started: number) => {
    if (left) return;
    timer = setTimeout(
      () => {
        const start = performance.now();
        void beat()
          .catch((e: unknown) => log.warn('heartbeat not written', { error: e }))
          .finally(() => next(start));
      },
      Math.max(0, started + heartbeatMs - performance.now()),
    );
    timer.unref();
  };
  next(performance.now());
  return {
    instances: () => live,
    beat,
    leave: async () => {
      left = true;
      admit();
      clearTimeout(timer);
      await running;
      await store.shared.release(name).catch(() => undefined);
    },
  };
}
