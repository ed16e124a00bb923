import { boardChannelConfirmCard } from '../../cards/boardChannelCard';
import { type SecretariatMember, labelOf, looksLikeEmail } from '../domain/access';
import { londonDate, londonTime } from '../domain/calendar';
import { BoardBotError, ErrorCode } from '../errors';
import type { CommandContext, CommandDeps, CommandHandler } from './context';

/** The secretariat member making a change, as the board's log records them. */
const changer = (ctx: CommandContext) => {
  if (!ctx.actor.aadObjectId) throw new BoardBotError(ErrorCode.NotSecretariat, 'Teams did not say who you are.');
  return { aadObjectId: ctx.actor.aadObjectId, name: ctx.actor.name };
};

/** "make this the board channel", @mentioned in a channel: answered with a card to confirm (or cancel). */
export const makeBoardChannel: CommandHandler<'make this the board channel'> = async (deps, ctx) => {
  const t = ctx.turn;
  if (ctx.conversationType !== 'channel' || !t?.teamId || !t.channelId)
    return {
      text: 'Say this in the channel that should get the weekly digest, @mentioning me there (the app must be added to that team).',
    };
  const current = await deps.access.channel();
  if (current?.teamId === t.teamId && current.channelId === t.channelId)
    return { text: 'This is already the board channel.' };
  return {
    card: boardChannelConfirmCard({
      teamId: t.teamId,
      channelId: t.channelId,
      teamName: t.teamName,
      currentTeamName: current ? (current.teamName ?? 'another channel') : undefined,
    }),
  };
};

/** The person a command names (email or object id), as the bot knows them; refused if it has never met them. */
async function personNamed(deps: CommandDeps, person: string): Promise<SecretariatMember> {
  const owner = looksLikeEmail(person)
    ? (await deps.store.owners.get(person))?.value
    : await deps.store.owners.getByAadObjectId(person);
  const id = owner?.aadObjectId ?? (looksLikeEmail(person) ? undefined : person);
  if (!id)
    throw new BoardBotError(
      ErrorCode.UnknownUser,
      `I have not met ${person} in Teams yet, so I do not know their Entra object id. Add them to the board's team (or ask them to open a chat with me), then try again; or give their object id.`,
    );
  return { aadObjectId: id.toLowerCase(), name: owner?.name, email: owner?.email };
}

const when = (deps: CommandDeps) => `${londonDate(deps.clock())} ${londonTime(deps.clock())}`;

export const addSecretariat: CommandHandler<'add secretariat'> = async (deps, ctx, { person }) => {
  const member = await personNamed(deps, person);
  const r = await deps.access.changeSecretariat({ kind: 'add', member }, changer(ctx));
  if (!r.ok) return { text: r.reason };
  return {
    text: `${labelOf(member)} is now in the board secretariat (${r.members.length} members). Recorded: by you, ${when(deps)}.`,
  };
};

export const removeSecretariat: CommandHandler<'remove secretariat'> = async (deps, ctx, { person }) => {
  const members = await deps.access.secretariat();
  const listed = members.find((m) => m.aadObjectId === person || m.email === person);
  const id = listed?.aadObjectId ?? (await personNamed(deps, person)).aadObjectId;
  const label = listed ? labelOf(listed) : person;
  const r = await deps.access.changeSecretariat({ kind: 'remove', aadObjectId: id, label }, changer(ctx));
  if (!r.ok) return { text: r.reason };
  return {
    text: `${label} is no longer in the board secretariat (${r.members.length} left). Recorded: by you, ${when(deps)}.`,
  };
};

/** Who is in the secretariat, where the board channel is, and the latest recorded changes (who, when, what). */
export const listSecretariat: CommandHandler<'secretariat'> = async (deps) => {
  const [members, channel, changes] = await Promise.all([
    deps.access.secretariat(),
    deps.access.channel(),
    deps.access.changes(),
  ]);
  const lines = [
    `Board secretariat (${members.length}):`,
    ...members.map((m) => `- ${labelOf(m)}${m.email && m.name ? ` (${m.email})` : ''}`),
    channel
      ? `Board channel: in ${channel.teamName ?? channel.teamId}, set ${channel.setAt.slice(0, 10)}.`
      : 'No board channel yet: a secretariat member @mentions me in a channel with "make this the board channel".',
  ];
  if (changes.length)
    lines.push(
      'Recent changes:',
      ...changes.slice(-10).map((c) => `- ${c.at.slice(0, 16).replace('T', ' ')} UTC, ${c.byName ?? c.by}: ${c.what}`),
    );
  return { text: lines.join('\n') };
};
