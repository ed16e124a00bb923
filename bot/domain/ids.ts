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

/**
 * A chase cycle's id: the bot makes its London date, with `-manual-HHMM-xxxx` for a manual chase
 * (chaseCycle.ts); letters, digits and dashes are what a Table key takes safely.
 */
export const cycleIdSchema = z
  .string()
  .max(80)
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'is not a chase id');
