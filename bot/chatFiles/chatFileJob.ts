import { z } from 'zod';
import { planUploadCard } from '../../cards/planUploadCard';
import type { AdaptiveCardJson } from '../../cards/render';
import { minutesCard } from '../commands/minutesCommand';
import type { BoardStore, Clock } from '../domain/ports';
import type { PlanUploadRecord } from '../domain/planUploads';
import { previewRead, readUploadedPlan } from '../import/planUpload';
import type { JobWork } from '../jobs/jobRunner';
import { downloadSentFile } from './download';
import { minutesText } from './minutesFile';
import { FILE_TYPES, isPlanFile } from './sentFile';

/** A file job's arguments: the file as Teams described it, and who sent it (their email, for the import's history). */
export const chatFileArgs = z.object({
  name: z.string().min(1).max(255),
  downloadUrl: z.string().min(1).max(4000),
  type: z.enum(FILE_TYPES),
  byEmail: z.string().min(1).max(320),
});
export type ChatFileArgs = z.infer<typeof chatFileArgs>;

/** What an upload keeps between its preview and Apply: the rows read from the file (PlanRow), and the file's kind. */
export const uploadPayloadSchema = z.object({
  kind: z.enum(['csv', 'xlsx']),
  rows: z.array(z.looseObject({ line: z.number(), plan: z.string(), reference: z.string() })).max(100_000),
});

export interface ChatFileDeps {
  store: BoardStore;
  clock: Clock;
  /** Fetches the file from the link Teams gave (bot/chatFiles/download.ts unless a test says otherwise). */
  download?: (name: string, url: string) => Promise<Uint8Array>;
}

/** The most a job's card may hold: it is kept in one string property of the Jobs table (at most 32K characters). */
const JOB_CARD_MAX_CHARS = 30_000;

const answer = (text: string, card: AdaptiveCardJson) =>
  JSON.stringify(card).length <= JOB_CARD_MAX_CHARS
    ? { text, card }
    : `${text}: too long to show in the chat. Upload the file in the Board report tab instead.`;

/** Previews a plan file and keeps it (its rows and the board's fingerprint) for the card's Apply. */
async function previewPlan(deps: ChatFileDeps, id: string, a: ChatFileArgs, bytes: Uint8Array) {
  const now = deps.clock();
  const read = await readUploadedPlan({ name: a.name, bytes });
  const preview = await previewRead(deps.store, a.name, read, now, a.byEmail);
  if (preview.problems.length) return answer(`${a.name} has bad rows`, planUploadCard(preview, id));
  const record: PlanUploadRecord = {
    id,
    name: a.name,
    byEmail: a.byEmail,
    createdAt: now.toISOString(),
    basis: preview.basis,
    state: 'previewed',
  };
  if (!(await deps.store.uploads.create(record, JSON.stringify({ kind: read.kind, rows: read.rows })))) {
    // This job ran before (its instance stopped before telling): the upload it kept stands, previewed afresh.
    const kept = await deps.store.uploads.get(id);
    if (kept && kept.value.state !== 'previewed') return `${a.name} has already been ${kept.value.state}.`;
    if (kept) await deps.store.uploads.replace({ ...kept.value, basis: preview.basis }, kept.etag);
  }
  return answer(`Preview of ${a.name}`, planUploadCard(preview, id));
}

/**
 * Reads a file sent in the 1:1 chat: downloads it, then previews a plan (kept for Apply, bot/replies/
 * planUploadActions.ts) or lists the candidate actions in minutes, as the `minutes` command does. Nothing of the
 * board is written here. Download and reading failures are BoardBotErrors, told to the sender as they are.
 */
export const chatFileJob =
  (deps: ChatFileDeps): JobWork =>
  async (job) => {
    const a = chatFileArgs.parse(JSON.parse(job.args));
    const bytes = await (deps.download ?? downloadSentFile)(a.name, a.downloadUrl);
    if (isPlanFile(a.type)) return previewPlan(deps, job.id, a, bytes);
    const text = await minutesText(a.name, a.type === 'docx' ? 'docx' : 'txt', bytes);
    return answer(`Actions arising from the minutes in ${a.name}`, await minutesCard(deps.store, text));
  };
