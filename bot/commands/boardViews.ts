import { actionStatusCard } from '../../cards/actionStatusCard';
import { namesFor } from '../board/peopleNames';
import { boardTabLinks } from '../board/boardTabLinks';
import { digestCard, type DigestSection } from '../../cards/digestCard';
import { noticeCard } from '../../cards/noticeCard';
import { londonDate } from '../domain/calendar';
import { loadDigest } from '../digest/loadDigest';
import { BoardBotError, ErrorCode, NOT_A_BOARD_READER } from '../errors';
import { buildOwnerCard } from '../replies/ownerCard';
import { mayReadAction, mayReadBoard } from '../domain/access';
import { COMMANDS, type CommandSpec } from './parseCommand';
import { findAction } from './findAction';
import type { CommandContext, CommandDeps, CommandHandler } from './context';

/** The commands this person may use: the secretariat's for the secretariat, the board's views for its readers. */
const usableBy = (ctx: CommandContext, c: CommandSpec): boolean =>
  c.secretariat ? ctx.isSecretariat : c.shows === 'board' ? mayReadBoard(ctx.role) : true;
import type { Owner } from '../domain/types';

export const help: CommandHandler<'help'> = async (_deps, ctx) => {
  const facts = (COMMANDS as readonly CommandSpec[])
    .filter((c) => usableBy(ctx, c))
    .map((c) => ({ title: c.usage, value: c.description }));
  const who = ctx.isSecretariat
    ? ` You are in the board secretariat.${ctx.conversationType === 'personal' ? ' To import a plan, send me its file (.csv or .xlsx) here; minutes (.docx or .txt) too.' : ''}`
    : mayReadBoard(ctx.role)
      ? ''
      : ' The board\'s digest and actions are for the members of the board\'s team; "status" shows your own actions.';
  return {
    card: noticeCard({
      title: 'What I can do',
      text: `Type one of these${ctx.conversationType === 'personal' ? '' : ' after @mentioning me'}.${who}`,
      facts,
    }),
  };
};

/** The cycle whose prompt to this owner is the latest, so answers from "my actions" count for it. */
async function latestCycleWithPrompt(deps: CommandDeps, email: string): Promise<string | undefined> {
  const cycles = (await deps.store.cycles.list()).sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, 3);
  for (const c of cycles) {
    const p = await deps.store.prompts.get(c.id, email);
    if (p && p.value.state !== 'skipped') return c.id;
  }
  return undefined;
}

export const myActions: CommandHandler<'my actions'> = async (deps, ctx) => {
  if (!ctx.owner)
    throw new BoardBotError(
      ErrorCode.UnknownUser,
      'I could not match your Teams account to an owner in the plan. Please ask the board secretariat to check the email on your actions.',
    );
  const cycleId = await latestCycleWithPrompt(deps, ctx.owner.email);
  return { card: await buildOwnerCard(deps, ctx.owner, cycleId, deps.clock()) };
};

export const digest: CommandHandler<'digest'> = async (deps, _ctx, q) => {
  const d = await loadDigest(deps.store, q, deps.clock(), { flags: deps.flags });
  return {
    card: digestCard(d, await deps.chart(d), undefined, await boardTabLinks(deps.tabLinks, deps.store.settings)),
  };
};

export const preview: CommandHandler<'preview'> = async (deps, ctx, q) => {
  const d = await loadDigest(deps.store, q, deps.clock(), { flags: deps.flags });
  const card = digestCard(d, await deps.chart(d), undefined, await boardTabLinks(deps.tabLinks, deps.store.settings));
  if (ctx.conversationType === 'personal' || !ctx.owner) return { card };
  await deps.sendToPerson(ctx.owner, card, `Digest preview for week ${d.week}`);
  return { text: 'I have sent the preview to you in our 1:1 chat.' };
};

const section =
  (only: DigestSection): CommandHandler<'exceptions' | 'overdue'> =>
  async (deps, _ctx, q) => {
    const d = await loadDigest(deps.store, q, deps.clock(), { flags: deps.flags });
    return { card: digestCard(d, undefined, only, await boardTabLinks(deps.tabLinks, deps.store.settings)) };
  };
export const exceptions = section('exceptions') as CommandHandler<'exceptions'>;
export const overdue = section('overdue') as CommandHandler<'overdue'>;

export const status: CommandHandler<'status'> = async (deps, ctx, { ref }) => {
  // An outsider learns nothing of other actions, not even whether a reference exists.
  const found = mayReadBoard(ctx.role)
    ? await findAction(deps.store, ref)
    : await findAction(deps.store, ref).catch(() => undefined);
  if (!found || !mayReadAction(ctx.role, found.value.ownerEmail, ctx.owner?.email))
    throw new BoardBotError(ErrorCode.NoAccess, NOT_A_BOARD_READER);
  const { value } = found;
  const history = await deps.store.updates.listForAction(value);
  const names = await namesFor(deps.store.owners, [
    value.ownerEmail,
    ...history.flatMap((u) => [u.byEmail, u.forEmail]),
  ]);
  return { card: actionStatusCard(value, history, londonDate(deps.clock()), names) };
};

/**
 * An export link is a bearer link for an hour: it is given only in the asker's 1:1 chat. Asked for
 * in a channel or group chat, it goes to the asker's 1:1 chat (or, if the bot cannot reach them
 * there, is refused), never to everyone in the conversation.
 */
const exportCommand =
  (kind: 'csv' | 'html'): CommandHandler<'export csv' | 'export html'> =>
  async (deps, ctx, q) => {
    await loadDigest(deps.store, q, deps.clock(), { flags: deps.flags }); // refuses an unknown plan or theme now, not when the link is opened
    const inPrivate = ctx.conversationType === 'personal';
    if (!inPrivate && !ctx.owner)
      return {
        text: 'Export links are given only in our 1:1 chat: open a chat with me and type the command there.',
      };
    const url = deps.exportLink(kind, q);
    const text = `Here is the ${kind === 'csv' ? 'CSV of every action (UTF-8, opens in Excel; a Power BI source)' : 'printable board report'}, valid for one hour: ${url}`;
    if (inPrivate) return { text };
    await deps.sendTextToPerson(ctx.owner as Owner, text);
    return { text: 'I have sent the link to you in our 1:1 chat (links are not shared in conversations).' };
  };
export const exportCsv = exportCommand('csv') as CommandHandler<'export csv'>;
export const exportHtml = exportCommand('html') as CommandHandler<'export html'>;
