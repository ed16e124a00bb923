import type { AdaptiveCardJson } from '../../cards/render';
import { type ChasePromptInput, type PromptItem, chasePromptCard } from '../../cards/chasePromptCard';
import { type PeopleNames, nameOf } from '../domain/people';
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
import { answeredFor } from './recordReply';

/** What a card's caller has read already, to spare reading it again. */
export interface KnownForCard {
  /** Actions' states by actionKeyOf (a chase cycle's read of them all, or a click's fresh reads); any missing is read. */
  states?: ReadonlyMap<string, Action>;
  /** The owners the person answers for today; read when absent (a chase cycle's send gives none). */
  others?: readonly string[];
  /** The names of those owners, when the caller read their rows already. */
  names?: PeopleNames;
}

/**
 * The owner's actions on a card: those of the cycle's prompt, or else all their open actions; with,
 * either way, the open actions of owners they answer for today (as delegate, or cover while away).
 */
export async function ownerCardActions(
  store: BoardStore,
  ownerEmail: string,
  cycleId: string | undefined,
  known: ChasePrompt | undefined,
  today: string,
  { states, others: answering }: KnownForCard = {},
): Promise<{ actions: Action[]; answered: ActionKey[] }> {
  const [prompt, othersList] = await Promise.all([
    known ?? (cycleId ? store.prompts.get(cycleId, ownerEmail).then((v) => v?.value) : undefined),
    answering ?? answeredFor(store, ownerEmail, today),
  ]);
  const others = new Set(othersList);
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

/** The states of these actions, by actionKeyOf, read side by side (each one point read; absent ones left out). */
export async function statesOf(store: BoardStore, keys: readonly ActionKey[]): Promise<Map<string, Action>> {
  const read = await Promise.all(keys.map((k) => store.actions.get(k)));
  return new Map(read.flatMap((v) => (v ? [[actionKeyOf(v.value), v.value] as const] : [])));
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
  /**
   * What the caller read already. A chase cycle's send gives `others: []`: its card is the prompt's actions
   * alone, a cover's included, with no owners read per card; opened by the person (my actions, a click),
   * the card adds those of owners they answer for.
   */
  known?: KnownForCard,
): Promise<AdaptiveCardJson> {
  const today = londonDate(now);
  const { actions, answered } = await ownerCardActions(store, owner.email, cycleId, prompt, today, known);
  // Those they answer for by name: read only when the card has any (a chase cycle's own card reads none).
  const others = actions.map((a) => a.ownerEmail).filter((e) => e !== owner.email);
  const named = known?.names;
  const names = !others.length
    ? undefined
    : named && others.every((e) => named.has(e.toLowerCase()))
      ? named
      : await namesFor(store.owners, others);
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
