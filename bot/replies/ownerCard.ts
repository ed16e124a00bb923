import type { AdaptiveCardJson } from '../../cards/render';
import { type ChasePromptInput, type PromptItem, chasePromptCard } from '../../cards/chasePromptCard';
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

/** The owner's actions on a card: those of the cycle's prompt, or else all their open actions. */
export async function ownerCardActions(
  store: BoardStore,
  ownerEmail: string,
  cycleId?: string,
  known?: ChasePrompt,
  /** The actions as a chase cycle read them once, by actionKeyOf; any missing is read. */
  states?: ReadonlyMap<string, Action>,
): Promise<{ actions: Action[]; answered: ActionKey[] }> {
  const prompt = known ?? (cycleId ? (await store.prompts.get(cycleId, ownerEmail))?.value : undefined);
  if (prompt) {
    const loaded = (
      await Promise.all(
        prompt.actions.map(async (k) => states?.get(actionKeyOf(k)) ?? (await store.actions.get(k))?.value),
      )
    ).flatMap((v) => (v ? [v] : []));
    return { actions: loaded, answered: answersTo(prompt, lookupOf(loaded)) };
  }
  const all = await store.actions.listAll();
  const mine = all
    .filter((a) => a.ownerEmail === ownerEmail && isOpen(a))
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
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
  store: BoardStore,
  owner: { email: string; name?: string },
  cycleId: string | undefined,
  now: Date,
  overrides: ItemOverrides = new Map(),
  banner?: ChasePromptInput['banner'],
  /** The prompt when the caller has just read it (a chase cycle), to spare a read. */
  prompt?: ChasePrompt,
  /** The actions when the caller has read them all (a chase cycle of many owners). */
  states?: ReadonlyMap<string, Action>,
): Promise<AdaptiveCardJson> {
  const { actions, answered } = await ownerCardActions(store, owner.email, cycleId, prompt, states);
  const items: PromptItem[] = actions.map((action) => {
    const done = answered.some((k) => sameAction(k, action));
    const override = overrides.get(actionId(action));
    return {
      action,
      recorded: done ? recordedText(action) : undefined,
      ...override,
      fresh: Boolean(override?.recorded),
    };
  });
  return chasePromptCard({ ownerName: owner.name, cycleId: cycleId ?? '', today: londonDate(now), items, banner });
}
