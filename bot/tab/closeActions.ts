import { z } from 'zod';
import { commitChange } from '../replies/recordReply';
import type { TabDataDeps } from './tabData';
import { type Viewer, secretariatActor } from './tabAccess';
import { actionKeySchema } from './tabQuery';

/** Actions to close at once after a board meeting (their plan and reference). */
export const closeBodySchema = z.object({ actions: z.array(actionKeySchema).min(1).max(200) });

export interface CloseResponse {
  message: string;
  lines: { ref: string; closed: boolean; message: string }[];
}

/**
 * Closes several actions awaiting closure, each its own commit with the Ledger's rules checked on the state it
 * replaces (bot/domain/recordReply.ts), so one that cannot be closed is reported and does not stop the rest.
 */
export async function closeActions(
  deps: TabDataDeps,
  v: Viewer,
  body: z.infer<typeof closeBodySchema>,
): Promise<{ body: CloseResponse }> {
  const actor = secretariatActor(v);
  const lines: CloseResponse['lines'] = [];
  for (const key of body.actions) {
    const current = await deps.store.actions.get(key);
    if (!current) {
      lines.push({ ref: key.ref, closed: false, message: `${key.ref} is not in the plan.` });
      continue;
    }
    const outcome = await commitChange(
      deps.store,
      key,
      { reply: { kind: 'close' }, actor },
      deps.clock(),
      undefined,
      current,
    );
    lines.push(
      outcome.kind === 'recorded'
        ? { ref: key.ref, closed: true, message: `${key.ref}: closed by the board.` }
        : { ref: key.ref, closed: false, message: outcome.message },
    );
  }
  const closed = lines.filter((l) => l.closed).length;
  return { body: { message: `Closed ${closed} of ${lines.length}; each closure is in its action's history.`, lines } };
}
