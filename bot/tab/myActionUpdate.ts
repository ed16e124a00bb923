import type { FormValues } from '../../cards/chasePromptCard';
import type { ActionKey } from '../domain/types';
import { londonDate } from '../domain/calendar';
import { saveOwnerUpdate } from '../replies/saveUpdate';
import { recordedText } from '../replies/ownerCard';
import type { UpdateResponse } from './tabApi';
import type { UpdateBody } from './tabQuery';
import { registerRow } from './register';
import type { TabDataDeps } from './tabData';

/**
 * An owner's update from My actions, through the chase card's own path (bot/replies/saveUpdate.ts):
 * the same ownership check, stale-revision check, parsing, board rules and durable recording.
 * 200 recorded, 422 refused (a message per field, the card's words), 409 changed since the page loaded.
 */
export async function updateMyAction(
  deps: TabDataDeps,
  email: string,
  key: ActionKey,
  body: UpdateBody,
): Promise<{ status: number; body: UpdateResponse }> {
  const now = deps.clock();
  const values: FormValues = {
    status: body.status,
    rag: body.rag,
    narrative: body.narrative,
    percent: body.percent,
    proposedDate: body.proposedDate,
    proposedReason: body.proposedReason,
    evidenceUrl: body.evidenceUrl,
  };
  const outcome = await saveOwnerUpdate(deps.store, { email }, { ...key, rev: body.rev }, values, now);
  const today = londonDate(now);
  switch (outcome.kind) {
    case 'refused':
      return {
        status: 422,
        body: {
          outcome: 'refused',
          message: `${key.ref} needs a little more before it can be saved.`,
          errors: outcome.errors,
        },
      };
    case 'stale':
      return {
        status: 409,
        body: {
          outcome: 'stale',
          message: `${key.ref} changed since this page was loaded, so nothing was recorded. Its current state is shown; update it again if you need to.`,
          action: { ...registerRow(outcome.current, today), revision: outcome.current.revision },
        },
      };
    case 'recorded':
      return {
        status: 200,
        body: {
          outcome: 'recorded',
          message: `Thank you. ${key.ref} is recorded for the board.`,
          recorded: recordedText(outcome.action, now),
          action: { ...registerRow(outcome.action, today), revision: outcome.action.revision },
        },
      };
  }
}
