import type { Action } from '../domain/types';
import type { CommandDeps } from './context';

/**
 * Tells an action's owner, in their 1:1 chat, what the board secretariat decided. True when told;
 * false when the bot has not met them in Teams or the message could not be sent (the caller says so).
 */
export const tellOwner = (deps: CommandDeps, action: Action, text: string, summary: string): Promise<boolean> =>
  tellPerson(deps, action.ownerEmail, text, summary);

/** Tells one person the bot knows, by email, in their 1:1 chat; false when they cannot be told. */
export async function tellPerson(deps: CommandDeps, email: string, text: string, summary: string): Promise<boolean> {
  const owner = (await deps.store.owners.get(email))?.value;
  if (!owner || !(owner.conversation || owner.aadObjectId)) return false;
  return deps
    .sendToPerson(
      owner,
      { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', wrap: true, text }] },
      summary,
    )
    .then(
      () => true,
      (e: unknown) => {
        deps.log.warn('could not tell the owner', { error: e });
        return false;
      },
    );
}
