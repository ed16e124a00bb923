import { awayUntilSchema } from '../commands/parseCommand';
import { z } from 'zod';
import { RAGS, STATUSES } from '../domain/types';
import { FLAG_KINDS } from '../domain/challengeFlags';
import { planIdSchema, refSchema } from '../domain/ids';

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const text = (max: number) => z.preprocess(blank, z.string().trim().max(max).optional());

/** The register's filters and order, from the query string. Unknown parameters are ignored; bad values are refused. */
export const registerQuerySchema = z.object({
  plan: text(80),
  theme: text(300),
  owner: z.preprocess(blank, z.string().trim().toLowerCase().max(320).optional()),
  status: z.preprocess(blank, z.enum(STATUSES).optional()),
  /** A RAG, or `none` for open actions not rated yet. */
  rag: z.preprocess(blank, z.enum([...RAGS, 'none']).optional()),
  overdue: z.preprocess(blank, z.enum(['yes', 'no']).optional()),
  /** A challenge flag, or `any` for rows with at least one. */
  flag: z.preprocess(blank, z.enum([...FLAG_KINDS, 'any']).optional()),
  sort: z.preprocess(blank, z.enum(['due', 'rag', 'ref']).default('due')),
  dir: z.preprocess(blank, z.enum(['asc', 'desc']).default('asc')),
});
export type RegisterQuery = z.infer<typeof registerQuerySchema>;

/** An action in a URL path: /api/tab/actions/:planId/:ref. */
export const actionKeySchema = z.object({ planId: planIdSchema, ref: refSchema });

const field = (max: number) =>
  z.preprocess((v) => (typeof v === 'number' ? String(v) : (v ?? undefined)), z.string().max(max).optional());

/**
 * What the My actions form posts: the revision the owner saw and the values as typed. Only the shape
 * is checked here; the values then go through the chase card's own parsing and rules.
 */
export const updateBodySchema = z.object({
  rev: z.union([
    z.number().int().min(0),
    z
      .string()
      .regex(/^\d{1,9}$/)
      .transform(Number),
  ]),
  status: field(40),
  rag: field(20),
  narrative: field(10_000),
  percent: field(20),
  proposedDate: field(40),
  proposedReason: field(2_000),
  evidenceUrl: field(2_100),
});
export type UpdateBody = z.infer<typeof updateBodySchema>;

/** `?as=` or the `x-board-as` header in local mode: an email or an Entra object id. */
export const localUserSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(320)
  .regex(/^[^\s<>"']+$/);

/** The claims the tab relies on in a Teams SSO token (already verified by signature, issuer and audience). */
export const ssoClaimsSchema = z.looseObject({
  oid: z.string().min(1).max(100),
  tid: z.string().min(1).max(100),
  scp: z.string().max(2_000).optional(),
  name: z.string().max(300).optional(),
  preferred_username: z.string().max(320).optional(),
  upn: z.string().max(320).optional(),
});

/** "Away until" from My actions: the date back (or 'off'), and a cover's email, if any. */
export const awayBodySchema = z.object({
  until: awayUntilSchema,
  cover: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().toLowerCase().max(320).pipe(z.email('is not an email address')).optional(),
  ),
});
