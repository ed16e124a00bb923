import type { Owner } from '../domain/types';
import { mayReadBoard, mayShowBoardIn } from '../domain/access';
import { BoardBotError, ErrorCode, NOT_A_BOARD_READER, userMessageFor } from '../errors';
import type { Actor } from '../replies/cardActions';
import { COMMANDS, type Command, type CommandSpec, parseCommand } from './parseCommand';
import type { CommandContext, CommandDeps, CommandHandler, CommandReply, TurnInfo } from './context';
import { digest, exceptions, exportCsv, exportHtml, help, myActions, overdue, preview, status } from './boardViews';
import { approveDate, nonresponders, reassign, rejectDate } from './secretariatActions';
import { chase, postDigest } from './jobCommands';
import { addSecretariat, listSecretariat, makeBoardChannel, removeSecretariat } from './boardAdmin';
import { boardMeeting, boardPaper, boardReport } from './boardPapers';
import { minutes } from './minutesCommand';
import { erasePerson } from './erasePerson';
import { close, returnToOwner } from './closure';
import { away, delegate, revokeDelegate } from './away';
import { useOneBoard } from './useBoard';

/** Commands by name: each gets its arguments already validated by parseCommand's schema. */
const HANDLERS: { [N in Command['name']]: CommandHandler<N> } = {
  help,
  'my actions': myActions,
  digest,
  preview,
  exceptions,
  overdue,
  status,
  away,
  delegate,
  'revoke delegate': revokeDelegate,
  'post digest': postDigest,
  chase,
  nonresponders,
  reassign,
  'approve date': approveDate,
  'reject date': rejectDate,
  close,
  return: returnToOwner,
  'export csv': exportCsv,
  'export html': exportHtml,
  'make this the board channel': makeBoardChannel,
  'add secretariat': addSecretariat,
  'remove secretariat': removeSecretariat,
  secretariat: listSecretariat,
  'board meeting': boardMeeting,
  'board report': boardReport,
  'board paper': boardPaper,
  minutes,
  'erase person': erasePerson,
  use: useOneBoard,
};

/**
 * Where a reply that shows the board goes: here in a 1:1 chat or a channel of the board's team; anywhere
 * else (a group chat, another team) to the asker's 1:1 chat, as the others in the conversation may not be readers.
 */
async function placed(
  deps: CommandDeps,
  ctx: CommandContext,
  reply: CommandReply,
  what: string,
): Promise<CommandReply> {
  if (!reply.card) return reply;
  const board = await deps.access.channel();
  if (mayShowBoardIn({ conversationType: ctx.conversationType, teamId: ctx.turn?.teamId }, board?.teamId)) return reply;
  if (!ctx.owner?.aadObjectId) throw new BoardBotError(ErrorCode.NoAccess, 'Ask me that in our 1:1 chat, please.');
  await deps.sendToPerson(ctx.owner, reply.card, what);
  return {
    text: "I have sent that to you in our 1:1 chat: this conversation may include people outside the board's team.",
  };
}

/** Runs one chat message as a command: who may run or read what decided first, any failure a clear reply. */
export async function runCommand(
  deps: CommandDeps,
  actor: Actor,
  owner: Owner | undefined,
  text: string,
  conversationType = 'personal',
  turn?: TurnInfo,
): Promise<CommandReply> {
  const parsed = parseCommand(text);
  if (!parsed.ok) {
    if (parsed.problem) return { text: parsed.problem };
    const shown = parsed.text.length > 60 ? `${parsed.text.slice(0, 60)}…` : parsed.text;
    return {
      text: parsed.suggestion
        ? `I don't know "${shown}". Did you mean "${parsed.suggestion}"? Type "help" for everything I can do.`
        : `I don't know "${shown}". Type "help" for everything I can do.`,
    };
  }
  const command = parsed.command;
  try {
    const role = await deps.access.roleOf(actor.aadObjectId);
    const ctx: CommandContext = { actor, turn, owner, conversationType, role, isSecretariat: role === 'secretariat' };
    const spec: CommandSpec | undefined = COMMANDS.find((c) => c.name === command.name);
    if (spec?.secretariat && !ctx.isSecretariat) {
      throw new BoardBotError(
        ErrorCode.NotSecretariat,
        `"${command.name}" is for the board secretariat. Type "help" to see what you can do.`,
      );
    }
    if (spec?.shows === 'board' && !mayReadBoard(role)) throw new BoardBotError(ErrorCode.NoAccess, NOT_A_BOARD_READER);
    const handler = HANDLERS[command.name] as CommandHandler<Command['name']>;
    const reply = await handler(deps, ctx, command);
    return spec?.shows ? await placed(deps, ctx, reply, `${command.name} (board)`) : reply;
  } catch (e) {
    if (e instanceof BoardBotError) deps.log.info('command refused', { command: command.name, code: e.code });
    else deps.log.error('command failed', { command: command.name, error: e });
    return { text: userMessageFor(e) };
  }
}
