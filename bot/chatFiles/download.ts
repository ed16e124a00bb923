import { BoardBotError, ErrorCode } from '../errors';

/** The largest file sent in the chat that the bot downloads (a plan, or minutes with pictures in them). */
export const CHAT_FILE_MAX_BYTES = 5 * 1024 * 1024;
/** How long a download may take before it is given up. */
export const CHAT_FILE_TIMEOUT_MS = 20_000;

export interface DownloadLimits {
  maxBytes: number;
  timeoutMs: number;
}

const failed = (name: string, why: string) =>
  new BoardBotError(
    ErrorCode.FileDownloadFailed,
    `I could not download ${name}: ${why}. Send the file again, please; nothing was read or stored.`,
  );

/**
 * Downloads a file sent in the chat from the short-lived link Teams gave (no credentials: the link carries its own
 * token). Every failure is a BoardBotError saying what happened: the link expired or refused (401, 403, 404, 410),
 * another HTTP status, too big (by its Content-Length or as it streams), too slow, or no answer.
 */
export async function downloadSentFile(
  name: string,
  url: string,
  limits: DownloadLimits = { maxBytes: CHAT_FILE_MAX_BYTES, timeoutMs: CHAT_FILE_TIMEOUT_MS },
): Promise<Uint8Array> {
  const tooBig = () => failed(name, `it is larger than ${Math.round(limits.maxBytes / 1024 / 1024)} MB`);
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'follow', signal });
  } catch (e) {
    if (signal.aborted) throw failed(name, `it did not arrive within ${limits.timeoutMs / 1000} s`);
    throw failed(name, `the link did not answer (${(e as Error).message})`);
  }
  if ([401, 403, 404, 410].includes(res.status))
    throw failed(name, `the link Teams gave has expired or was refused (HTTP ${res.status})`);
  if (!res.ok) throw failed(name, `the link answered HTTP ${res.status}`);
  if (Number(res.headers.get('content-length') ?? 0) > limits.maxBytes) throw tooBig();
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  try {
    for (let r = await reader?.read(); r && !r.done; r = await reader?.read()) {
      size += r.value.byteLength;
      if (size > limits.maxBytes) throw tooBig();
      parts.push(r.value);
    }
  } catch (e) {
    await reader?.cancel().catch(() => undefined);
    if (e instanceof BoardBotError) throw e;
    if (signal.aborted) throw failed(name, `it did not arrive within ${limits.timeoutMs / 1000} s`);
    throw failed(name, `the download broke off (${(e as Error).message})`);
  }
  return Buffer.concat(parts);
}
