import { z } from 'zod';

/** How Teams hands the bot a file sent in a 1:1 chat (with `supportsFiles: true` in the manifest). */
export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

/** The kinds of file the bot reads: a plan (.csv, .xlsx) or minutes (.docx, .txt). */
export const FILE_TYPES = ['csv', 'xlsx', 'docx', 'txt'] as const;
export type FileType = (typeof FILE_TYPES)[number];
export const isPlanFile = (t: FileType): boolean => t === 'csv' || t === 'xlsx';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The link to download from: https (Teams gives a SharePoint or OneDrive link), or plain http to this machine only
 * (local runs and tests), so a forged attachment cannot make the bot fetch from elsewhere in the clear.
 */
const downloadUrlSchema = z
  .string()
  .max(4000)
  .refine((u) => {
    try {
      const url = new URL(u);
      return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
    } catch {
      return false;
    }
  }, 'is not an https link');

const attachmentSchema = z.object({
  contentType: z.literal(FILE_DOWNLOAD_INFO),
  name: z.string().trim().min(1).max(255),
  content: z.object({
    downloadUrl: downloadUrlSchema,
    uniqueId: z.string().max(200).optional(),
    fileType: z.string().max(20).optional(),
  }),
});

/** A file sent in the chat, as the bot will fetch it. */
export interface SentFile {
  name: string;
  downloadUrl: string;
  type: FileType;
}

/** The file found in a message: one the bot reads, one it does not (by name), or an attachment it cannot use. */
export type SentFileFound = { file: SentFile } | { unsupported: string } | { invalid: string };

const typeOf = (name: string, fileType?: string): string =>
  (/\.([A-Za-z0-9]{1,10})$/.exec(name)?.[1] ?? fileType ?? '').toLowerCase();

/** The first file among a message's attachments (pictures pasted inline and cards are not files); undefined if none. */
export function sentFileOf(attachments: unknown): SentFileFound | undefined {
  if (!Array.isArray(attachments)) return undefined;
  const raw = attachments.find(
    (a): a is { contentType: string } =>
      typeof a === 'object' && a !== null && (a as { contentType?: unknown }).contentType === FILE_DOWNLOAD_INFO,
  );
  if (!raw) return undefined;
  const parsed = attachmentSchema.safeParse(raw);
  if (!parsed.success)
    return { invalid: parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ') };
  const { name, content } = parsed.data;
  const type = typeOf(name, content.fileType);
  if (!(FILE_TYPES as readonly string[]).includes(type)) return { unsupported: name };
  return { file: { name, downloadUrl: content.downloadUrl, type: type as FileType } };
}
