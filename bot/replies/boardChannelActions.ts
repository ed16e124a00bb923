import { noticeCard } from '../../cards/noticeCard';
import { BoardBotError, ErrorCode } from '../errors';
import type { Handler } from './cardActions';

/**
 * Confirm on "make this the board channel?": a secretariat member (checked again at the click), in the
 * channel the card was posted in. The channel becomes the board's, its team's roster is read afresh (its
 * members are the board's readers), and the change is recorded (who, when).
 */
export const confirmBoardChannel: Handler<'confirmBoardChannel'> = async (deps, actor, p) => {
  const t = deps.turn;
  if (!deps.access || !t) throw new Error('board channel confirmed without the board access or the turn');
  if (!actor.aadObjectId || (await deps.access.roleOf(actor.aadObjectId)) !== 'secretariat')
    throw new BoardBotError(ErrorCode.NotSecretariat, 'Only the board secretariat can choose the board channel.');
  if (t.conversationType !== 'channel' || t.teamId !== p.teamId || t.channelId !== p.channelId)
    throw new BoardBotError(ErrorCode.InvalidSubmit, 'This card belongs to another channel; nothing was changed.');
  const previous = await deps.access.setChannel(
    { conversation: t.conversation, teamId: p.teamId, teamName: t.teamName, channelId: p.channelId },
    { aadObjectId: actor.aadObjectId, name: actor.name },
  );
  const readers = t.readRoster ? await t.readRoster() : undefined;
  deps.log.info('board channel set', { teamId: p.teamId, moved: Boolean(previous) });
  return noticeCard({
    title: 'This is the board channel',
    text: `The weekly digest will be posted here${previous ? ` (it was posted in ${previous.teamName ?? 'another channel'} until now)` : ''}.${readers !== undefined ? ` The ${readers} people in this team can read the board.` : ''} Set by ${actor.name ?? 'a secretariat member'}.`,
    style: 'good',
  });
};

export const cancelBoardChannel: Handler<'cancelBoardChannel'> = async (deps, actor) => {
  if (!actor.aadObjectId || (await deps.access?.roleOf(actor.aadObjectId)) !== 'secretariat')
    throw new BoardBotError(ErrorCode.NotSecretariat, 'Only the board secretariat can choose the board channel.');
  return noticeCard({ title: 'Nothing changed', text: 'The board channel stays where it was.' });
};
