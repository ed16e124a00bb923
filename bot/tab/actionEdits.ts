import { z } from 'zod';
import type { Action, ActionKey } from '../domain/types';
import { type Reply, changedFields } from '../domain/recordReply';
import { REASON_MAX } from '../domain/replyRules';
import { PLAN_ROW_FIELDS } from '../import/planCsv';
import { addAction } from '../import/addAction';
import { type ChangeOutcome, commitChange } from '../replies/recordReply';
import { BoardBotError, ErrorCode } from '../errors';
import type { TabDataDeps } from './tabData';
import { type Viewer, secretariatActor } from './tabAccess';

/** The revision of the action the page showed: an edit made against another is stale. */
const rev = z.union([
  z.number().int().min(0),
  z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number),
]);

/** A new action from the tab (its shape; the values are then judged field by field, below). */
export const addBodySchema = z.object({
  plan: z.string().max(300),
  theme: z.string().max(600),
  reference: z.string().max(100),
  title: z.string().max(2_000),
  ownerEmail: z.string().max(320),
  dueDate: z.string().max(40),
});
/** A change to an action's plan fields: those given are set; the revision is the one the page showed. */
export const editBodySchema = addBodySchema
  .pick({ title: true, theme: true, ownerEmail: true, dueDate: true })
  .partial()
  .extend({ rev });
export const retireBodySchema = z.object({ rev, reason: z.string().max(REASON_MAX * 2) });

/** The same rule for each field as a plan file's column (bot/import/planCsv.ts). */
const lineSchema = z.object({
  plan: PLAN_ROW_FIELDS.plan,
  theme: PLAN_ROW_FIELDS.theme,
  reference: PLAN_ROW_FIELDS.reference,
  title: PLAN_ROW_FIELDS.action,
  ownerEmail: PLAN_ROW_FIELDS.ownerEmail,
  dueDate: PLAN_ROW_FIELDS.dueDate,
});
const editFieldsSchema = lineSchema.pick({ title: true, theme: true, ownerEmail: true, dueDate: true }).partial();
const reasonSchema = z.object({
  reason: z
    .string()
    .trim()
    .min(1, 'give the reason it is taken out of the plan')
    .max(REASON_MAX, `is longer than ${REASON_MAX} characters`),
});

export type EditField = keyof z.infer<typeof lineSchema> | 'reason';
export type EditResponse =
  | { outcome: 'recorded'; message: string; action: ActionKey }
  | { outcome: 'refused'; message: string; errors: Partial<Record<EditField, string>> }
  | { outcome: 'stale'; message: string };
type Answer = { status: number; body: EditResponse };

const refused = (message: string, errors: Partial<Record<EditField, string>> = {}): Answer => ({
  status: 422,
  body: { outcome: 'refused', message, errors },
});

/** Field by field, in the import's words; nothing is written when any is wrong. */
function judged<T extends z.ZodType>(schema: T, value: unknown): { ok: z.infer<T> } | { answer: Answer } {
  const r = schema.safeParse(value);
  if (r.success) return { ok: r.data };
  const errors: Partial<Record<EditField, string>> = {};
  for (const i of r.error.issues) errors[i.path[0] as EditField] ??= i.message.replace(/^Invalid input: /, '');
  return { answer: refused('Nothing was changed: correct the fields marked.', errors) };
}

/** Adds an action: one line of a plan, judged and built as the import does, one commit with its history row. */
export async function addActionFromTab(
  deps: TabDataDeps,
  v: Viewer,
  body: z.infer<typeof addBodySchema>,
): Promise<Answer> {
  const line = judged(lineSchema, body);
  if ('answer' in line) return line.answer;
  const { title, ...rest } = line.ok;
  const r = await addAction(deps.store, { ...rest, action: title }, deps.clock(), secretariatActor(v).email);
  if ('problem' in r)
    return refused(`Nothing was added: ${r.problem.reason}.`, { [r.problem.column]: r.problem.reason });
  return {
    status: 200,
    body: {
      outcome: 'recorded',
      message: `${r.action.ref} is added to ${r.action.planName}; the addition is in its history.`,
      action: { planId: r.action.planId, ref: r.action.ref },
    },
  };
}

/** One change to one action through the Ledger (bot/replies/recordReply.ts), judged against the revision seen. */
async function change(
  deps: TabDataDeps,
  v: Viewer,
  key: ActionKey,
  reply: Reply,
  basis: number,
  done: (was: Action) => string,
): Promise<Answer> {
  const current = await deps.store.actions.get(key);
  if (!current) throw new BoardBotError(ErrorCode.ActionNotFound, `There is no action ${key.ref} in that plan.`);
  const outcome: ChangeOutcome = await commitChange(
    deps.store,
    key,
    { reply, actor: secretariatActor(v), basis },
    deps.clock(),
    undefined,
    current,
  );
  if (outcome.kind === 'recorded')
    // A stale request is refused, so what was replaced is what was read here.
    return { status: 200, body: { outcome: 'recorded', message: done(current.value), action: key } };
  if (outcome.code !== 'stale') return refused(outcome.message);
  const by = (await deps.store.updates.getUpdate(key, outcome.current.revision))?.byEmail;
  return {
    status: 409,
    body: {
      outcome: 'stale',
      message: `${outcome.current.ref} changed since you opened it${by ? ` (by ${by})` : ''}, so nothing was changed. Its current state is shown; make your change again if you still need it.`,
    },
  };
}

/** Changes an action's title, theme, owner or due date (those given), as one commit. */
export async function editActionFromTab(
  deps: TabDataDeps,
  v: Viewer,
  key: ActionKey,
  body: z.infer<typeof editBodySchema>,
): Promise<Answer> {
  const { rev: basis, ...given } = body;
  const fields = judged(editFieldsSchema, given);
  if ('answer' in fields) return fields.answer;
  return change(
    deps,
    v,
    key,
    { kind: 'edit', fields: fields.ok },
    basis,
    (was) => `${was.ref} is changed (${changedFields(was, fields.ok).join(', ')}); the change is in its history.`,
  );
}

/** Takes an open action out of the plan, with the reason: kept with its history, never chased or counted. */
export async function retireActionFromTab(
  deps: TabDataDeps,
  v: Viewer,
  key: ActionKey,
  body: z.infer<typeof retireBodySchema>,
): Promise<Answer> {
  const r = judged(reasonSchema, { reason: body.reason });
  if ('answer' in r) return r.answer;
  return change(
    deps,
    v,
    key,
    { kind: 'retire', reason: r.ok.reason },
    body.rev,
    (was) => `${was.ref} is taken out of the plan; it is kept with its history.`,
  );
}
