/**
 * Actions arising from a board's minutes, found by rules (no model): the asks a secretariat would
 * copy into the action plan by hand. Pure: text in, candidates out; nothing is stored.
 *
 * What counts as an ask:
 *  - "The Board asked that …", "The Board requested that …", "Asked that …" (a bullet under "The Board:"),
 *    and, when such a line ends with a colon, every bullet under it;
 *  - numbered or lettered lines under "RESOLVED" (or "RESOLVED: that …" inline) that give someone
 *    something to do: not those that only note, receive, approve or agree, nor those that point back
 *    to "the above" asks already listed;
 *  - "ACTION: …" lines (and "Actions:" with bullets under them).
 * Nothing comes from passages that only note ("The Board noted …", "Noted that …").
 */

/** A known person the minutes may name. */
export interface KnownOwner {
  email: string;
  name?: string;
}

/** One proposed action: the words of the ask, where it came from, and who and when if the minutes say. */
export interface MinuteCandidate {
  text: string;
  kind: 'asked' | 'resolved' | 'action';
  /** The agenda item it sits under ("6. IMPROVEMENT AREAS: …"), when the minutes number their items. */
  item?: string;
  /** 1-based line of the minutes. */
  line: number;
  ownerEmail?: string;
  ownerName?: string;
  /** The date it is due by (ISO), when the ask states one ("by March 2018" → 2018-03-31). */
  dueDate?: string;
  dueText?: string;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH = `(${MONTHS.join('|')}|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)`;
const DUE = new RegExp(
  `\\bby\\s+(?:the\\s+end\\s+of\\s+)?(?:(\\d{1,2})(?:st|nd|rd|th)?\\s+)?${MONTH}\\.?\\s+(\\d{4})\\b|\\bby\\s+(\\d{1,2})\\/(\\d{1,2})\\/(\\d{4})\\b`,
  'i',
);

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The due date an ask states: "by March 2018" (the month's last day), "by 31 January 2027", "by 14/12/2026". */
export function dueDateOf(text: string): { date: string; text: string } | undefined {
  const m = DUE.exec(text);
  if (!m) return undefined;
  let y: number;
  let mo: number;
  let d: number | undefined;
  if (m[2]) {
    y = Number(m[3]);
    mo = MONTHS.findIndex((name) => name.startsWith(m[2].toLowerCase().slice(0, 3))) + 1;
    d = m[1] ? Number(m[1]) : undefined;
  } else {
    [d, mo, y] = [Number(m[4]), Number(m[5]), Number(m[6])];
  }
  if (mo < 1 || mo > 12 || (d !== undefined && (d < 1 || d > lastDay(y, mo)))) return undefined;
  return { date: `${y}-${pad(mo)}-${pad(d ?? lastDay(y, mo))}`, text: m[0] };
}

/** Minutes as lines of plain text: pasted Teams HTML (paragraphs, breaks, list items) made plain. */
export function plainLines(minutes: string): string[] {
  return minutes
    .replace(/\r\n?/g, '\n')
    .replace(/<\s*br\s*\/?>/gi, '\n')
    .replace(/<\s*li[^>]*>/gi, '\n- ')
    .replace(/<\/\s*(p|div|li|h\d|tr)\s*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim());
}

const BULLET = /^(?:[-•*–·]|\(?[a-z]\)|\(?[ivx]+\)|\d+[.)])\s+/i;
const HEADING = /^\d+\.?\s+[A-Z0-9][A-Za-z0-9 '’&,\-–:()/]+$|^item\s+\d+\s*[:.–-]\s*\S.*$/i;
const ASK = /^(?:-\s*)?(?:the\s+(?:board|committee|panel|members)\s+)?(?:asked|requested)\s+that\b[:\s]*(.*)$/i;
const RESOLVED = /^(?:it\s+was\s+)?resolved\b[:.\s-]*(.*)$/i;
const ACTION = /^(?:-\s*)?actions?\s*[:\-–]\s*(.*)$/i;
/** A resolution that only notes, receives, approves or agrees, or points back at asks already listed. */
const ONLY_NOTED =
  /^that\s+(?:the\s+)?.*\b(?:be|is|was|were|are)\s+(?:noted|received|approved|agreed|welcomed)\b(?:\s+as\s+a\s+correct\s+record)?\.?$/i;
const POINTS_BACK = /\b(?:the\s+)?above\b/i;

/** "that officers review …" → "Officers review …": the ask as a line of the action plan. */
function tidy(text: string): string {
  const t = text
    .replace(BULLET, '')
    .replace(/^that\s+/i, '')
    .replace(/\s*[;,]?\s*(?:and)?$/i, '')
    .trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** Is this line a heading of a new agenda item (upper case, numbered), so an ask's bullets end there? */
const isHeading = (line: string): boolean => {
  if (!HEADING.test(line)) return false;
  const title = line.replace(/\s*\(.*$/, '');
  return /^item\s+\d+/i.test(line) || title === title.toUpperCase();
};

/** Finds the candidate actions in minutes; names are matched to `owners` by their full name. */
export function actionsFromMinutes(minutes: string, owners: readonly KnownOwner[] = []): MinuteCandidate[] {
  const lines = plainLines(minutes);
  const out: MinuteCandidate[] = [];
  let item: string | undefined;
  const add = (kind: MinuteCandidate['kind'], text: string, index: number, context = '') => {
    const words = tidy(text);
    if (words.length < 3) return;
    const owner = ownerNamed(`${context} ${words}`, owners);
    const due = dueDateOf(words);
    out.push({
      text: words,
      kind,
      item,
      line: index + 1,
      ownerEmail: owner?.email,
      ownerName: owner?.name,
      dueDate: due?.date,
      dueText: due?.text,
    });
  };
  /** The bullets (or numbered lines) after line i, blank lines skipped; ends at the first other line. */
  const listAfter = (i: number): { text: string; index: number }[] => {
    const items: { text: string; index: number }[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      if (lines[j] === '') continue;
      if (!BULLET.test(lines[j]) || isHeading(lines[j])) break;
      items.push({ text: lines[j], index: j });
    }
    return items;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    if (isHeading(line) && !RESOLVED.test(line)) {
      item = line;
      continue;
    }
    const ask = ASK.exec(line);
    if (ask) {
      const rest = ask[1].trim();
      // "The Board asked that:" or "… asked that the following matters be taken forward:": the bullets are the asks.
      if (line.endsWith(':')) for (const b of listAfter(i)) add('asked', b.text, b.index, rest);
      else add('asked', rest, i);
      continue;
    }
    const resolved = RESOLVED.exec(line);
    if (resolved) {
      const inline = resolved[1].trim();
      const resolutions = inline ? [{ text: inline, index: i }, ...listAfter(i)] : listAfter(i);
      for (const r of resolutions) {
        const words = r.text.replace(BULLET, '');
        if (ONLY_NOTED.test(words) || POINTS_BACK.test(words)) continue;
        add('resolved', words, r.index);
      }
      continue;
    }
    const action = ACTION.exec(line);
    if (action) {
      const rest = action[1].trim();
      if (rest === '') for (const b of listAfter(i)) add('action', b.text, b.index);
      else add('action', rest, i);
    }
  }
  return out;
}

/** The known owner the text names by full name (the longest name first), if any. */
function ownerNamed(text: string, owners: readonly KnownOwner[]): KnownOwner | undefined {
  const hay = text.toLowerCase();
  return [...owners]
    .filter((o) => o.name && o.name.trim().includes(' '))
    .sort((a, b) => (b.name?.length ?? 0) - (a.name?.length ?? 0))
    .find((o) => {
      const name = (o.name as string).toLowerCase().replace(/\s*\(.*\)$/, '');
      return new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(hay);
    });
}
