import { z } from 'zod';

/**
 * The ids that name things in storage, as they arrive from outside (card data, URL paths, commands).
 * Each is checked against the shape the bot itself makes, so a crafted id is refused at the
 * boundary (400, or the card's "did not send what I expected") and never reaches a Table key or filter.
 */

/** A plan's id: the slug planIdOf makes of its name ("lga-cpc-action-plan-2023"). */
export const planIdSchema = z
  .string()
  .max(80)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'is not a plan id');

/** An action's reference as a plan file may spell it ("R4.2", "HR 1.2"). */
export const REFERENCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._\- ]*$/;
export const refSchema = z.string().min(1).max(40).regex(REFERENCE_PATTERN, 'is not an action reference');

/** A chase cycle's id: its London date, and for a manual chase the time and a random suffix (chaseCycle.ts). */
export const cycleIdSchema = z
  .string()
  .max(80)
  .regex(/^\d{4}-\d{2}-\d{2}(?:-manual-\d{4}-[0-9a-f]{4})?$/, 'is not a chase id');
