import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { loadConfig } from '../config';
import { type CliContext, runCli } from './runCli';
import { chaseSettingsOf, openConfiguredStore } from '../app';
import { boardsIn } from '../boardsConfig';
import { boardMessenger } from '../board/boardMessenger';
import { runChaseCycle } from '../jobs/chaseCycle';
import { createMessenger } from '../teams';
import { DEFAULT_OUTBOUND, ThrottledMessenger } from '../outbound/throttledMessenger';
import { createLogger } from '../log';
import { gateFor } from '../outbound/gateFor';
import { joinFleet } from '../outbound/fleetShares';
import { ownerReachFor } from '../graph';

const argsSchema = z.object({
  cycle: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,80}$/)
    .optional(),
});

/** `npm run chase [-- --cycle ID]`: runs a chase cycle now (or resumes the named one) and prints what happened. */
async function main(cli: CliContext): Promise<number> {
  const raw = process.argv.slice(2);
  const i = raw.indexOf('--cycle');
  const args = argsSchema.safeParse({ cycle: i >= 0 ? raw[i + 1] : undefined });
  if (!args.success) {
    console.error('Usage: npm run chase [-- --cycle <cycle id>]');
    return 2;
  }
  const config = loadConfig();
  const log = createLogger({ service: 'board-chaser', job: 'chase-cli' });
  const { store, board, azurite } = await openConfiguredStore(config, log);
  if (azurite) cli.beforeExit(azurite.stop);
  let throttled: ThrottledMessenger | undefined;
  const gate = gateFor(config, log);
  // One id for the fleet's heartbeat and the cycle's claims: unique even for two runs that are both pid 1 in containers.
  const instanceId = `cli-${process.pid}-${randomUUID().slice(0, 6)}`;
  const shares = await joinFleet(store, gate, config.outbound.heartbeatMs, instanceId, log);
  const messenger = createMessenger(
    config,
    log,
    (m) => {
      throttled = new ThrottledMessenger(
        m,
        { ...DEFAULT_OUTBOUND, tenantPerSecond: config.outbound.tenantPerSecond },
        log,
      );
      return throttled;
    },
    gate,
  );
  let stopping = false;
  let cycle: Promise<unknown> = Promise.resolve();
  cli.whenStopping(async () => {
    // Stop claiming, release what waits, and wait for the cycle to record what it sent and hand back the rest.
    stopping = true;
    gate.stop();
    throttled?.stop();
    await cycle.catch(() => undefined);
  });
  const deps = {
    store,
    messenger: boardsIn(config).length > 1 ? boardMessenger(messenger, board.id) : messenger,
    clock: () => new Date(),
    settings: chaseSettingsOf(config, board),
    log,
    instanceId,
    claimLeaseMs: config.outbound.claimLeaseMs,
    stopping: () => stopping,
    concurrency: config.outbound.concurrency,
    reach: ownerReachFor(config, log),
  };
  const running = runChaseCycle(deps, 'manual', args.data.cycle);
  cycle = running;
  const report = await running;
  await shares.leave();
  console.log(JSON.stringify(report));
  return 0;
}

runCli('Chase', main);
