import type { App } from '../../bot/app';
import { boardChannelOf, setBoardChannel } from '../../bot/board/boardChannel';
import { addTeamMember } from '../../bot/board/teamRoster';
import { BOARD_TEAM } from './botHarness';
import { PEOPLE, type Person } from './fixtures';

/**
 * Seats people in the board's team as a Teams install and "make this the board channel" would leave
 * it: the board channel set (by Sam, once) and each person in that team's roster.
 */
export async function seatInBoardTeam(app: App, people: Person[], at: string): Promise<void> {
  if (!(await boardChannelOf(app.store.settings)))
    await setBoardChannel(app.store.settings, {
      conversation: JSON.stringify({ conversation: { id: BOARD_TEAM.general, conversationType: 'channel' } }),
      teamId: BOARD_TEAM.id,
      teamName: BOARD_TEAM.name,
      channelId: BOARD_TEAM.general,
      setBy: PEOPLE.sam.aadObjectId,
      setAt: at,
    });
  for (const p of people)
    await addTeamMember(app.store.settings, BOARD_TEAM.id, { aadObjectId: p.aadObjectId, email: p.email }, '');
}
