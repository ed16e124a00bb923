import { scopedToBoard } from '../../cards/boardScope';
import type { Messenger } from '../domain/ports';

/** A messenger whose cards name the board that sends them, so their clicks come back to it (several boards only). */
export const boardMessenger = (m: Messenger, board: string): Messenger => ({
  sendCard: (to, card, summary) => m.sendCard(to, scopedToBoard(card, board), summary),
  updateCard: (conversation, activityId, card) => m.updateCard(conversation, activityId, scopedToBoard(card, board)),
  sendText: (to, text) => m.sendText(to, text),
});
