import { z } from 'zod';
import { NARRATIVE_MAX, REASON_MAX, type FieldErrors, type ReplyFields } from '../domain/replyRules';
import { RAGS, STATUSES, type ActionKey } from '../domain/types';
import { parseDate } from '../domain/calendar';
import { cycleIdSchema, planIdSchema, refSchema } from '../domain/ids';
import { type FormValues, inputKey } from '../../cards/chasePromptCard';

const keyFields = {
  planId: planIdSchema,
  ref: refSchema,
  rev: z.union([
    z.number().int().min(0),
    z
      .string()
      .regex(/^\d{1,9}$/)
      .transform(Number),
  ]),
  cycleId: z
    .union([z.literal(''), cycleIdSchema])
    .optional()
    .transform((c) => c || undefined),
};

/** A plan upload's id: the id of the job that read the file (bot/jobs/jobQueue.ts, jobIdFor). */
const uploadIdSchema = z.string().regex(/^[tr]-[A-Za-z0-9-]{1,64}$/);

/** What a click on the chase card can ask for, by verb. Anything else is refused before it reaches the rules. */
export const cardActionSchema = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal('saveUpdate'), ...keyFields, inputs: z.record(z.string(), z.unknown()) }),
  z.object({ verb: z.literal('noChange'), ...keyFields }),
  z.object({ verb: z.literal('notMine'), ...keyFields }),
  z.object({
    verb: z.literal('noChangeAll'),
    cycleId: keyFields.cycleId,
    items: z
      .array(z.object({ planId: keyFields.planId, ref: keyFields.ref, rev: keyFields.rev }))
      .min(1)
      .max(100),
  }),
  // The board channel's confirmation card (bot/replies/boardChannelActions.ts).
  z.object({
    verb: z.literal('confirmBoardChannel'),
    teamId: z.string().min(1).max(200),
    channelId: z.string().min(1).max(200),
  }),
  z.object({ verb: z.literal('cancelBoardChannel') }),
  // A plan file's preview card in the 1:1 chat (bot/replies/planUploadActions.ts); `missing` is the card's choice.
  z.object({
    verb: z.literal('applyPlanUpload'),
    uploadId: uploadIdSchema,
    missing: z.enum(['keep', 'retire']).default('keep'),
  }),
  z.object({ verb: z.literal('cancelPlanUpload'), uploadId: uploadIdSchema }),
]);
export type CardAction = z.infer<typeof cardActionSchema>;
export type CardVerb = CardAction['verb'];

/** Parses an Action.Execute click: its verb and its data (which carries the card's inputs too). */
export function parseCardAction(verb: unknown, data: unknown): z.ZodSafeParseResult<CardAction> {
  const d = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  return cardActionSchema.safeParse({ ...d, verb, inputs: d });
}

/** The form values of one action, as typed (kept and shown again if the submit is refused). */
export function formValuesOf(inputs: Record<string, unknown>, key: ActionKey): FormValues {
  const k = inputKey(key);
  const text = (name: string): string | undefined => {
    const v = inputs[`${name}|${k}`];
    return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
  };
  return {
    status: text('status'),
    rag: text('rag'),
    narrative: text('narrative'),
    percent: text('percent'),
    proposedDate: text('date'),
    proposedReason: text('reason'),
    evidenceUrl: text('evidence'),
  };
}

/** An evidence link: a web address starting https:// (no other scheme is ever stored or shown as a link). */
export const evidenceUrlSchema = z
  .string()
  .trim()
  .max(2000, 'Keep the evidence link under 2000 characters.')
  .pipe(
    z.url({
      protocol: /^https$/,
      hostname: z.regexes.domain,
      message: 'Give an evidence link that starts with https://.',
    }),
  );

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const fieldsSchema = z.object({
  status: z.enum(STATUSES, { message: 'Choose a status.' }),
  rag: z.preprocess(blank, z.enum(RAGS, { message: 'Choose Green, Amber or Red.' }).optional()),
  narrative: z.preprocess(
    blank,
    z.string().max(NARRATIVE_MAX, `Keep the comment under ${NARRATIVE_MAX} characters.`).optional(),
  ),
  percentComplete: z.preprocess(
    blank,
    z.coerce
      .number({ message: 'Give % complete as a number from 0 to 100.' })
      .int('Give % complete as a whole number.')
      .min(0, 'Give % complete from 0 to 100.')
      .max(100, 'Give % complete from 0 to 100.')
      .optional(),
  ),
  proposedDate: z.preprocess(
    blank,
    z
      .string()
      .transform((v, ctx) => parseDate(v) ?? (ctx.addIssue({ code: 'custom', message: 'Pick a real date.' }), z.NEVER))
      .optional(),
  ),
  proposedDateReason: z.preprocess(
    blank,
    z.string().max(REASON_MAX, `Keep the reason under ${REASON_MAX} characters.`).optional(),
  ),
  evidenceUrl: z.preprocess(blank, evidenceUrlSchema.optional()),
});

/** Types the typed values, or says what is wrong with each field. */
export function parseReplyFields(v: FormValues): { fields?: ReplyFields; errors: FieldErrors } {
  const r = fieldsSchema.safeParse({
    status: v.status,
    rag: v.rag,
    narrative: v.narrative,
    percentComplete: v.percent,
    proposedDate: v.proposedDate,
    proposedDateReason: v.proposedReason,
    evidenceUrl: v.evidenceUrl?.trim(),
  });
  if (r.success) return { fields: r.data, errors: {} };
  const errors: FieldErrors = {};
  for (const i of r.error.issues) errors[i.path[0] as keyof FieldErrors] ??= i.message;
  return { errors };
}
