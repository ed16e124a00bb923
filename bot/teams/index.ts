import type { Request, Response } from 'restify';
import { Config } from '../config';
import { Messenger } from '../domain/ports';
import { Logger } from '../log';
import { createAdapter } from './adapter';
import { BoardBot, BoardBotDeps } from './boardBot';
import { ConnectorMessenger } from './connectorMessenger';

/** The one door to the Bot Framework: inbound activities and the outbound messenger. */
export interface TeamsEndpoint {
  process(req: Request, res: Response): Promise<void>;
  messenger: Messenger;
}

export function createTeamsEndpoint(config: Config, deps: BoardBotDeps, log: Logger): TeamsEndpoint {
  const adapter = createAdapter(config, log);
  const bot = new BoardBot(deps);
  const appId = config.credentials?.appId ?? '';
  return {
    process: (req, res) => adapter.process(req, res, (ctx) => bot.run(ctx)),
    messenger: new ConnectorMessenger(adapter, appId, appId ? `28:${appId}` : 'board-chaser-local'),
  };
}
