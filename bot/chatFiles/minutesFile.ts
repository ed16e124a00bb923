import JSZip from 'jszip';
import { decodePlanFile } from '../import/decodePlanFile';
import { BoardBotError, ErrorCode } from '../errors';

/** The longest minutes read from a file (a long meeting's minutes are some 60,000 characters). */
export const MINUTES_FILE_MAX_CHARS = 400_000;

const unreadable = (name: string, why: string) =>
  new BoardBotError(ErrorCode.FileUnsupported, `I could not read ${name} as minutes: ${why}. Nothing was stored.`);

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (s: string): string =>
  s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_m, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(e[1].toLowerCase() === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)))
      : XML_ENTITIES[e.toLowerCase()],
  );

/**
 * The text of a Word document's body, one line per paragraph, as the minutes parser reads pasted minutes: a
 * paragraph in a bulleted or numbered list (Word keeps the bullet or number out of the text) starts with "- ",
 * tabs and line breaks inside a paragraph are kept. Tables give one line per cell paragraph.
 */
export function docxBodyText(documentXml: string): string {
  const body = /<w:body[^>]*>([\s\S]*)<\/w:body>/.exec(documentXml)?.[1] ?? documentXml;
  const lines: string[] = [];
  for (const p of body.match(/<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g) ?? []) {
    const listed = /<w:numPr>/.test(p) || /<w:pStyle w:val="List[^"]*"/.test(p);
    const text = (p.match(/<w:t(?:\s[^>]*)?>[^<]*<\/w:t>|<w:tab\/>|<w:br\/>|<w:cr\/>/g) ?? [])
      .map((r) =>
        r === '<w:tab/>' ? '\t' : r === '<w:br/>' || r === '<w:cr/>' ? '\n' : unescapeXml(r.replace(/<[^>]+>/g, '')),
      )
      .join('');
    lines.push(listed && text.trim() ? `- ${text}` : text);
  }
  return lines.join('\n');
}

/** Minutes sent as a file: the text of a .txt (UTF-8, UTF-16 with a mark, or Windows-1252) or of a .docx. */
export async function minutesText(name: string, type: 'txt' | 'docx', bytes: Uint8Array): Promise<string> {
  let text: string;
  if (type === 'txt') {
    const decoded = decodePlanFile(bytes);
    if ('reason' in decoded) throw unreadable(name, 'it is not plain text in UTF-8 or Windows-1252');
    text = decoded.text;
  } else {
    let xml: string | undefined;
    try {
      xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')?.async('string');
    } catch {
      xml = undefined;
    }
    if (xml === undefined) throw unreadable(name, 'it is not a Word document (.docx)');
    text = docxBodyText(xml);
  }
  if (text.length > MINUTES_FILE_MAX_CHARS)
    throw unreadable(name, `it holds more than ${MINUTES_FILE_MAX_CHARS.toLocaleString('en-GB')} characters`);
  return text;
}
