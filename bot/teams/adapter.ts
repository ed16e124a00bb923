import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { Config } from '../config';
import { Logger } from '../log';

/**
 * The Bot Framework adapter. With app credentials every inbound request must carry a valid Bot
 * Framework token (the adapter answers 401 otherwise); without them it runs in local mode.
 */
export function createAdapter(config: Config, log: Logger): CloudAdapter {
  const c = config.credentials;
  const factory = new ConfigurationServiceClientCredentialFactory(
    c ? { MicrosoftAppId: c.appId, MicrosoftAppPassword: c.appPassword, MicrosoftAppType: c.appType, MicrosoftAppTenantId: c.tenantId } : {},
  );
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}, factory));
  adapter.onTurnError = async (context, error) => {
    log.error('turn failed', { error, activityType: context.activity.type, conversation: context.activity.conversation?.id });
    if (context.activity.type === 'message') {
      await context.sendActivity('Sorry, something went wrong on our side. Please try again in a minute.').catch(() => undefined);
    }
  };
  return adapter;
}
