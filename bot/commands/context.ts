import type { FlagSettings } from '../domain/challengeFlags';
import type { AdaptiveCardJson } from '../../cards/render';
import type { TabLinkSettings } from '../../cards/tabLinks';
import type { BoardStore, Clock } from '../domain/ports';
import type { Owner } from '../domain/types';
import type { BoardRole } from '../domain/access';
import type { BoardAccess } from '../board/boardAccess';
import type { Digest } from '../domain/digest';
import type { Logger } from '../log';
import type { ChaseSettings } from '../domain/chasePolicy';
import type { JobQueue } from '../jobs/jobQueue';
import type { DigestQuery } from '../digest/loadDigest';
import type { ExportKind } from '../digest/exportLinks';
import type { Actor } from '../replies/cardActions';
import type { Command } from './parseCommand';

/** What chat commands need from the rest of the service. */
export interface CommandDeps {
  store: BoardStore;
  clock: Clock;
  log: Logger;
  /** Who is in the secretariat, who may read the board, and where the board channel is. */
  access: BoardAccess;
  /** Where commands that take more than a moment put their work (chase, post digest). */
  jobs: JobQueue;
  /** How owners are chased (to say how many a chase will prompt). */
  chaseSettings: ChaseSettings;
  /** The 8-week chart as a data URI, or undefined if it cannot be drawn. */
  chart(d: Digest): Promise<string | undefined>;
  /** Posts a card to the board channel; false when the bot has not been added to a team yet. */
  postToBoardChannel(card: AdaptiveCardJson, summary: string): Promise<boolean>;
  /** Sends a card to one person's 1:1 chat. */
  sendToPerson(owner: Owner, card: AdaptiveCardJson, summary: string): Promise<void>;
  /** Sends a line of text to one person's 1:1 chat (an export link, never posted in a shared conversation). */
  sendTextToPerson(owner: Owner, text: string): Promise<void>;
  exportLink(kind: ExportKind, q: DigestQuery): string;
  /**
   * The other boards' stores, where the deployment serves several: for what is the deployment's to do
   * rather than one board's (erasing a person, who is one person on every board).
   */
  otherBoards?: readonly BoardStore[];
  /** What the cards' links to the app's tabs are made from (cards/tabLinks.ts); none: no links. */
  tabLinks?: TabLinkSettings;
  /** The board's thresholds for challenge flags (FLAG_* settings), for every digest and register it builds. */
  flags: FlagSettings;
}

/** The activity a command came in: its ids, and the reference to answer in that conversation later. */
export interface TurnInfo {
  conversationId: string;
  activityId: string;
  /** The conversation reference, as JSON, for a proactive reply. */
  conversation: string;
  /** In a team's channel: the team and channel ids, and the team's name, as Teams gave them. */
  teamId?: string;
  teamName?: string;
  channelId?: string;
}

/** Who asked, and where. */
export interface CommandContext {
  actor: Actor;
  turn?: TurnInfo;
  owner?: Owner;
  conversationType: string;
  /** The asker's role on the board (bot/domain/access.ts): secretariat, member of the board's team, or outsider. */
  role: BoardRole;
  isSecretariat: boolean;
}

/** What the bot says back: a card or a line of text. */
export interface CommandReply {
  card?: AdaptiveCardJson;
  text?: string;
}

export type CommandHandler<N extends Command['name']> = (
  deps: CommandDeps,
  ctx: CommandContext,
  command: Extract<Command, { name: N }>,
) => Promise<CommandReply>;
