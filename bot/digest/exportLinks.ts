import { BOARD_ID } from '../boardsConfig';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { DigestQuery } from './loadDigest';

export const EXPORT_KINDS = ['csv', 'html', 'xlsx'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** How long an export link works: the most any link is honoured for, whatever its `expires` says. */
export const LINK_LIFETIME_MS = 60 * 60 * 1000;
/** Room for instances whose clocks differ a little. */
const CLOCK_SKEW_MS = 60 * 1000;

/** What is signed; the board only where a deployment has several (so a one-board link reads as it always did). */
const canonical = (kind: string, q: DigestQuery, expires: number, board?: string) =>
  JSON.stringify([kind, q.plan ?? '', q.theme ?? '', q.week ?? '', expires, ...(board ? [board] : [])]);
const sign = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('base64url');

/**
 * A link to an export that works for an hour, signed so only people the bot gave it to can open it;
 * where a deployment has several boards, it names (and signs) the board it was asked of.
 */
export function exportLink(
  baseUrl: string,
  secret: string,
  kind: ExportKind,
  q: DigestQuery,
  now: Date,
  board?: string,
): string {
  const expires = now.getTime() + LINK_LIFETIME_MS;
  const params = new URLSearchParams();
  if (board) params.set('board', board);
  if (q.plan) params.set('plan', q.plan);
  if (q.theme) params.set('theme', q.theme);
  if (q.week) params.set('week', q.week);
  params.set('expires', String(expires));
  params.set('sig', sign(secret, canonical(kind, q, expires, board)));
  return `${baseUrl.replace(/\/$/, '')}/exports/board.${kind}?${params}`;
}

const querySchema = z.object({
  board: z.string().regex(BOARD_ID).optional(),
  plan: z.string().max(120).optional(),
  theme: z.string().max(120).optional(),
  week: z
    .string()
    .regex(/^\d{4}-W\d{2}$/i)
    .optional(),
  expires: z.coerce.number().int().positive(),
  sig: z.string().min(10).max(100),
});

/** Checks an export request: well formed, signed by us, not expired. Returns the query or why not. */
export function verifyExportLink(
  secret: string,
  kind: string,
  raw: Record<string, unknown>,
  now: Date,
): { ok: true; query: DigestQuery; board?: string } | { ok: false; status: 400 | 403; reason: string } {
  if (!(EXPORT_KINDS as readonly string[]).includes(kind)) return { ok: false, status: 400, reason: 'unknown export' };
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success)
    return {
      ok: false,
      status: 400,
      reason: `bad export link: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
    };
  const { sig, expires, board, ...query } = parsed.data;
  const expected = Buffer.from(sign(secret, canonical(kind, query, expires, board)));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, status: 403, reason: 'this link was not issued by the bot' };
  if (expires < now.getTime())
    return { ok: false, status: 403, reason: 'this link has expired; ask the bot for a new one' };
  // Whatever the link says (a key that leaked could sign any expiry), no link outlives an hour from now.
  if (expires > now.getTime() + LINK_LIFETIME_MS + CLOCK_SKEW_MS)
    return { ok: false, status: 403, reason: 'this link was not issued by the bot' };
  return { ok: true, query, board };
}
