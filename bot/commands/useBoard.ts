import type { Asker, BoardDirectory, BoardRuntime } from '../board/boardDirectory';
import type { CommandHandler, CommandReply } from './context';

const label = (b: BoardRuntime) => `${b.name} ("use ${b.id}")`;

/** What a person on several boards is told when a message could be for any of them. */
export const chooseBoardText = (boards: readonly BoardRuntime[]): string =>
  `You are on ${boards.length} boards: ${boards.map(label).join(', ')}. Say which one your commands are for, e.g. "use ${boards[0].id}"; I will keep to it until you choose another.`;

/** `use` in a deployment of one board: nothing to choose. */
export const useOneBoard: CommandHandler<'use'> = async () => ({
  text: 'I serve one board here, so your commands are always for it.',
});

/** `use` (list the boards and the person's part in each) or `use <board>` (keep to that board). */
export async function useBoard(dir: BoardDirectory, asker: Asker, id: string | undefined): Promise<CommandReply> {
  if (!id) {
    const [roles, current] = await Promise.all([dir.rolesOf(asker), dir.choiceFor(asker)]);
    const lines = dir.boards.map((b) => {
      const parts = [
        roles.secretariatOf.includes(b.id) ? 'you are in its secretariat' : undefined,
        roles.ownerOn.includes(b.id) ? 'you own open actions on it' : undefined,
      ].filter(Boolean);
      return `- ${label(b)}${parts.length ? `: ${parts.join(', ')}` : ''}`;
    });
    const now = 'board' in current ? `Your commands are for ${current.board.name}.` : 'Choose one with "use <id>".';
    return { text: `I serve ${dir.boards.length} boards here:\n${lines.join('\n')}\n\n${now}` };
  }
  const board = dir.byId(id);
  if (!board) return { text: `There is no board "${id}" here. The boards are: ${dir.boards.map(label).join(', ')}.` };
  if (!asker.aadObjectId) return { text: 'Teams did not say who you are, so I cannot keep your choice.' };
  await dir.choose(asker.aadObjectId, board);
  return { text: `Your commands are now for ${board.name}, until you choose another board.` };
}
