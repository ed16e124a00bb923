import type { Config } from '../config';
import type { Logger } from '../log';
import { OutboundGate } from './outboundGate';

/** The outbound gate for these settings: this instance's share of the tenant rate, less headroom. */
export const gateFor = (config: Config, log?: Logger): OutboundGate =>
  new OutboundGate(
    { tenantPerSecond: config.outbound.tenantPerSecond, headroom: config.outbound.headroom },
    config.outbound.sendTimeoutMs,
    log,
  );
