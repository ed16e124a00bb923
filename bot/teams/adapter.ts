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
import { AuthenticationConstants } from 'botframework-connector';

/**
 * The public cloud's settings with another OpenID metadata URL. botbuilder takes all of these or
 * none: naming one alone leaves the token issuer unset and every token is refused.
 */
const publicCloudWith = (openIdMetadataUrl: string): ConfigurationBotFrameworkAuthenticationOptions => ({
  ValidateAuthority: true,
  ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
  ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
  ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
  OAuthUrl: AuthenticationConstants.OAuthUrl,
  ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
  ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
  CallerId: CallerIdConstants.PublicAzureChannel,
});
import type { Config } from '../config';
import type { Logger } from '../log';

/**
 * CloudAdapter with the request's authentication done first and on its own, so that every failure
 * to authenticate (a forged signature, a token for another app, unreachable signing keys) is a 401
 * with a log line, where botbuilder would answer some of them 500 with the error text.
 */
export class BoardAdapter extends CloudAdapter {
  constructor(
    private readonly auth: ConfigurationBotFrameworkAuthentication,
    private readonly log: Logger,
  ) {
    super(auth);
  }

  async handle(req: Request, res: Response, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = req.body as Activity;
    const header = String(req.headers.authorization ?? '');
    let authenticated: Awaited<ReturnType<typeof this.auth.authenticateRequest>>;
    try {
      authenticated = await this.auth.authenticateRequest(activity, header);
    } catch (e) {
      this.log.warn('request refused: not authenticated', {
        reason: e instanceof Error ? e.message : String(e),
        activityType: activity.type,
        hasToken: header.length > 0,
      });
      res.send(401, { error: 'unauthorized' });
      return;
    }
    const invoke = await this.processActivity(authenticated, activity, logic);
    if (invoke?.body !== undefined) res.send(invoke.status ?? 200, invoke.body);
    else res.send(invoke?.status ?? 200);
  }
}

/**
 * The Bot Framework adapter. With app credentials every inbound request must carry a valid Bot
 * Framework token (the adapter answers 401 otherwise); without them it runs in local mode.
 */
export function createAdapter(config: Config, log: Logger): BoardAdapter {
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
  const adapter = new BoardAdapter(new ConfigurationBotFrameworkAuthentication(options, factory), log);
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
