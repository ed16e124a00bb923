import { z } from 'zod';
import type { TurnKind } from './port';

const NAME = /^[A-Za-z][A-Za-z0-9/._-]{0,63}$/;
const label = z.string().regex(NAME).optional().catch(undefined);

/** What of an incoming activity telemetry may see: its type, invoke name and card verb (never text or values). */
const activityKind = z.object({
  type: label,
  name: label,
  value: z
    .object({ action: z.object({ verb: label }).optional().catch(undefined) })
    .optional()
    .catch(undefined),
});

/** The kind of turn a /api/messages body carries; empty for anything that is not an activity. */
export function turnKindOf(body: unknown): TurnKind {
  const parsed = activityKind.safeParse(body);
  if (!parsed.success) return {};
  const { type, name, value } = parsed.data;
  return { type, name, verb: value?.action?.verb };
}
