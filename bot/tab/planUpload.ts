import { z } from 'zod';
import {
  type UploadPreview,
  type UploadProblem,
  appliedText,
  applyUpload,
  previewUpload,
  refusedText,
} from '../import/planUpload';
import type { ImportSummary } from '../import/importPlan';
import type { TabDataDeps } from './tabData';
import { type Viewer, secretariatActor } from './tabAccess';

/** The largest plan file the tab takes (its base64 must fit the server's 512 KB request limit). */
export const UPLOAD_MAX_BYTES = 360 * 1024;

/** A plan file sent from the Board report tab: name, bytes as base64, the sheet picked, the actions to retire. */
export const uploadBodySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/\.(csv|xlsx)$/i, 'give a .csv file or an Excel workbook (.xlsx)'),
  content: z
    .string()
    .max(Math.ceil(UPLOAD_MAX_BYTES / 3) * 4, `the file is larger than ${UPLOAD_MAX_BYTES / 1024} KB`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'is not base64'),
  sheet: z.string().trim().min(1).max(31).optional(),
  /** Missing actions to retire: `all`, or their keys (`planId/REF`) from the preview. */
  retire: z.union([z.literal('all'), z.array(z.string().max(200)).max(5000)]).default([]),
});
export type UploadBody = z.infer<typeof uploadBodySchema>;

export type UploadPreviewResponse = UploadPreview;
export type UploadApplyResponse =
  | { outcome: 'applied'; message: string; summary: ImportSummary }
  | { outcome: 'refused'; message: string; problems: UploadProblem[] };

const fileOf = (b: UploadBody) => ({ name: b.name, bytes: Buffer.from(b.content, 'base64'), sheet: b.sheet });
const who = (v: Viewer) => secretariatActor(v).email;

/** 200 the preview; 422 when the file has problems (listed, in the import's words). Nothing is written. */
export async function uploadPreview(
  deps: TabDataDeps,
  v: Viewer,
  body: UploadBody,
): Promise<{ status: number; body: UploadPreviewResponse }> {
  const preview = await previewUpload(deps.store, fileOf(body), deps.clock(), who(v));
  return { status: preview.problems.length ? 422 : 200, body: preview };
}

/** 200 applied (what was done); 422 refused with every problem, nothing written. */
export async function uploadApply(
  deps: TabDataDeps,
  v: Viewer,
  body: UploadBody,
): Promise<{ status: number; body: UploadApplyResponse }> {
  const r = await applyUpload(deps.store, fileOf(body), body.retire, deps.clock(), who(v));
  if ('problems' in r)
    return {
      status: 422,
      body: {
        outcome: 'refused',
        message: refusedText(body.name, r.problems.length),
        problems: r.problems,
      },
    };
  const s = r.summary;
  return {
    status: 200,
    body: {
      outcome: 'applied',
      message: appliedText(body.name, s),
      summary: s,
    },
  };
}
