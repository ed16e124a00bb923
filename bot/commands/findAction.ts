import type { BoardStore, Versioned } from '../domain/ports';
import type { Action } from '../domain/types';
import { BoardBotError, ErrorCode } from '../errors';
import { editDistance } from './editDistance';

/**
 * Finds one action by reference ("R4.2", case-insensitive) or plan and reference ("hr-improvement-plan/HR1.2").
 * A typo gets the nearest references; a reference used in two plans asks which one.
 */
export async function findAction(store: BoardStore, text: string): Promise<Versioned<Action>> {
  const [planPart, refPart] = text.includes('/') ? text.split('/', 2) : [undefined, text];
  const ref = refPart.toLowerCase();
  const plans = (await store.plans.list()).filter((p) => !planPart || p.id === planPart.toLowerCase());
  const all = (await Promise.all(plans.map((p) => store.actions.listByPlan(p.id)))).flat();
  const hits = all.filter((a) => a.value.ref.toLowerCase() === ref);
  if (hits.length === 1) return hits[0];
  if (hits.length > 1) {
    throw new BoardBotError(
      ErrorCode.ActionNotFound,
      `${refPart} is in ${hits.length} plans; say which: ${hits.map((h) => `${h.value.planId}/${h.value.ref}`).join(' or ')}.`,
    );
  }
  const near = [...new Set(all.map((a) => a.value.ref))]
    .map((r) => ({ r, d: editDistance(r.toLowerCase(), ref) }))
    .filter((x) => x.d <= 2)
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((x) => x.r);
  throw new BoardBotError(
    ErrorCode.ActionNotFound,
    `There is no action ${refPart}${planPart ? ` in ${planPart}` : ''}.${near.length ? ` Did you mean ${near.join(', ')}?` : ''}`,
  );
}
