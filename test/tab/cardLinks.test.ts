import { readFileSync } from 'node:fs';
import path from 'node:path';
import { digestCard } from '../../cards/digestCard';
import { TAB_ENTITY, tabLinksFor } from '../../cards/tabLinks';
import { loadConfig } from '../../bot/config';
import { buildDigest } from '../../bot/domain/digest';
import { uuidV5 } from '../../bot/teamsAppId';
import { anAction, PEOPLE } from '../support/fixtures';
import { BOARD_TEAM, type Harness, cardOf, startHarness } from '../support/botHarness';
import { PUBLIC_URL } from './support/tabApp';

/**
 * The cards' "Open the board report" and "Open My actions": Teams deep links to the app's tabs when the
 * bot knows the Teams app's id, the tab pages' https addresses without one (local mode), else no button.
 */
const TEAMS_APP_ID = '0f8d3c52-6a1e-4b7f-9c2d-3e4f5a6b7c8d';
const digest = buildDigest({
  week: '2026-W48',
  asOf: '2026-11-27T12:00:00Z',
  today: '2026-11-27',
  scope: 'LGA CPC Action Plan 2023',
  now: [anAction()],
  trend: [],
  nonresponders: [],
  unreachable: [],
});
const openUrls = (card: Record<string, unknown>) =>
  ((card.actions ?? []) as { type: string; title: string; url?: string }[]).filter((a) => a.type === 'Action.OpenUrl');
const deepLink = (url: string) => {
  const u = new URL(url);
  const [, l, entity, appId, entityId] = u.pathname.split('/');
  return {
    origin: u.origin,
    path: `${l}/${entity}`,
    appId,
    entityId,
    context: u.searchParams.get('context') ? JSON.parse(u.searchParams.get('context') as string) : undefined,
  };
};

test("the links' entity ids are the manifest's static tab and the channel tab's configuration", () => {
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../manifest/manifest.template.json'), 'utf8'));
  const staticTab = manifest.staticTabs.find((t: { name?: string }) => t.name === 'My actions');
  expect(staticTab.entityId).toBe(TAB_ENTITY.myActions);
  const configPage = readFileSync(path.join(__dirname, '../../web/src/configPage.ts'), 'utf8');
  expect(configPage).toContain(`entityId: '${TAB_ENTITY.boardReport}'`);
});

test('the Teams app id is the one the app is packaged with: derived from the bot id, or TEAMS_APP_ID; none locally', () => {
  const bot = { MicrosoftAppId: 'A1B2C3', MicrosoftAppPassword: 's3cret', MicrosoftAppTenantId: 'contoso.example' };
  expect(loadConfig(bot).teamsAppId).toBe(uuidV5('a1b2c3'));
  expect(loadConfig({ ...bot, TEAMS_APP_ID: TEAMS_APP_ID.toUpperCase() }).teamsAppId).toBe(TEAMS_APP_ID);
  expect(loadConfig({}).teamsAppId).toBeUndefined();
  expect(() => loadConfig({ TEAMS_APP_ID: 'board-actions' })).toThrow(/TEAMS_APP_ID must be the Teams app's id/);
});

test('without a Teams app id: the https tab pages (local mode, the Playground); with neither, no button at all', () => {
  const links = tabLinksFor({ publicUrl: `${PUBLIC_URL}/` });
  expect(links).toEqual({ boardReport: `${PUBLIC_URL}/tab/board`, myActions: `${PUBLIC_URL}/tab/my-actions` });
  expect(openUrls(digestCard(digest, undefined, undefined, links))).toEqual([
    { type: 'Action.OpenUrl', title: 'Open the board report', url: `${PUBLIC_URL}/tab/board` },
  ]);
  expect(tabLinksFor({})).toBeUndefined();
  expect(openUrls(digestCard(digest))).toEqual([]);
  expect(JSON.stringify(digestCard(digest))).not.toContain('${');
  // An app id but no board channel yet: My actions in Teams, the board report as its page.
  expect(tabLinksFor({ publicUrl: PUBLIC_URL, teamsAppId: TEAMS_APP_ID })?.boardReport).toBe(`${PUBLIC_URL}/tab/board`);
});

describe('cards sent in Teams carry deep links (Azurite + Bot Connector stand-in)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: { publicUrl: PUBLIC_URL, teamsAppId: TEAMS_APP_ID } });
    await h.installInTeam();
  });
  afterAll(() => h.stop());

  test('"Open the board report" on the digest opens the Board report tab in the board channel, inside Teams', async () => {
    await h.say(PEOPLE.sam, 'digest');
    const [open] = openUrls(cardOf(h.chatWith(PEOPLE.sam).at(-1) ?? {}));
    expect(open?.title).toBe('Open the board report');
    expect(deepLink(open.url as string)).toEqual({
      origin: 'https://teams.microsoft.com',
      path: 'l/entity',
      appId: TEAMS_APP_ID,
      entityId: TAB_ENTITY.boardReport,
      context: { channelId: BOARD_TEAM.general },
    });
  });

  test('"Open My actions" on the chase card opens the personal tab inside Teams', async () => {
    await h.say(PEOPLE.amira, 'my actions');
    const card = cardOf(h.chatWith(PEOPLE.amira).at(-1) ?? {});
    const [open] = openUrls(card);
    expect(open?.title).toBe('Open My actions');
    expect(deepLink(open.url as string)).toEqual({
      origin: 'https://teams.microsoft.com',
      path: 'l/entity',
      appId: TEAMS_APP_ID,
      entityId: TAB_ENTITY.myActions,
      context: undefined,
    });
    // The card's own buttons are untouched.
    expect((card.actions as { verb?: string }[]).map((a) => a.verb ?? 'open')).toEqual(['open', 'noChangeAll']);
  });
});
