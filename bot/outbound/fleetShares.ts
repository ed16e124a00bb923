import type { BoardStore } from '../domain/ports';
import type { Logger } from '../log';
import type { OutboundGate } from './outboundGate';

/** Membership of the fleet that shares one tenant budget. */
export interface FleetMembership {
  /** Live instances seen at the last heartbeat, this one included. */
  instances(): number;
  /** Leaves the fleet (the others take its share at their next heartbeat). */
  leave(): Promise<void>;
}

const PREFIX = 'instance:';

/**
 * Joins the instances that share this storage account, and so one tenant budget: each writes a
 * heartbeat row every `heartbeatMs` and sends at (tenant rate less headroom) / live instances. A
 * heartbeat older than three periods is a dead instance's. A newcomer that finds others sends
 * nothing for one and a half periods and a second, long enough for every other instance to have
 * seen it, cut its share and let its older sends leave the window, so the fleet never sends at
 * more than the whole budget even while it grows.
 */
export async function joinFleet(
  store: BoardStore,
  gate: OutboundGate,
  heartbeatMs: number,
  instanceId: string,
  log: Logger,
  now: () => number = Date.now,
): Promise<FleetMembership> {
  let live = 1;
  let left = false;
  const beat = async () => {
    if (left) return;
    await store.shared.set(`${PREFIX}${instanceId}`, new Date(now()).toISOString());
    const rows = await store.shared.listPrefix(PREFIX);
    const alive = rows.filter((r) => now() - Date.parse(r.value) <= 3 * heartbeatMs);
    if (left) return;
    if (alive.length !== live) log.info('fleet size changed', { instances: alive.length, was: live });
    live = Math.max(1, alive.length);
    gate.budget.setInstances(live);
  };
  await beat();
  // Alone at the first look: nobody sends without knowing of us (a later joiner sees us and waits).
  // Otherwise wait until every other instance has had a heartbeat to see us and then a whole second
  // for its sends at the old share to leave the one-second window.
  if (live > 1) gate.budget.holdUntil(now() + Math.ceil(heartbeatMs * 1.5) + 1_000);
  const timer = setInterval(
    () =>
      void beat().catch((e: unknown) => {
        // Others may soon count this instance as gone and take its share: send as if one more had joined.
        gate.budget.setInstances(live + 1);
        log.warn('heartbeat not written', { error: e });
      }),
    heartbeatMs,
  );
  timer.unref();
  return {
    instances: () => live,
    leave: async () => {
      left = true;
      clearInterval(timer);
      await store.shared.release(`${PREFIX}${instanceId}`).catch(() => undefined);
    },
  };
}
