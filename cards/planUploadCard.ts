import templateJson from './plan-upload-preview.json';
import { type AdaptiveCardJson, cardTemplate, renderCard } from './render';
import { inert } from './inertText';
import { formatDate } from '../bot/domain/calendar';
import type { UploadPreview } from '../bot/import/planUpload';

const template = cardTemplate(templateJson);

/** How many lines each list shows; the rest are counted ("… and 12 more"), so any file fits one Teams message. */
export const PREVIEW_LINES = 10;
const LINE_MAX = 240;

const cut = (text: string, max = LINE_MAX) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

interface Section {
  heading: string;
  color: 'Default' | 'Attention' | 'Warning';
  lines: { text: string }[];
}

/** A heading and the first lines of a list, the rest counted; the list's length follows the heading unless it starts with it. */
function section(
  heading: string,
  items: string[],
  color: Section['color'] = 'Default',
  shown = PREVIEW_LINES,
): Section {
  const lines = items.slice(0, shown).map((t) => ({ text: inert(cut(t)) }));
  if (items.length > shown) lines.push({ text: `… and ${items.length - shown} more` });
  return { heading: /^\d/.test(heading) ? heading : `${heading} (${items.length})`, color, lines };
}

/** A workbook of several sheets: the chat reads the first; the tab lets you pick. */
const otherSheets = (p: UploadPreview): string =>
  p.kind === 'xlsx' && (p.sheets?.length ?? 0) > 1
    ? inert(
        ` I read the workbook's first sheet ("${p.sheets?.[0]}"; it also has ${p.sheets
          ?.slice(1)
          .map((n) => `"${n}"`)
          .join(', ')}): put the plan first, or pick its sheet in the Board report tab's upload.`,
      )
    : '';

/**
 * The preview of a plan file sent in the chat, as a card: what Apply would add, change (old → new) and find
 * missing, or every bad row in the import's words (and then no Apply). Apply and Cancel carry the upload's id;
 * the "missing" choice goes with Apply.
 */
export function planUploadData(p: UploadPreview, uploadId: string) {
  const canApply = p.problems.length === 0;
  const missingOpen = p.missing.filter((m) => m.open).length;
  const sections: Section[] = [];
  if (!canApply)
    sections.push(
      section(
        `${plural(p.problems.length, 'bad row')}: nothing can be applied`,
        p.problems.map((x) => x.text),
        'Attention',
        2 * PREVIEW_LINES,
      ),
    );
  else {
    if (p.newPlans.length) sections.push(section('New plans', p.newPlans));
    if (p.add.length)
      sections.push(
        section(
          'To add',
          p.add.map((a) => `${a.ref} · ${cut(a.title, 120)} · ${a.ownerEmail} · due ${formatDate(a.dueDate)}`),
        ),
      );
    if (p.change.length)
      sections.push(
        section(
          'To change',
          p.change.map(
            (c) => `${c.ref}: ${c.fields.map((f) => `${f.field} ${cut(f.from, 60)} → ${cut(f.to, 60)}`).join('; ')}`,
          ),
        ),
      );
    if (p.missing.length)
      sections.push(
        section(
          'On the board but not in the file',
          p.missing.map(
            (m) => `${m.ref} · ${cut(m.title, 120)} · ${m.ownerEmail} · ${m.status}${m.open ? '' : ' (closed: kept)'}`,
          ),
          'Warning',
        ),
      );
  }
  const counts = [
    `${p.add.length} to add`,
    `${p.change.length} to change`,
    `${p.unchanged} unchanged`,
    ...(p.missing.length ? [`${p.missing.length} on the board but not in the file`] : []),
  ];
  return {
    title: inert(`Preview of ${p.file}: nothing is stored until you apply`),
    summary: canApply
      ? inert(`${plural(p.rows, 'row')}${p.sheet ? ` (sheet "${p.sheet}")` : ''}: ${counts.join(', ')}.`)
      : inert(`${p.file} cannot be imported as it is.`),
    sections,
    missingOpen: canApply ? missingOpen : 0,
    missingLabel: `${plural(missingOpen, 'open action')} on the board ${missingOpen === 1 ? 'is' : 'are'} not in the file:`,
    next: canApply
      ? 'Apply writes it all or nothing, each change in its action’s history.'
      : `Correct the file and send it again (or upload it in the Board report tab).${otherSheets(p)}`,
    canApply,
    uploadId,
  };
}

export const planUploadCard = (p: UploadPreview, uploadId: string): AdaptiveCardJson =>
  renderCard(template, planUploadData(p, uploadId));
