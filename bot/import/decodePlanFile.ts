import { isUtf8 } from 'node:buffer';

/** The character encodings a plan file is read in. */
export type PlanEncoding = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE' | 'Windows-1252';

/** A plan file's text and how it was read, or why it cannot be read (with the line of the first bad byte). */
export type DecodedPlanFile = { text: string; encoding: PlanEncoding } | { line: number; reason: string };

const SAVE_AS = 'save it from Excel as "CSV UTF-8 (Comma delimited)"';
/** Bytes Windows-1252 leaves undefined: a file holding one is not Windows-1252 either. */
const UNDEFINED_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

const lineOf = (bytes: Uint8Array, at: number): number => {
  let line = 1;
  for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line += 1;
  return line;
};

/** The line of the first invalid UTF-8 sequence (where the lenient decoder puts its first U+FFFD). */
const lineOfBadUtf8 = (bytes: Uint8Array): number => {
  const text = new TextDecoder('utf-8').decode(bytes);
  return (text.slice(0, Math.max(0, text.indexOf('\ufffd'))).match(/\n/g)?.length ?? 0) + 1;
};

/**
 * Reads a plan file's bytes as text. A byte order mark decides (UTF-8, UTF-16); otherwise valid UTF-8 is UTF-8,
 * and anything else is read as Windows-1252 (what Excel's plain "CSV (Comma delimited)" writes on a UK Windows PC)
 * unless it holds a byte that Windows-1252 does not define. An Excel workbook or a UTF-16 file without a mark is
 * refused, saying what it is.
 */
export function decodePlanFile(bytes: Uint8Array): DecodedPlanFile {
  const b = bytes;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
    if (!isUtf8(b.subarray(3)))
      return {
        line: lineOfBadUtf8(b.subarray(3)),
        reason: `the file starts with a UTF-8 byte order mark but is not UTF-8 throughout; ${SAVE_AS}`,
      };
    return { text: new TextDecoder('utf-8').decode(b.subarray(3)), encoding: 'UTF-8' };
  }
  if (b[0] === 0xff && b[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(b.subarray(2)), encoding: 'UTF-16LE' };
  if (b[0] === 0xfe && b[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(b.subarray(2)), encoding: 'UTF-16BE' };
  if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04)
    return { line: 1, reason: `this is an Excel workbook (.xlsx), not a CSV file; ${SAVE_AS}` };
  const nul = b.indexOf(0);
  if (nul >= 0)
    return {
      line: lineOf(b, nul),
      reason: `the file holds NUL bytes: it looks like UTF-16 without a byte order mark, or is not text; ${SAVE_AS}`,
    };
  if (isUtf8(b)) return { text: new TextDecoder('utf-8').decode(b), encoding: 'UTF-8' };
  const undefinedByte = b.findIndex((x) => UNDEFINED_IN_1252.has(x));
  if (undefinedByte >= 0)
    return {
      line: lineOf(b, undefinedByte),
      reason: `the file is neither UTF-8 nor Windows-1252 (byte 0x${b[undefinedByte].toString(16)} means nothing in either); ${SAVE_AS}`,
    };
  return { text: new TextDecoder('windows-1252').decode(b), encoding: 'Windows-1252' };
}
