import { ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { Request, Response } from 'restify';
import { BoardAdapter, inboundPolicyOf, publicCloudWith } from '../../bot/teams/adapter';
import { loadConfig } from '../../bot/config';
import { silentLogger } from '../../bot/log';
import { newSigningKey, signToken, startOpenIdServer } from '../support/botTokens';
import { PEOPLE, TENANT } from '../support/fixtures';

const APP_ID = '3f6d2a10-7c1e-4b7a-9d51-2b8e4c0a9f11';
const SERVICE_URL = 'https://smba.trafficmanager.net/uk/';

/**
 * botframework-connector has a second way in besides the channel's tokens: "emulator" tokens, issued
 * by Entra to an app (shaped like the bot's own outbound token) and carrying no `serviceurl` claim.
 * Here the emulator's signing keys are served locally, so the path can be exercised offline.
 */
describe("the library's emulator token path", () => {
  const key = newSigningKey('emulator-key');
  let channel: Awaited<ReturnType<typeof startOpenIdServer>>;
  let emulator: Awaited<ReturnType<typeof startOpenIdServer>>;
  let auth: ConfigurationBotFrameworkAuthentication;
  beforeAll(async () => {
    channel = await startOpenIdServer([newSigningKey('channel-key')]);
    emulator = await startOpenIdServer([key], `https://sts.windows.net/${TENANT}/`);
    auth = new ConfigurationBotFrameworkAuthentication(
      { ...publicCloudWith(channel.metadataUrl), ToBotFromEmulatorOpenIdMetadataUrl: emulator.metadataUrl },
      new ConfigurationServiceClientCredentialFactory({
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'not-used-here',
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: TENANT,
      }),
    );
  });
  afterAll(async () => {
    await channel.stop();
    await emulator.stop();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const emulatorToken = () =>
    signToken(key, {
      iss: `https://sts.windows.net/${TENANT}/`,
      tid: TENANT,
      aud: APP_ID,
      appid: APP_ID,
      ver: '1.0',
      nbf: now() - 60,
      exp: now() + 600,
    });
  const activity = {
    type: 'message',
    text: 'digest',
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    id: 'emu-1',
    from: { id: PEOPLE.ben.id, aadObjectId: PEOPLE.ben.aadObjectId },
    recipient: { id: `28:${APP_ID}` },
    conversation: { id: 'a:1on1', conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
  };

  test('botbuilder on its own accepts such a token, for a service URL of the sender’s choosing', async () => {
    const result = await auth.authenticateRequest(activity as never, `Bearer ${emulatorToken()}`);
    expect(result.claimsIdentity.isAuthenticated).toBe(true);
  });

  test('the bot refuses it with 401 before any handler runs', async () => {
    const config = loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', MicrosoftAppTenantId: TENANT });
    const adapter = new BoardAdapter(auth, silentLogger, inboundPolicyOf(config));
    let status: number | undefined;
    let reached = false;
    const req = { body: activity, headers: { authorization: `Bearer ${emulatorToken()}` } } as unknown as Request;
    const res = { send: (s: number) => void (status = s) } as unknown as Response;
    await adapter.handle(req, res, async () => {
      reached = true;
    });
    expect({ status, reached }).toEqual({ status: 401, reached: false });
  });
});
