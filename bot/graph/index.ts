import type { Config } from '../config';
import type { OwnerReach } from '../domain/ports';
import type { Logger } from '../log';
import { graphCredentialFor } from './credential';
import { GraphHttp } from './graphHttp';
import { GraphOwnerReach } from './ownerReach';

/**
 * The one door to Microsoft Graph: how the bot reaches owners who have no chat with it, or
 * undefined when installing the app for them is off (GRAPH_INSTALL_ENABLED).
 */
export function ownerReachFor(config: Config, log: Logger): OwnerReach | undefined {
  if (!config.graph) return undefined;
  const http = new GraphHttp(config.graph, graphCredentialFor(config.graph));
  return new GraphOwnerReach(http, config.graph, log.child({ part: 'graph' }));
}

export { GraphUnavailable } from './graphHttp';
