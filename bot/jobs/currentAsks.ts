import type { BoardStore } from '../domain/ports';
import type { ChasePrompt } from '../domain/types';
import { type ActionLookup, askCycles, currentAsks, lookupOf } from '../domain/currentAsk';

/**
 * What each owner is being asked at `asOf` (bot/domain/currentAsk.ts), read from storage: the
 * prompts of the latest scheduled cycle and of the manual chases since, answers worked out from the
 * actions (`lookup`, or the actions as they are now).
 */
export async function loadCurrentAsks(
  store: BoardStore,
  asOf: string,
  lookup?: ActionLookup,
): Promise<Map<string, ChasePrompt>> {
  const cycles = askCycles(await store.cycles.list(), asOf);
  const [prompts, look] = await Promise.all([
    Promise.all(cycles.map(async (c) => [c.id, (await store.prompts.listCycle(c.id)).map((v) => v.value)] as const)),
    lookup ?? store.actions.listAll().then(lookupOf),
  ]);
  return currentAsks(cycles, new Map(prompts), look);
}
