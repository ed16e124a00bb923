import {
  type Activity,
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from 'botbuilder';
import type { Request, Response } from 'restify';
import { AuthenticationConstants, type ClaimsIdentity, ConnectorFactory } from 'botframework-connector';
import type { ConnectorClient } from 'botframework-connector';
import { type OutboundGate, retryAfterMs } from '../outbound/outboundGate';
import { gateFor } from '../outbound/gateFor';

/**
 * The public cloud's settings with another OpenID metadata URL. botbuilder takes all of these or
 * none: naming one alone leaves the token issuer unset and every token is refused.
 */
export const publicCloudWith = (openIdMetadataUrl: string): ConfigurationBotFrameworkAuthenticationOptions => ({
  ValidateAuthority: true,
  ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
  ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
  ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
  OAuthUrl: AuthenticationConstants.OAuthUrl,
  ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
  ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
  CallerId: CallerIdConstants.PublicAzureChannel,
});
import { type Config, INBOUND_DEFAULTS } from '../config';
import { type ServiceUrlPolicy, serviceUrlAllowed } from './serviceUrls';
import type { Logger } from '../log';

/** The parts of @azure/core-rest-pipeline's request and pipeline that the gate needs. */
interface PipelineRequest {
  method: string;
  url: string;
  body?: unknown;
  timeout: number;
}
interface PipelineResponse {
  status: number;
  headers: { get(name: string): string | undefined };
}
interface Pipeline {
  removePolicy(options: { name?: string; phase?: 'Retry' }): unknown[];
  addPolicy(
    policy: {
      name: string;
      sendRequest(
        req: PipelineRequest,
        next: (req: PipelineRequest) => Promise<PipelineResponse>,
      ): Promise<PipelineResponse>;
    },
    options?: { phase?: 'Serialize' | 'Retry' | 'Sign'; afterPhase?: 'Retry' },
  ): void;
}

/**
 * botbuilder's connector client retries on its own (5xx, 408 and network errors with backoff, 429
 * after Retry-After), outside our limiter and blind to whether a message was already stored. Its
 * Retry-phase policies are removed, and every attempt (replies in a turn, proactive sends, roster
 * reads) passes through the outbound gate instead, with a timeout of its own.
 */
export function gateConnectorClient(client: ConnectorClient, gate: OutboundGate): ConnectorClient {
  const pipeline = (client as unknown as { client?: { pipeline?: Pipeline } }).client?.pipeline;
  if (!pipeline) throw new Error('botbuilder changed: the connector client has no HTTP pipeline to gate');
  pipeline.removePolicy({ phase: 'Retry' });
  pipeline.removePolicy({ name: 'boardOutboundGate' });
  pipeline.addPolicy(
    {
      name: 'boardOutboundGate',
      async sendRequest(req, next) {
        await gate.before({
          method: req.method,
          url: req.url,
          body: typeof req.body === 'string' ? req.body : undefined,
        });
        if (!req.timeout) req.timeout = gate.timeoutMs;
        try {
          const res = await next(req);
          gate.after(res.status, retryAfterMs(res.headers.get('retry-after')));
          return res;
        } catch (e) {
          gate.after(undefined, undefined);
          throw e;
        }
      },
    },
    { afterPhase: 'Retry' },
  );
  return client;
}

/** What an inbound request must be beyond a valid token: see createAdapter. */
export interface InboundPolicy {
  /** With credentials: the `iss` of every accepted token (the channel's), whichever path botbuilder took. */
  tokenIssuer?: string;
  serviceUrls: ServiceUrlPolicy;
}

/** Hands out connector clients that go through the gate, and only for service URLs the policy allows. */
class GatedConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly gate: OutboundGate,
    private readonly serviceUrls: ServiceUrlPolicy,
  ) {
    super();
  }

  async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    // Every send (replies, proactive messages, roster reads) gets its client here: none to an unknown host.
    if (!serviceUrlAllowed(serviceUrl, this.serviceUrls))
      throw new Error(`refusing to send to a service URL outside the allowed hosts (${new URL(serviceUrl).host})`);
    return gateConnectorClient(await this.inner.create(serviceUrl, audience), this.gate);
  }
}

/** Bot Framework authentication whose connector clients are gated. */
class GatedAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    options: ConfigurationBotFrameworkAuthenticationOptions,
    factory: ConfigurationServiceClientCredentialFactory,
    private readonly gate: OutboundGate,
    private readonly serviceUrls: ServiceUrlPolicy,
  ) {
    super(options, factory);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new GatedConnectorFactory(super.createConnectorFactory(claimsIdentity), this.gate, this.serviceUrls);
  }
}

/**
 * CloudAdapter with the request's authentication done first and on its own, so that every failure
 * to authenticate (a forged signature, a token for another app, unreachable signing keys) is a 401
 * with a log line, where botbuilder would answer some of them 500 with the error text. Then two
 * checks botbuilder does not make on every path:
 * - the token's issuer must be the channel's. botframework-connector also accepts "emulator" tokens
 *   (issued by Entra to an app, such as the bot's own outbound token) with no `serviceurl` claim,
 *   so such a token would let its holder name any service URL; only channel tokens are taken here;
 * - the activity's serviceUrl must be one the bot may post to (loopback in local mode, Teams' hosts
 *   with credentials): the reply, with the bot's token, goes there.
 */
export class BoardAdapter extends CloudAdapter {
  constructor(
    private readonly auth: ConfigurationBotFrameworkAuthentication,
    private readonly log: Logger,
    private readonly policy: InboundPolicy,
  ) {
    super(auth);
  }

  async handle(req: Request, res: Response, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = req.body as Activity;
    const header = String(req.headers.authorization ?? '');
    const refuse = (status: 401 | 403, why: string, extra: Record<string, unknown> = {}) => {
      this.log.warn(`request refused: ${why}`, { activityType: activity.type, hasToken: header.length > 0, ...extra });
      res.send(status, { error: status === 401 ? 'unauthorized' : 'forbidden' });
    };
    let authenticated: Awaited<ReturnType<typeof this.auth.authenticateRequest>>;
    try {
      authenticated = await this.auth.authenticateRequest(activity, header);
    } catch (e) {
      refuse(401, 'not authenticated', { reason: e instanceof Error ? e.message : String(e) });
      return;
    }
    if (this.policy.tokenIssuer !== undefined) {
      const issuer = authenticated.claimsIdentity.getClaimValue(AuthenticationConstants.IssuerClaim);
      if (issuer !== this.policy.tokenIssuer) {
        refuse(401, 'token not issued by the Bot Framework channel', { issuer });
        return;
      }
    }
    if (!serviceUrlAllowed(activity.serviceUrl, this.policy.serviceUrls)) {
      refuse(403, 'service URL not allowed', {
        serviceHost: URL.canParse(activity.serviceUrl ?? '') ? new URL(activity.serviceUrl).host : undefined,
      });
      return;
    }
    const invoke = await this.processActivity(authenticated, activity, logic);
    if (invoke?.body !== undefined) res.send(invoke.status ?? 200, invoke.body);
    else res.send(invoke?.status ?? 200);
  }
}

/** The inbound policy of a configuration: no issuer to check in local mode (no tokens at all). */
export function inboundPolicyOf(config: Config): InboundPolicy {
  const inbound = config.inbound ?? INBOUND_DEFAULTS;
  return {
    tokenIssuer: config.credentials ? inbound.tokenIssuer : undefined,
    serviceUrls: { local: !config.credentials, hosts: inbound.serviceUrlHosts },
  };
}

/**
 * The Bot Framework adapter. With app credentials every inbound request must carry a valid Bot
 * Framework token (the adapter answers 401 otherwise); without them it runs in local mode.
 */
export function createAdapter(config: Config, log: Logger, gate: OutboundGate = gateFor(config, log)): BoardAdapter {
  const c = config.credentials;
  const factory = new ConfigurationServiceClientCredentialFactory(
    c
      ? {
          MicrosoftAppId: c.appId,
          MicrosoftAppPassword: c.appPassword,
          MicrosoftAppType: c.appType,
          MicrosoftAppTenantId: c.tenantId,
        }
      : {},
  );
  const options = c?.openIdMetadataUrl ? publicCloudWith(c.openIdMetadataUrl) : {};
  const policy = inboundPolicyOf(config);
  const adapter = new BoardAdapter(new GatedAuthentication(options, factory, gate, policy.serviceUrls), log, policy);
  adapter.onTurnError = async (context, error) => {
    log.error('turn failed', {
      error,
      activityType: context.activity.type,
      conversation: context.activity.conversation?.id,
    });
    if (context.activity.type === 'message') {
      await context
        .sendActivity('Sorry, something went wrong on our side. Please try again in a minute.')
        .catch(() => undefined);
    }
  };
  return adapter;
}
