import type { Request, Response } from 'restify';
import type { Config } from '../config';
import type { Messenger } from '../domain/ports';
import type { Logger } from '../log';
import { createAdapter } from './adapter';
import { BoardBot, type BoardBotDeps } from './boardBot';
import { ConnectorMessenger } from './connectorMessenger';
import { TurnGuard } from './turnGuard';
import { recordedOnceByTheLedger } from '../replies/cardActions';
import { TenantGuard } from './tenantGuard';
import type { OutboundGate } from '../outbound/outboundGate';
import { gateFor } from '../outbound/gateFor';

/** The one door to the Bot Framework: inbound activities and the outbound messenger. */
export interface TeamsEndpoint {
  process(req: Request, res: Response): Promise<void>;
  messenger: Messenger;
}

/** Builds the adapter and messenger, then the bot with the deps that need the messenger. */
export function createTeamsEndpoint(
  config: Config,
  log: Logger,
  depsFor: (messenger: Messenger) => BoardBotDeps,
  wrap: (messenger: Messenger) => Messenger = (m) => m,
  gate: OutboundGate = gateFor(config, log),
): TeamsEndpoint {
  const adapter = createAdapter(config, log, gate);
  const appId = config.credentials?.appId ?? '';
  const messenger = wrap(new ConnectorMessenger(adapter, appId, appId ? `28:${appId}` : 'board-chaser-local'));
  const deps = depsFor(messenger);
  // Before anything is stored: an activity from another tenant stops here; then a redelivered one.
  adapter.use(new TenantGuard(config.homeTenantId, log.child({ part: 'tenant' })));
  adapter.use(
    new TurnGuard(deps.first.deps.store.turns, deps.first.deps.clock, log.child({ part: 'turns' }), {
      safeToRepeat: (a) =>
        a.name === 'adaptiveCard/action' &&
        recordedOnceByTheLedger((a.value as { action?: { verb?: unknown } } | undefined)?.action?.verb),
    }),
  );
  const bot = new BoardBot(deps);
  return {
    process: (req, res) => adapter.handle(req, res, (ctx) => bot.run(ctx)),
    messenger,
  };
}

/** Just the outbound side, for command-line tools that send without serving HTTP. */
export function createMessenger(
  config: Config,
  log: Logger,
  wrap: (messenger: Messenger) => Messenger = (m) => m,
  gate: OutboundGate = gateFor(config, log),
): Messenger {
  const appId = config.credentials?.appId ?? '';
  return wrap(
    new ConnectorMessenger(createAdapter(config, log, gate), appId, appId ? `28:${appId}` : 'board-chaser-local'),
  );
}
