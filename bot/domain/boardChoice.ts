/**
 * Which board a person's message is for, where one deployment serves several boards. A plain rule
 * over what the board directory found out; the directory (bot/board/boardDirectory.ts) applies it.
 */

/** What is known of the person and the boards, board ids in the deployment's order. */
export interface BoardChoiceFacts {
  /** Every board of the deployment. */
  boards: readonly string[];
  /** The board the person chose with `use`, if any. */
  chosen?: string;
  /** Boards whose secretariat they are in. */
  secretariatOf: readonly string[];
  /** Boards on which they own an open action. */
  ownerOn: readonly string[];
  /** The message is a secretariat command: only boards whose secretariat they are in can be meant. */
  forSecretariat?: boolean;
}

export type BoardChoice = { board: string } | { ambiguous: string[] };

/**
 * One board: the only one; else the one chosen (while it exists); else the one board the person has
 * to do with (secretariat or owner; for a secretariat command, secretariat only); with none, the first board (which tells them they own nothing);
 * with several and no choice, ambiguous: the person is asked to choose, never answered from a guess.
 */
export function boardChoiceOf(f: BoardChoiceFacts): BoardChoice {
  if (f.boards.length === 1) return { board: f.boards[0] };
  if (f.chosen && f.boards.includes(f.chosen)) return { board: f.chosen };
  const theirs = f.boards.filter((b) => f.secretariatOf.includes(b) || (!f.forSecretariat && f.ownerOn.includes(b)));
  if (theirs.length === 0) return { board: f.boards[0] };
  if (theirs.length === 1) return { board: theirs[0] };
  return { ambiguous: theirs };
}
