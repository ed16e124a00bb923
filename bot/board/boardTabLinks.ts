import { type TabLinkSettings, type TabLinks, tabLinksFor } from '../../cards/tabLinks';
import type { SettingsRepository } from '../domain/ports';
import { boardChannelOf } from './boardChannel';

/** The cards' links to the app's tabs for this board: the Board report tab is in the board channel, when there is one. */
export async function boardTabLinks(
  settings: TabLinkSettings | undefined,
  board: SettingsRepository,
): Promise<TabLinks | undefined> {
  if (!settings?.teamsAppId) return tabLinksFor(settings);
  return tabLinksFor(settings, (await boardChannelOf(board))?.channelId);
}
