import type { AdaptiveCardJson } from '../../cards/render';
import { type ChasePromptInput, type PromptItem, chasePromptCard } from '../../cards/chasePromptCard';
import { nameOf } from '../domain/people';
import { namesFor } from '../board/peopleNames';
import { cardPerson } from '../../cards/person';
import { type TabLinkSettings, tabLinksFor } from '../../cards/tabLinks';
import { currentState } from '../../cards/ragText';
import {
  type Action,
  type ActionKey,
  type ChasePrompt,
  actionId,
  actionKeyOf,
  isOpen,
  sameAction,
} from '../domain/types';
import type { BoardStore } from '../domain/ports';
import { londonDate } from '../domain/calendar';
import { answersTo, lookupOf } from '../domain/currentAsk';
import { answersFor } from '../domain/away';

/**
 * The owner's actions on a card: those of the cycle's prompt, or else all their open actions; with,
 * either way, the open actions of owners they answer for today (as delegate, or cover while away).
 */
export async function ownerCardActions(
  store: BoardStore,
  ownerEmail: string,
  cycleId?: string,
  known?: ChasePrompt,
  today?: string,
  /** The actions as a chase cycle read them once, by actionKeyOf; any missing is read. */
  states?: ReadonlyMap<string, Action>,
): Promise<{ actions: Action[]; answered: ActionKey[] }> {
  const prompt = known ?? (cycleId ? (await store.prompts.get(cycleId, ownerEmail))?.value : undefined);
  const others = today ? new Set(answersFor(ownerEmail, await store.owners.list(), today)) : new Set<string>();
  const byDue = (a: Action, b: Action) => a.dueDate.localeCompare(b.dueDate);
  if (prompt) {
    const loaded = (
      await Promise.all(
        prompt.actions.map(async (k) => states?.get(actionKeyOf(k)) ?? (await store.actions.get(k))?.value),
      )
    ).flatMap((v) => (v ? [v] : []));
    const listed = new Set(loaded.map(actionId));
    const extra =
      others.size > 0
        ? (await store.actions.listAll())
            .filter((a) => others.has(a.ownerEmail) && isOpen(a) && !listed.has(actionId(a)))
            .sort(byDue)
        : [];
    return { actions: [...loaded, ...extra], answered: answersTo(prompt, lookupOf(loaded)) };
  }
  const all = await store.actions.listAll();
  const mine = all.filter((a) => (a.ownerEmail === ownerEmail || others.has(a.ownerEmail)) && isOpen(a)).sort(byDue);
  return { actions: mine, answered: [] };
}

export const recordedText = (a: Action, at?: Date): string =>
  `✓ Recorded${at ? ` at ${at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' })}` : ''}: ${currentState(a)}${
    a.revisedDate?.state === 'proposed' ? ` · revised date ${a.revisedDate.date} proposed` : ''
  }${a.notMine ? ' · flagged "not my action" for the secretariat' : ''}`;

/** Changes to how particular actions show on the rebuilt card. */
export type ItemOverrides = Map<string, Partial<PromptItem>>;

/** Rebuilds the owner's card from storage, so what they see is what is stored. */
export async function buildOwnerCard(
  { store, tabLinks }: { store: BoardStore; tabLinks?: TabLinkSettings },
  owner: { email: string; name?: string; planName?: string },
  cycleId: string | undefined,
  now: Date,
  overrides: ItemOverrides = new Map(),
  banner?: ChasePromptInput['banner'],
  /** The prompt when the caller has just read it (a chase cycle), to spare a read. */
  prompt?: ChasePrompt,
  /** Set when the card is a chase cycle's send: with the actions' states when the cycle read them all. */
  chase?: { states?: ReadonlyMap<string, Action> },
): Promise<AdaptiveCardJson> {
  const today = londonDate(now);
  // A chase cycle's card is the prompt's actions alone, a cover's included: no owners read per card
  // sent. Opened by the person (my actions, a click), it adds those of owners they answer for.
  const { actions, answered } = await ownerCardActions(
    store,
    owner.email,
    cycleId,
    prompt,
    chase ? undefined : today,
    chase?.states,
  );
  // Those they answer for by name: read only when the card has any (a chase cycle's own card reads none).
  const others = actions.map((a) => a.ownerEmail).filter((e) => e !== owner.email);
  const names = others.length ? await namesFor(store.owners, others) : undefined;
  const items: PromptItem[] = actions.map((action) => {
    const done = answered.some((k) => sameAction(k, action));
    const override = overrides.get(actionId(action));
    return {
      action,
      recorded: done ? recordedText(action) : undefined,
      forOwner:
        action.ownerEmail === owner.email ? undefined : cardPerson(action.ownerEmail, names?.get(action.ownerEmail)),
      ...override,
      fresh: Boolean(override?.recorded),
    };
  });
  return chasePromptCard({
    ownerName: nameOf(owner),
    cycleId: cycleId ?? '',
    today,
    items,
    banner,
    links: tabLinksFor(tabLinks),
  });
}
