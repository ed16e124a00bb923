import {
  type ChallengeFlag,
  FLAG_DEFAULTS,
  type FlagSettings,
  challengeFlags,
  flagsOf,
} from '../domain/challengeFlags';
import { historyByRef } from '../domain/history';
import type { BoardStore } from '../domain/ports';
import { type Action, actionKeyOf } from '../domain/types';

/** The board's thresholds for challenge flags: the configured ones (FLAG_* settings), else the defaults. */
export const flagSettingsOf = (config: { flags?: FlagSettings }): FlagSettings => config.flags ?? FLAG_DEFAULTS;

/** Flags by action (actionKeyOf): the board's challenges, with their reasons. */
export type FlagsByAction = Map<string, ChallengeFlag[]>;

/**
 * The challenge flags of these actions of one plan at `asOf` (ISO instant), read off each action's
 * state and the record of its history it carries: no history is read. Only an action stored before
 * records were kept (none since its last change) has its flags worked out from the plan's history.
 * Only actions with a flag are in the map.
 */
export async function flagsOfPlan(
  store: BoardStore,
  planId: string,
  actions: readonly Action[],
  asOf: string,
  settings: FlagSettings,
): Promise<FlagsByAction> {
  const unrecorded = actions.some((a) => !a.record);
  const history = unrecorded ? historyByRef(await store.updates.listForPlan(planId, asOf)) : new Map();
  const out: FlagsByAction = new Map();
  for (const a of actions) {
    const flags = a.record ? flagsOf(a, asOf, settings) : challengeFlags(a, history.get(a.ref) ?? [], asOf, settings);
    if (flags.length > 0) out.set(actionKeyOf(a), flags);
  }
  return out;
}
