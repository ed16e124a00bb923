/**
 * Cards of a deployment of several boards carry their board: every Action.Execute's data gets `board`,
 * so a click is answered by the board that sent the card (bot/teams/boardBot.ts reads it back).
 */

const BOARD_KEY = 'board';

/** The card with `board` added to every Action.Execute's data, however deep; the card itself is not changed. */
export function scopedToBoard<T>(card: T, board: string): T {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = walk(v);
    if (out.type === 'Action.Execute') out.data = { ...((out.data as object | undefined) ?? {}), [BOARD_KEY]: board };
    return out;
  };
  return walk(card) as T;
}

/** The board a click's data names, and the data without it (what the verb's schema parses). */
export function boardOfActionData(data: unknown): { board?: string; data: unknown } {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { data };
  const { [BOARD_KEY]: board, ...rest } = data as Record<string, unknown>;
  return { board: typeof board === 'string' ? board : undefined, data: rest };
}
