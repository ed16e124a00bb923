import templateJson from './board-channel-confirm.json';
import { type AdaptiveCardJson, cardTemplate, renderCard } from './render';

const template = cardTemplate(templateJson);

/** Asking a secretariat member to confirm that this channel becomes (or replaces) the board channel. */
export interface BoardChannelConfirmInput {
  teamId: string;
  channelId: string;
  teamName?: string;
  /** The team whose channel has the digest now, when there is one. */
  currentTeamName?: string;
}

export const boardChannelConfirmData = (c: BoardChannelConfirmInput) => ({
  teamId: c.teamId,
  channelId: c.channelId,
  what: `The weekly board digest, with every Red and Amber comment, will be posted in this channel, and the members of ${c.teamName ?? 'this team'} will be able to read the board in chat and in the Board report tab.`,
  moving: c.currentTeamName
    ? `The digest is posted in ${c.currentTeamName} now: it will move here, and that team's members will no longer read the board unless they are in this team too.`
    : '',
});

export const boardChannelConfirmCard = (c: BoardChannelConfirmInput): AdaptiveCardJson =>
  renderCard(template, boardChannelConfirmData(c));
