import { noticeCard } from '../../cards/noticeCard';
import type { AdaptiveCardJson } from '../../cards/render';
import { uploadPayloadSchema } from '../chatFiles/chatFileJob';
import { ConcurrencyConflict, type Versioned } from '../domain/ports';
import { type PlanUploadRecord, applyVerdict } from '../domain/planUploads';
import type { PlanRow } from '../import/planCsv';
import { appliedText, applyRead, boardBasis, refusedText } from '../import/planUpload';
import { BoardBotError, ErrorCode } from '../errors';
import type { CardActionDeps, Handler } from './cardActions';

const stale = (text: string) => new BoardBotError(ErrorCode.UploadStale, text);

/** The clicker, who must be in the secretariat now (checked at every click); their email for the history. */
async function secretariatMember(deps: CardActionDeps, aadObjectId: string | undefined): Promise<string> {
  if (!deps.access) throw new Error('plan upload clicked without the board access');
  if (!aadObjectId || (await deps.access.roleOf(aadObjectId)) !== 'secretariat')
    throw new BoardBotError(ErrorCode.NotSecretariat, 'Only the board secretariat can import a plan.');
  return (await deps.store.owners.getByAadObjectId(aadObjectId))?.email ?? aadObjectId;
}

async function uploadOf(deps: CardActionDeps, id: string): Promise<Versioned<PlanUploadRecord>> {
  const found = await deps.store.uploads.get(id);
  if (!found)
    throw stale('This preview is no longer kept, so nothing was imported. Send the file again for a fresh one.');
  return found;
}

/** The answer to a click on an upload that is no longer waiting: applied, cancelled, or being applied now. */
function settled(u: PlanUploadRecord, now: Date): AdaptiveCardJson | undefined {
  const v = applyVerdict(u, now);
  if (v.verdict === 'applied')
    return noticeCard({ title: 'Already applied', text: `${v.result} Nothing more was written.`, style: 'good' });
  if (v.verdict === 'cancelled')
    return noticeCard({
      title: 'Nothing was imported',
      text: `${u.name} was cancelled, so nothing was imported. Send the file again for a fresh preview.`,
    });
  if (v.verdict === 'applying')
    return noticeCard({
      title: 'Being applied',
      text: `${u.name} is being applied after an earlier click; its result will show when you click again in a moment.`,
    });
  return undefined;
}

/** The upload moved to `state` under its ETag; on a conflict (another click got there first) undefined. */
async function move(
  deps: CardActionDeps,
  found: Versioned<PlanUploadRecord>,
  change: Partial<PlanUploadRecord>,
  by: string,
): Promise<Versioned<PlanUploadRecord> | undefined> {
  const value = { ...found.value, ...change, changedAt: deps.clock().toISOString(), changedBy: by };
  try {
    return { value, etag: await deps.store.uploads.replace(value, found.etag) };
  } catch (e) {
    if (e instanceof ConcurrencyConflict) return undefined;
    throw e;
  }
}

/**
 * Apply on a plan file's preview card: once, all or nothing, through the import (journalled, each action one
 * ETag-checked commit with its history row, by the clicker). Refused when the board changed since the preview (its
 * fingerprint), and answered with what was done; a second click, or the same click delivered again, is told what
 * the first did. An upload claimed by a click whose instance stopped part way is finished by the next click (the
 * import writes only what is missing).
 */
export const applyPlanUpload: Handler<'applyPlanUpload'> = async (deps, actor, p) => {
  const by = await secretariatMember(deps, actor.aadObjectId);
  const found = await uploadOf(deps, p.uploadId);
  const now = deps.clock();
  const done = settled(found.value, now);
  if (done) return done;
  const text = await deps.store.uploads.payload(p.uploadId);
  if (!text)
    throw stale('This preview is no longer kept, so nothing was imported. Send the file again for a fresh one.');
  const payload = uploadPayloadSchema.parse(JSON.parse(text));
  const rows = payload.rows as unknown as PlanRow[];
  const name = found.value.name;
  if (applyVerdict(found.value, now).verdict === 'apply' && (await boardBasis(deps.store, rows)) !== found.value.basis)
    throw stale(
      `The board changed since this preview (an owner answered, or a plan was imported), so nothing was imported from ${name}. Send the file again for a fresh preview.`,
    );
  const claimed = await move(deps, found, { state: 'applying' }, by);
  if (!claimed)
    return (
      settled((await uploadOf(deps, p.uploadId)).value, now) ??
      noticeCard({ title: 'Try again', text: 'Click Apply again.' })
    );
  const r = await applyRead(
    deps.store,
    { kind: payload.kind, rows, problems: [] },
    p.missing === 'retire' ? 'all' : [],
    now,
    by,
  );
  if ('problems' in r) {
    await move(deps, claimed, { state: 'previewed', basis: '' }, by);
    return noticeCard({
      title: 'Nothing was imported',
      text: `${refusedText(name, r.problems.length)} Send the file again for a fresh preview.`,
      facts: r.problems.slice(0, 10).map((x, i) => ({ title: String(i + 1), value: x.text })),
      style: 'attention',
    });
  }
  const result = appliedText(name, r.summary);
  await move(deps, claimed, { state: 'applied', result }, by);
  await deps.store.uploads.dropPayload(p.uploadId);
  deps.log.info('plan upload applied', { upload: p.uploadId, created: r.summary.created, changed: r.summary.changed });
  return noticeCard({ title: 'Plan imported', text: result, style: 'good' });
};

/** Cancel on a plan file's preview card: nothing is imported, and the kept rows are deleted. */
export const cancelPlanUpload: Handler<'cancelPlanUpload'> = async (deps, actor, p) => {
  const by = await secretariatMember(deps, actor.aadObjectId);
  const found = await uploadOf(deps, p.uploadId);
  const done = settled(found.value, deps.clock());
  if (done) return done;
  if (found.value.state === 'applying')
    return noticeCard({
      title: 'Being applied',
      text: `${found.value.name} was being applied when the bot stopped; click Apply to finish it.`,
    });
  const moved = await move(deps, found, { state: 'cancelled' }, by);
  if (!moved)
    return (
      settled((await uploadOf(deps, p.uploadId)).value, deps.clock()) ??
      noticeCard({ title: 'Try again', text: 'Click Cancel again.' })
    );
  await deps.store.uploads.dropPayload(p.uploadId);
  return noticeCard({
    title: 'Nothing was imported',
    text: `Nothing was imported from ${found.value.name}. Send the file again whenever you are ready.`,
  });
};
