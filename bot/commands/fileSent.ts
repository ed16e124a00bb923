import type { ChatFileArgs } from '../chatFiles/chatFileJob';
import { type SentFileFound, isPlanFile } from '../chatFiles/sentFile';
import type { Owner } from '../domain/types';
import { userMessageFor } from '../errors';
import type { Actor } from '../replies/cardActions';
import type { CommandDeps, CommandReply, TurnInfo } from './context';
import { requester } from './jobCommands';

/** What anyone outside the secretariat reads when they send the bot a file. */
export const FILES_ARE_FOR_THE_SECRETARIAT =
  'Only the board secretariat can send me a plan or minutes as a file, so I have not opened it and nothing was stored. To update your own actions, type "my actions".';

/**
 * A file sent in the 1:1 chat (bot/chatFiles/sentFile.ts found it among the message's attachments): the
 * secretariat's plan (.csv, .xlsx) or minutes (.docx, .txt) is queued to be read in the background (the same
 * message delivered again finds the same job) and acknowledged at once; the preview or the candidate actions
 * follow in this chat. Anyone else, and any other kind of file, gets a clear answer and nothing is downloaded.
 */
export async function fileSent(
  deps: CommandDeps,
  actor: Actor,
  owner: Owner | undefined,
  found: SentFileFound,
  turn: TurnInfo,
): Promise<CommandReply> {
  try {
    if ((await deps.access.roleOf(actor.aadObjectId)) !== 'secretariat') {
      deps.log.info('file refused: not the secretariat', { actor: actor.aadObjectId });
      return { text: FILES_ARE_FOR_THE_SECRETARIAT };
    }
    if ('invalid' in found) {
      deps.log.warn('file attachment not as expected', { problem: found.invalid });
      return {
        text: 'That file did not reach me as Teams usually sends one, so I have not opened it. Send it again, please.',
      };
    }
    if ('unsupported' in found)
      return {
        text: `I read a plan as .csv or .xlsx, and minutes as .docx or .txt: "${found.unsupported}" is none of these, so I have not opened it.`,
      };
    const { file } = found;
    const args: ChatFileArgs = {
      name: file.name,
      downloadUrl: file.downloadUrl,
      type: file.type,
      byEmail: owner?.email ?? actor.aadObjectId ?? 'secretariat',
    };
    await deps.jobs.enqueue({ kind: 'chatFile', args, ...requester({ owner, actor, turn }) });
    deps.log.info('file queued to be read', { type: file.type });
    return {
      text: isPlanFile(file.type)
        ? `Reading ${file.name}; the preview comes here in a moment. Nothing is stored until you apply it.`
        : `Reading the minutes in ${file.name}; the candidate actions come here in a moment. Nothing is stored.`,
    };
  } catch (e) {
    deps.log.error('file could not be queued', { error: e });
    return { text: userMessageFor(e) };
  }
}
