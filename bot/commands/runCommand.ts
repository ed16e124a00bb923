import type { Owner } from '../domain/types';
import { BoardBotError, ErrorCode, userMessageFor } from '../errors';
import type { Actor } from '../replies/cardActions';
import { COMMANDS, type Command, parseCommand } from './parseCommand';
import { type CommandDeps, type CommandHandler, type CommandReply, type TurnInfo, isSecretariat } from './context';
import { digest, exceptions, exportCsv, exportHtml, help, myActions, overdue, preview, status } from './boardViews';
import { approveDate, nonresponders, reassign, rejectDate } from './secretariatActions';
import { chase, postDigest } from './jobCommands';
import { close, returnToOwner } from './closure';
import { away, delegate, revokeDelegate } from './away';

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
};

/** Runs one chat message as a command: secretariat commands for the secretariat only, any failure a clear reply. */
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
  const ctx = { actor, turn, owner, conversationType, isSecretariat: isSecretariat(deps.secretariat, actor, owner) };
  const command = parsed.command;
  try {
    if (COMMANDS.find((c) => c.name === command.name)?.secretariat && !ctx.isSecretariat) {
      throw new BoardBotError(
        ErrorCode.NotSecretariat,
        `"${command.name}" is for the board secretariat. Type "help" to see what you can do.`,
      );
    }
    const handler = HANDLERS[command.name] as CommandHandler<Command['name']>;
    return await handler(deps, ctx, command);
  } catch (e) {
    if (e instanceof BoardBotError) deps.log.info('command refused', { command: command.name, code: e.code });
    else deps.log.error('command failed', { command: command.name, error: e });
    return { text: userMessageFor(e) };
  }
}
