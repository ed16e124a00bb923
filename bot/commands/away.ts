import { awayDateProblem, isAway } from '../domain/away';
import { nameOf } from '../domain/people';
import { cardName, cardPerson } from '../../cards/person';
import { formatDate, londonDate } from '../domain/calendar';
import type { Owner } from '../domain/types';
import { isOpen } from '../domain/types';
import { BoardBotError, ErrorCode } from '../errors';
import type { CommandContext, CommandHandler } from './context';
import type { BoardStore } from '../domain/ports';
import { tellPerson } from './tellOwner';

/** The person asking, as the bot knows them: away and delegates are about one's own actions. */
/** A person in a message: the name shown for them with their email, or the email alone. */
const person = (o: Owner): string => cardPerson(o.email, nameOf(o));
const short = (o: Owner): string => cardName(o.email, nameOf(o));

function speaker(ctx: CommandContext): Owner {
  if (!ctx.owner)
    throw new BoardBotError(
      ErrorCode.UnknownUser,
      'I could not match your Teams account to an owner in the plan. Please ask the board secretariat to check the email on your actions.',
    );
  return ctx.owner;
}

/** A colleague named as cover or delegate: someone else, whom the bot has met in Teams (so it can chase them). */
async function colleague(store: BoardStore, me: Owner, email: string, as: 'cover' | 'delegate'): Promise<Owner> {
  if (email === me.email)
    throw new BoardBotError(ErrorCode.InvalidSubmit, `You cannot name yourself as your own ${as}. Name a colleague.`);
  const known = (await store.owners.get(email))?.value;
  if (!known?.aadObjectId)
    throw new BoardBotError(
      ErrorCode.InvalidSubmit,
      `I cannot identify ${email} in Teams, so nothing was changed. They need to be in the board's team (or to have the app) before they can be your ${as}; check the address or ask the board secretariat.`,
    );
  return known;
}

/**
 * Marks the owner away until a date (after today), with a cover the bot can identify, or back (`off`): from the
 * chat (`away until …`) and from My actions alike. Throws the coded error with the reason when refused; nothing
 * is changed then. The cover is told through `tell`, when given.
 */
export async function setAway(
  store: BoardStore,
  me: Owner,
  until: string,
  cover: string | undefined,
  now: Date,
  tell?: (email: string, text: string) => Promise<unknown>,
): Promise<string> {
  const today = londonDate(now);
  if (until === 'off') {
    if (!isAway(me, today)) return 'You are not marked as away.';
    await store.owners.save({ email: me.email, away: null });
    return 'Welcome back: you are no longer marked as away, and will be chased as usual from the next cycle.';
  }
  const problem = awayDateProblem(until, today);
  if (problem) throw new BoardBotError(ErrorCode.InvalidSubmit, `${problem} Nothing was changed.`);
  const coverer = cover ? await colleague(store, me, cover, 'cover') : undefined;
  await store.owners.save({
    email: me.email,
    away: { until, ...(coverer ? { cover: coverer.email } : {}), at: now.toISOString() },
  });
  const open = (await store.actions.listAll()).filter((a) => a.ownerEmail === me.email && isOpen(a)).length;
  const back = formatDate(until);
  const their = `${open} open action${open === 1 ? '' : 's'}`;
  if (coverer && tell)
    await tell(
      coverer.email,
      `${person(me)} is away until ${back} and has named you as cover: you will be asked about their ${their} meanwhile, and may answer for them (type "my actions").`,
    );
  return `You are away until ${back}: no prompts or reminders before then, and the digest shows it beside your actions.${coverer ? ` ${person(coverer)} is asked about your ${their} instead and may answer for you.` : ''} Type "away off" if you are back sooner.`;
}

export const away: CommandHandler<'away'> = async (deps, ctx, { until, cover }) => ({
  text: await setAway(deps.store, speaker(ctx), until, cover, deps.clock(), (email, text) =>
    tellPerson(deps, email, text, 'You are covering'),
  ),
});

export const delegate: CommandHandler<'delegate'> = async (deps, ctx, { email }) => {
  const me = speaker(ctx);
  const named = await colleague(deps.store, me, email, 'delegate');
  await deps.store.owners.save({ email: me.email, delegate: { email: named.email, at: deps.clock().toISOString() } });
  await tellPerson(
    deps,
    named.email,
    `${person(me)} has named you as their delegate: you may answer for their actions (type "my actions"); each answer is recorded as yours, for them.`,
    'You are a delegate',
  );
  return {
    text: `${person(named)} may now answer for you; their answers are recorded "by ${short(named)} for ${short(me)}". Type "revoke delegate" to stop.`,
  };
};

export const revokeDelegate: CommandHandler<'revoke delegate'> = async (deps, ctx) => {
  const me = speaker(ctx);
  if (!me.delegate) return { text: 'You have no delegate.' };
  await deps.store.owners.save({ email: me.email, delegate: null });
  return { text: `${me.delegate.email} may no longer answer for you.` };
};
