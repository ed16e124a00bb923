import type { BoardDirectory, BoardRuntime } from '../board/boardDirectory';
import type { Owner } from '../domain/types';
import type { Actor } from '../replies/cardActions';
import type { CommandReply, TurnInfo } from './context';
import { COMMANDS, parseCommand } from './parseCommand';
import { runCommand } from './runCommand';
import { chooseBoardText, useBoard } from './useBoard';
import { fileSent } from './fileSent';
import type { SentFileFound } from '../chatFiles/sentFile';

/**
 * Runs a chat message on the board it is for: in a board's channel, that board; elsewhere the board
 * the person uses (bot/domain/boardChoice.ts). A person on several boards who has not chosen is asked
 * to choose, never answered from a guess. Says which board answered, so its cards can carry it.
 */
export async function routeCommand(
  dir: BoardDirectory,
  actor: Actor,
  owner: Owner | undefined,
  text: string,
  conversationType: string,
  turn?: TurnInfo,
): Promise<{ board: BoardRuntime; reply: CommandReply }> {
  const run = async (board: BoardRuntime) => ({
    board,
    reply: await runCommand(board.deps, actor, owner, text, conversationType, turn),
  });
  if (!dir.several) return run(dir.first);
  const parsed = parseCommand(text);
  const asker = { aadObjectId: actor.aadObjectId, email: owner?.email };
  if (parsed.ok && parsed.command.name === 'use')
    return { board: dir.first, reply: await useBoard(dir, asker, parsed.command.board) };
  const inChannel = conversationType === 'channel' ? await dir.forChannel(turn?.teamId, turn?.channelId) : undefined;
  if (inChannel) return run(inChannel);
  const spec = parsed.ok ? COMMANDS.find((c) => c.name === parsed.command.name) : undefined;
  const choice = await dir.choiceFor(asker, spec?.secretariat === true);
  if ('board' in choice) return run(choice.board);
  if (parsed.ok && parsed.command.name === 'help') return run(choice.ambiguous[0]);
  return { board: dir.first, reply: { text: chooseBoardText(choice.ambiguous) } };
}

/** A file sent in the 1:1 chat (a plan, minutes): for the board whose secretariat the sender is in. */
export async function routeFile(
  dir: BoardDirectory,
  actor: Actor,
  owner: Owner | undefined,
  file: SentFileFound,
  turn: TurnInfo,
): Promise<{ board: BoardRuntime; reply: CommandReply }> {
  const run = async (board: BoardRuntime) => ({
    board,
    reply: await fileSent(board.deps, actor, owner, file, turn),
  });
  if (!dir.several) return run(dir.first);
  const choice = await dir.choiceFor({ aadObjectId: actor.aadObjectId, email: owner?.email }, true);
  if ('board' in choice) return run(choice.board);
  return { board: dir.first, reply: { text: chooseBoardText(choice.ambiguous) } };
}
