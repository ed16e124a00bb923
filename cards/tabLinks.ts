/**
 * Links from cards to the app's Teams tabs (bot/tab). With the Teams app's id (TEAMS_APP_ID) they are
 * Teams deep links, which open the tab inside Teams (signed in); without one (local mode, the Agents
 * Playground) the tab pages' own https addresses (PUBLIC_URL), which open a browser; with neither, none.
 * Built from configuration passed in by whoever renders the card: there is no module state.
 */
export interface TabLinks {
  /** The board report: digest, 8-week chart and the whole action register. */
  boardReport?: string;
  /** The owner's own open actions, with the same update form as the chase card. */
  myActions?: string;
}

/** What the links are made from: the configuration, and the board channel where the Board report tab is. */
export interface TabLinkSettings {
  /** The public https address of the bot (PUBLIC_URL). */
  publicUrl?: string;
  /** The Teams app's id, the manifest's `id` (TEAMS_APP_ID). */
  teamsAppId?: string;
}

/**
 * The tabs' entity ids: My actions is the manifest's static tab (manifest/manifest.template.json), the
 * Board report the channel tab's configuration (web/src/configPage.ts). A test checks both.
 */
export const TAB_ENTITY = { myActions: 'my-actions', boardReport: 'board-report' } as const;

const TEAMS_ENTITY = 'https://teams.microsoft.com/l/entity';

/** A Teams deep link to one of the app's tabs; a channel tab names its channel in `context`. */
export const teamsTabLink = (teamsAppId: string, entityId: string, label: string, channelId?: string): string => {
  const q = new URLSearchParams({ label });
  if (channelId) q.set('context', JSON.stringify({ channelId }));
  return `${TEAMS_ENTITY}/${encodeURIComponent(teamsAppId)}/${encodeURIComponent(entityId)}?${q}`;
};

/** The links the cards carry, for a board whose channel (with the Board report tab) is `boardChannelId`. */
export function tabLinksFor(settings: TabLinkSettings | undefined, boardChannelId?: string): TabLinks | undefined {
  const base = settings?.publicUrl?.replace(/\/+$/, '');
  const appId = settings?.teamsAppId;
  const links: TabLinks = {
    myActions: appId ? teamsTabLink(appId, TAB_ENTITY.myActions, 'My actions') : base && `${base}/tab/my-actions`,
    boardReport:
      appId && boardChannelId
        ? teamsTabLink(appId, TAB_ENTITY.boardReport, 'Board report', boardChannelId)
        : base && `${base}/tab/board`,
  };
  return links.myActions || links.boardReport ? links : undefined;
}
