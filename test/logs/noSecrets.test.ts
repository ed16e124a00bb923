import { importPlanRows } from '../../bot/import/importPlan';
import { parsePlanCsv } from '../../bot/import/planCsv';
import { inputKey } from '../../cards/chasePromptCard';
import { exportLink } from '../../bot/digest/exportLinks';
import { type BotProcess, startBotProcess } from '../support/botProcess';
import { type SigningKey, newSigningKey, signToken, startOpenIdServer } from '../support/botTokens';
import { ConnectorStandIn } from '../support/connectorStandIn';
import { PEOPLE, SEED_ROWS, TENANT, planCsv } from '../support/fixtures';
import { freePort } from '../support/freePort';
import { freshPrefix, freshStore, testConnectionString } from '../support/storage';

const APP_ID = '3f6d2a10-7c1e-4b7a-9d51-2b8e4c0a9f11';
const APP_PASSWORD = 'Zq8~app-password-canary-7Hf2.kR4pW9sT1vX3yB6nM0';
const CPC = 'lga-cpc-action-plan-2023';
const LINK_SECRET = 'export-link-secret-canary-0123456789abcdef';
const NARRATIVE = 'Counsel flagged a conflict of interest with the Part C author; narrative canary 5521.';

let bot: BotProcess;
let connector: ConnectorStandIn;
let openId: Awaited<ReturnType<typeof startOpenIdServer>>;
const trusted = newSigningKey('board-test-key');
const attacker = newSigningKey('board-test-key');

beforeAll(async () => {
  connector = await new ConnectorStandIn().start();
  openId = await startOpenIdServer([trusted]);
  const prefix = freshPrefix();
  const store = await freshStore(prefix);
  await importPlanRows(store, parsePlanCsv(planCsv(SEED_ROWS)).rows, new Date('2026-11-16T09:00:00Z'));
  await store.owners.save({
    email: PEOPLE.amira.email,
    aadObjectId: PEOPLE.amira.aadObjectId,
    teamsUserId: PEOPLE.amira.id,
    tenantId: TENANT,
    serviceUrl: connector.url,
  });
  // The real bot process: everything it prints, on stdout and stderr, is what an operator's log store keeps.
  bot = await startBotProcess(
    {
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: APP_PASSWORD,
      MicrosoftAppTenantId: TENANT,
      BOT_OPENID_METADATA_URL: openId.metadataUrl,
      // The Bot Connector stand-in listens on loopback: allowed by name, as a sovereign cloud's host would be.
      SERVICE_URL_HOSTS: '127.0.0.1',
      EXPORT_LINK_SECRET: LINK_SECRET,
      STORAGE_CONNECTION_STRING: testConnectionString(),
      TABLE_PREFIX: prefix,
    },
    await freePort(),
  );
});
afterAll(async () => {
  await bot?.kill();
  await openId.stop();
  await connector.stop();
});

const now = () => Math.floor(Date.now() / 1000);
const token = (key: SigningKey, over: Record<string, unknown> = {}) =>
  signToken(key, {
    iss: 'https://api.botframework.com',
    aud: APP_ID,
    nbf: now() - 60,
    exp: now() + 600,
    serviceurl: connector.url,
    ...over,
  });
const send = (authorization: string, activity: Record<string, unknown>) =>
  fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({
      channelId: 'msteams',
      serviceUrl: connector.url,
      id: `in-${Math.random()}`,
      from: { id: PEOPLE.amira.id, name: PEOPLE.amira.name, aadObjectId: PEOPLE.amira.aadObjectId },
      recipient: { id: `28:${APP_ID}` },
      conversation: { id: `a:1on1-${PEOPLE.amira.id}`, conversationType: 'personal', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
      ...activity,
    }),
  }).then(async (r) => ({ status: r.status, text: await r.text() }));
const saveUpdate = (ref: string, rev: unknown, narrative: string, rag = 'Amber') => {
  const key = inputKey({ planId: CPC, ref });
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: {
      action: {
        type: 'Action.Execute',
        verb: 'saveUpdate',
        data: {
          planId: CPC,
          ref,
          rev,
          [`status|${key}`]: 'In progress',
          [`rag|${key}`]: rag,
          [`narrative|${key}`]: narrative,
        },
      },
    },
  };
};

test('turns that carry a narrative, a bearer token and the app password leave none of them in the logs', async () => {
  const good = token(trusted);
  const forged = token(attacker);
  // Accepted and recorded; then refused (too long); then a malformed payload; then a forged and an expired token.
  expect((await send(`Bearer ${good}`, saveUpdate('R4.2', 1, NARRATIVE))).text).toContain('is recorded');
  expect((await send(`Bearer ${good}`, saveUpdate('R6.2', 1, NARRATIVE.repeat(40)))).text).toContain('Not saved');
  expect((await send(`Bearer ${good}`, saveUpdate('R6.2', NARRATIVE, NARRATIVE))).status).toBe(200);
  expect((await send(`Bearer ${forged}`, saveUpdate('R6.2', 1, NARRATIVE))).status).toBe(401);
  expect((await send(`Bearer ${token(trusted, { exp: now() - 3600 })}`, saveUpdate('R6.2', 1, NARRATIVE))).status).toBe(
    401,
  );
  // A value a client sends that the bot logs (a button's verb), carrying a secret.
  const oddVerb = {
    ...saveUpdate('R6.2', 1, NARRATIVE),
    value: { action: { type: 'Action.Execute', verb: APP_PASSWORD } },
  };
  expect((await send(`Bearer ${good}`, oddVerb)).text).toContain('did not send what I expected');
  // A chat message whose reply needs an outbound token from Entra with the app password (unreachable here).
  await send(`Bearer ${good}`, { type: 'message', text: `my actions ${NARRATIVE} ${APP_PASSWORD}` });

  // Export links, good and tampered: their signatures are bearer secrets for an hour.
  const link = exportLink(bot.url, LINK_SECRET, 'csv', {}, new Date());
  const sig = new URL(link).searchParams.get('sig') as string;
  expect((await fetch(link)).status).toBe(200);
  expect((await fetch(link.replace('expires=', 'expires=9'))).status).toBe(403);

  await bot.kill('SIGTERM');
  const lines = bot
    .output()
    .split('\n')
    .filter((l) => l.trim());
  expect(lines.length).toBeGreaterThan(4);
  const notJson = lines.filter((l) => {
    try {
      return typeof JSON.parse(l) !== 'object';
    } catch {
      return true;
    }
  });
  const secrets = {
    narrative: NARRATIVE,
    token: good,
    forged,
    signature: good.split('.')[2],
    password: APP_PASSWORD,
    linkSecret: LINK_SECRET,
    linkSig: sig,
  };
  const leaks = Object.entries(secrets).flatMap(([what, secret]) =>
    lines.filter((l) => l.includes(secret)).map((l) => `${what}: ${l.slice(0, 300)}`),
  );
  expect({ notJson: notJson.length, leaks }).toEqual({ notJson: 0, leaks: [] });
}, 60_000);
