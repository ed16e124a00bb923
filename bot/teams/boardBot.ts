import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
} from 'botbuilder';
import { type Owner, isOpen } from '../domain/types';
import { type Actor, type CardTurn, handleCardAction } from '../replies/cardActions';
import { routeCommand, routeFile } from '../commands/routeCommand';
import { sentFileOf } from '../chatFiles/sentFile';
import type { CommandDeps } from '../commands/context';
import { readRoster, rememberTurnName, saveMember, syncRoster, teamIdOf } from './roster';
import { addTeamMember, forgetTeam, removeTeamMember } from '../board/teamRoster';
import type { BoardDirectory, BoardRuntime } from '../board/boardDirectory';
import { boardOfActionData, scopedToBoard } from '../../cards/boardScope';

/** What the bot's Teams handlers need from the rest of the service: the deployment's boards. */
export type BoardBotDeps = BoardDirectory;

/** What a person reads when they first open the app: what it will do for them, as owner or secretariat. */
async function welcomeText(dir: BoardBotDeps, owner: Owner): Promise<string> {
  const hello = owner.name ? `Hello ${owner.name.split(' ')[0]}!` : 'Hello!';
  const perBoard = await Promise.all(
    dir.boards.map(async (b) => ({
      open: (await b.deps.store.actions.listAll()).filter((a) => a.ownerEmail === owner.email && isOpen(a)).length,
      secretariat: (await b.deps.access.roleOf(owner.aadObjectId)) === 'secretariat',
    })),
  );
  const open = perBoard.reduce((n, b) => n + b.open, 0);
  const secretariat = perBoard.some((b) => b.secretariat);
  const parts = [hello];
  if (open > 0)
    parts.push(
      `You own ${open} open board action${open === 1 ? '' : 's'}. Once a week I will ask for their status on one card; type "my actions" to update them now.`,
    );
  if (secretariat)
    parts.push('You are in the board secretariat: type "digest", "nonresponders" or "chase" at any time.');
  if (open === 0 && !secretariat)
    parts.push(
      "I chase the owners of the board's actions and post the weekly digest to the board channel. You own no actions at the moment.",
    );
  if (dir.several && perBoard.filter((b) => b.open > 0 || b.secretariat).length > 1)
    parts.push('You are on more than one board: type "use" to choose which one your commands are for.');
  parts.push('Type "help" for everything I can do.');
  return parts.join(' ');
}

/** In a team's channel: the team's id and name, and the channel's id, as Teams gives them. */
const teamOf = (ctx: TurnContext): { teamId?: string; teamName?: string; channelId?: string } => {
  const teamId = teamIdOf(ctx);
  if (!teamId) return {};
  const cd = ctx.activity.channelData as { team?: { name?: string }; channel?: { id?: string } } | undefined;
  return { teamId, teamName: cd?.team?.name, channelId: cd?.channel?.id ?? ctx.activity.conversation.id.split(';')[0] };
};

/** The Teams activity handler: installs, chat commands and card actions. Thin: the work is done outside botbuilder. */
export class BoardBot extends TeamsActivityHandler {
  /** What every board shares (people, turns, the clock and log): the first board's deps carry them. */
  private readonly deps: CommandDeps;

  constructor(private readonly dir: BoardBotDeps) {
    super();
    const deps = dir.first.deps;
    this.deps = deps;
    this.onInstallationUpdateAdd(async (ctx, next) => {
      await this.installed(ctx);
      await next();
    });
    this.onMembersAdded(async (ctx, next) => {
      const botAdded = ctx.activity.membersAdded?.some((m) => m.id === ctx.activity.recipient.id);
      if (botAdded) await this.installed(ctx);
      else if (ctx.activity.conversation.conversationType === 'channel') {
        const team = teamIdOf(ctx);
        for (const m of ctx.activity.membersAdded ?? []) {
          const member = await TeamsInfo.getMember(ctx, m.id);
          const saved = await saveMember(deps.store, ctx, member);
          if (team && member.aadObjectId)
            await addTeamMember(
              deps.store.shared,
              team,
              { aadObjectId: member.aadObjectId, email: saved?.email, name: member.name },
              deps.clock().toISOString(),
            );
        }
      }
      await next();
    });
    this.onMembersRemoved(async (ctx, next) => {
      await this.removed(ctx);
      await next();
    });
    this.onMessage(async (ctx, next) => {
      await this.message(ctx);
      await next();
    });
  }

  /** Installed in a personal chat (remember the chat) or in a team (read the roster). Safe to repeat. */
  private async installed(ctx: TurnContext): Promise<void> {
    const type = ctx.activity.conversation.conversationType;
    const log = this.deps.log.child({ conversation: ctx.activity.conversation.id, type });
    if (type === 'personal') {
      const owner = await this.rememberPersonalChat(ctx);
      // Teams (and the Playground) send installationUpdate and conversationUpdate together: the claim makes one welcome.
      if (
        owner &&
        !owner.welcomedAt &&
        (await this.deps.store.shared.claim(`welcomed:${owner.email}`, this.deps.clock().toISOString()))
      ) {
        await this.deps.store.owners.save({ email: owner.email, welcomedAt: this.deps.clock().toISOString() });
        await ctx.sendActivity(await welcomeText(this.dir, owner));
      }
      log.info('installed in personal chat', { owner: owner?.email });
      return;
    }
    const team = teamIdOf(ctx);
    if (type === 'channel' || team) {
      // An install never makes a board: the secretariat chooses the board channel on purpose.
      const count = await syncRoster(this.deps.store, ctx);
      const channels = await this.dir.channels();
      const board = channels.find((c) => c?.teamId === team) ?? channels.find(Boolean);
      if (
        board?.teamId !== team &&
        (await this.deps.store.shared.claim(`teamWelcomed:${team}`, this.deps.clock().toISOString()))
      )
        await ctx.sendActivity(
          board
            ? 'Hello! I chase the owners of the board\'s actions in Teams and post the board\'s weekly digest in its own channel, in another team: adding me here changes nothing of that. Owners in this team can open a chat with me and type "my actions".'
            : 'Hello! I chase the owners of the board\'s actions in Teams and post a weekly digest in the board\'s channel. A member of the board secretariat can make a channel the board channel by @mentioning me there with "make this the board channel".',
        );
      log.info('installed in team', { members: count, boardTeam: board?.teamId === team });
    }
  }

  /** Members left a team (its roster is kept current), or the app was removed from it (nobody is recorded in it). */
  private async removed(ctx: TurnContext): Promise<void> {
    const team = teamIdOf(ctx);
    if (!team) return;
    const gone = ctx.activity.membersRemoved ?? [];
    if (gone.some((m) => m.id === ctx.activity.recipient.id)) {
      await forgetTeam(this.deps.store.shared, team);
      const channels = await this.dir.channels();
      this.deps.log.warn('removed from a team', { team, boardTeam: channels.some((c) => c?.teamId === team) });
      return;
    }
    const owners = gone.some((m) => !m.aadObjectId) ? await this.deps.store.owners.list() : [];
    for (const m of gone) {
      const id = m.aadObjectId ?? owners.find((o) => o.teamsUserId === m.id)?.aadObjectId;
      if (id) await removeTeamMember(this.deps.store.shared, team, id);
    }
  }

  /** Saves the person at the other end of a 1:1 chat, with the chat's reference for proactive sends. */
  private async rememberPersonalChat(ctx: TurnContext): Promise<Owner | undefined> {
    const member = await TeamsInfo.getMember(ctx, ctx.activity.from.id);
    const conversation = JSON.stringify(TurnContext.getConversationReference(ctx.activity));
    return saveMember(this.deps.store, ctx, member, {
      conversation,
      reachability: 'reachable',
      unreachableReason: undefined,
      updatedAt: this.deps.clock().toISOString(),
    });
  }

  private async message(ctx: TurnContext): Promise<void> {
    const text = TurnContext.removeRecipientMention(ctx.activity) ?? ctx.activity.text ?? '';
    let actor = ctx.activity.from.aadObjectId
      ? await this.deps.store.owners.getByAadObjectId(ctx.activity.from.aadObjectId)
      : undefined;
    if (!actor && ctx.activity.conversation.conversationType === 'personal')
      actor = await this.rememberPersonalChat(ctx);
    else actor = await rememberTurnName(this.deps.store, actor, ctx.activity.from.name);
    const type = ctx.activity.conversation.conversationType ?? 'personal';
    const turn = {
      conversationId: ctx.activity.conversation.id,
      activityId: ctx.activity.id ?? '',
      conversation: JSON.stringify(TurnContext.getConversationReference(ctx.activity)),
      ...teamOf(ctx),
    };
    const who = { aadObjectId: ctx.activity.from.aadObjectId, name: ctx.activity.from.name };
    // A file sent in the 1:1 chat (supportsFiles) is read as a plan or minutes, whatever text came with it.
    const file = type === 'personal' ? sentFileOf(ctx.activity.attachments) : undefined;
    const { board, reply } = file
      ? await routeFile(this.dir, who, actor, file, turn)
      : await routeCommand(this.dir, who, actor, text, type, turn);
    await ctx.sendActivity(
      reply.card
        ? MessageFactory.attachment(CardFactory.adaptiveCard(this.scoped(reply.card, board)))
        : MessageFactory.text(reply.text ?? ''),
    );
  }

  /** Where there are several boards, the card's actions name the board that sent it. */
  private scoped<T>(card: T, board: BoardRuntime): T {
    return this.dir.several ? scopedToBoard(card, board.id) : card;
  }

  protected override async onAdaptiveCardInvoke(
    ctx: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const actor: Actor = { aadObjectId: ctx.activity.from.aadObjectId, name: ctx.activity.from.name };
    const scoped = boardOfActionData(value.action?.data);
    // A card sent before the deployment had several boards names none: it came from the first.
    const board = this.dir.byId(scoped.board) ?? this.dir.first;
    const log = board.deps.log.child({ turn: ctx.activity.id, verb: value.action?.verb, board: board.id });
    const turn: CardTurn = {
      conversation: JSON.stringify(TurnContext.getConversationReference(ctx.activity)),
      conversationType: ctx.activity.conversation.conversationType ?? 'personal',
      ...teamOf(ctx),
      readRoster: () => readRoster(this.deps.store, ctx, this.deps.clock),
    };
    const card = await handleCardAction({ ...board.deps, log, turn }, actor, value.action?.verb, scoped.data);
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: this.scoped(card, board) };
  }
}
