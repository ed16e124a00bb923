import { z } from 'zod';
import { nameOf, personText } from '../domain/people';
import { noticeCard } from '../../cards/noticeCard';
import { formatDate } from '../domain/calendar';
import { type KnownOwner, actionsFromMinutes } from '../domain/minutes';
import type { CommandHandler } from './context';
import type { BoardStore } from '../domain/ports';
import type { AdaptiveCardJson } from '../../cards/render';

/** The longest minutes a chat message may paste (Teams allows about 28,000 characters of text). */
export const MINUTES_MAX = 28_000;
/** How many candidates the card lists. */
const SHOWN = 30;

/** `minutes` then the pasted text (its line breaks kept). */
export const minutesSchema = z.object({
  name: z.literal('minutes'),
  text: z.string().trim().min(20, 'is too short: paste the minutes after the word "minutes"').max(MINUTES_MAX),
});

/** The people the minutes may name: everyone the bot knows by name, and every action's owner. */
export async function knownOwners(store: BoardStore): Promise<KnownOwner[]> {
  const [people, actions] = await Promise.all([store.owners.list(), store.actions.listAll()]);
  const byEmail = new Map<string, KnownOwner>(actions.map((a) => [a.ownerEmail, { email: a.ownerEmail }]));
  for (const p of people) byEmail.set(p.email, { email: p.email, name: nameOf(p) });
  return [...byEmail.values()];
}

/** What to say when minutes hold no ask. */
export const NO_ASKS =
  'No asks found: I look for "The Board asked that …", "RESOLVED … that officers …" and "ACTION:" lines; passages that only note are left out.';

/** Lists the candidate actions in pasted minutes; nothing is stored. */
export const minutes: CommandHandler<'minutes'> = async (deps, _ctx, { text }) => ({
  card: await minutesCard(deps.store, text),
});

/** The candidate actions in minutes (pasted, or sent as a file), as a card; nothing is stored. */
export async function minutesCard(store: BoardStore, text: string): Promise<AdaptiveCardJson> {
  const found = actionsFromMinutes(text, await knownOwners(store));
  return noticeCard({
    title: `Actions arising from the minutes: ${found.length} found`,
    text: found.length
      ? `Nothing is stored. Accept the ones the board wants in the Board report tab (Actions from minutes), or add them to the plan file (with an owner and a due date) and import it.${found.length > SHOWN ? ` The first ${SHOWN} are shown.` : ''}`
      : NO_ASKS,
    facts: found.slice(0, SHOWN).map((c, i) => ({
      title: `${i + 1}. ${c.item ? c.item.slice(0, 40) : `line ${c.line}`}`,
      value: [
        c.text,
        c.ownerEmail ? `owner: ${personText(c.ownerEmail, c.ownerName)}` : 'owner: not named',
        c.dueDate ? `due ${formatDate(c.dueDate)}` : 'no date given',
      ].join(' · '),
    })),
  });
}
