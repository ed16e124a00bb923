import {
  AlignmentType,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { formatDate } from '../domain/calendar';
import { personText } from '../domain/people';
import type { DigestLine } from '../domain/digest';
import { MOVEMENT_SYMBOL, MOVEMENT_WORDS, type PeriodReport } from '../domain/periodReport';
import { RAG_LABEL } from '../../cards/ragText';
import { FIGURES, standingText, travel } from '../../cards/periodReportCard';

/** RAG as a word and a symbol (never colour alone), or the status for closed work. */
const ragWords = (l: DigestLine): string =>
  l.rag ? RAG_LABEL[l.rag] : l.status === 'Complete' ? '✓ Complete' : l.status;
const text = (t: string) => new Paragraph({ children: [new TextRun(t)] });

/** A table in Word's own terms: a header row that repeats on every page and is marked as a header. */
function table(head: string[], rows: string[][], widths = head.map(() => 100 / head.length)): Table {
  const cell = (t: string, i: number, bold = false) =>
    new TableCell({
      width: { size: widths[i], type: WidthType.PERCENTAGE },
      children: [new Paragraph({ children: [new TextRun({ text: t, bold, size: 18 })] })],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: widths.map((w) => Math.round(w * 90)),
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: head.map((h, i) => cell(h, i, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, i)) })),
    ],
  });
}

/** A section: a Heading 1, then the table, or a line saying there is nothing. */
const part = (title: string, head: string[], rows: string[][], none: string, widths?: number[]) => [
  new Paragraph({ text: `${title} (${rows.length})`, heading: HeadingLevel.HEADING_1 }),
  rows.length ? table(head, rows, widths) : text(none),
];

/** A PNG's size in pixels, from its IHDR chunk. */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

/**
 * The board paper as a Word document: a council report layout with Word's built-in styles (Title,
 * Heading 1, Normal) and real header rows, so it pastes into a council's template and takes its look.
 */
export async function boardPaperDocx(r: PeriodReport, chartPng?: Buffer): Promise<Buffer> {
  const since = formatDate(r.from);
  const who = (l: DigestLine) => [l.ref, l.title, personText(l.ownerEmail, l.ownerName)];
  const size = chartPng ? pngSize(chartPng) : undefined;
  const width = 600;
  const doc = new Document({
    title: `Board paper: progress since ${since}`,
    creator: 'Board Actions',
    description: `Improvement plan progress from ${r.from} to ${r.to}`,
    styles: {
      paragraphStyles: [
        {
          id: 'Caption',
          name: 'caption',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { italics: true, size: 18 },
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ text: 'Improvement plan: progress report to the board', heading: HeadingLevel.TITLE }),
          text(`Date: ${formatDate(r.to)}`),
          text(`Period: since the board met on ${since}`),
          text(`Plans: ${r.scope}`),
          new Paragraph({ text: 'Summary', heading: HeadingLevel.HEADING_1 }),
          text(
            `${r.end.completeOrOnTarget}% of actions are complete or on target, against ${r.start.completeOrOnTarget}% on ${since} (${r.change > 0 ? `up ${r.change}` : r.change < 0 ? `down ${-r.change}` : 'no change in'} points). ${r.completed.length} completed, ${r.newExceptions.length} new exception${r.newExceptions.length === 1 ? '' : 's'}, ${r.datesRevised.length} date${r.datesRevised.length === 1 ? '' : 's'} revised, ${r.challenges.length} action${r.challenges.length === 1 ? '' : 's'} the board may wish to challenge.`,
          ),
          table(
            ['Figure', `${since} → ${formatDate(r.to)}`],
            [
              ...FIGURES.map(([k, title]) => [title, travel(r.start.mix[k], r.end.mix[k])]),
              ['Complete or on target', travel(r.start.completeOrOnTarget, r.end.completeOrOnTarget, '%')],
            ],
            [50, 50],
          ),
          ...(chartPng && size
            ? [
                new Paragraph({
                  alignment: AlignmentType.CENTER,
                  children: [
                    new ImageRun({
                      type: 'png',
                      data: chartPng,
                      transformation: { width, height: Math.round((size.height * width) / size.width) },
                      altText: {
                        name: 'trend',
                        title: 'Status and RAG over the last 8 weeks',
                        description: 'Stacked bars of complete, green, amber, red and unrated actions, week by week.',
                      },
                    }),
                  ],
                }),
                new Paragraph({ text: 'Figure 1: status and RAG over the last 8 weeks', style: 'Caption' }),
              ]
            : []),
          ...part(
            'Exceptions: Red and Amber',
            ['Reference', 'Action', 'Owner', 'Original date', 'Revised date', 'RAG', 'Comment'],
            r.exceptions.map((l) => [
              ...who(l),
              formatDate(l.dueDate),
              l.revisedDate ? `${formatDate(l.revisedDate)} (${l.revisedState})` : '',
              ragWords(l),
              l.narrative ?? '',
            ]),
            'No Red or Amber actions.',
            [11, 21, 17, 11, 12, 11, 17],
          ),
          ...part(
            'Completed and proposed for closure',
            ['Reference', 'Action', 'Owner', 'Comment'],
            r.completed.map((l) => [...who(l), l.narrative ?? '']),
            'Nothing completed since the last meeting.',
            [11, 31, 20, 38],
          ),
          ...part(
            'Dates revised since the last meeting',
            ['Reference', 'Action', 'Owner', 'Original date', 'Revised date', 'Reason'],
            r.datesRevised.map((l) => [
              ...who(l),
              formatDate(l.original),
              `${formatDate(l.revised)} (${l.state})`,
              l.revisedReason ?? '',
            ]),
            'No dates revised.',
            [11, 23, 18, 12, 14, 22],
          ),
          ...part(
            'Challenge flags',
            ['Reference', 'Action', 'Owner', 'Flag', 'Why the board may ask'],
            r.challenges.flatMap((l) => l.flags.map((f) => [...who(l), `⚑ ${f.label}`, f.reason])),
            'No action to challenge.',
            [11, 21, 18, 14, 36],
          ),
          ...part(
            'Movement since the last meeting',
            ['Reference', 'Action', 'Owner', 'Then', 'Now', 'Movement'],
            r.movements.map((m) => [
              ...who(m),
              standingText(m.before),
              standingText(m.after),
              `${MOVEMENT_SYMBOL[m.movement]} ${MOVEMENT_WORDS[m.movement]}`,
            ]),
            'No actions.',
            [11, 31, 20, 13, 13, 12],
          ),
          ...part(
            'Owners who did not answer in the period',
            ['Owner', 'Open actions'],
            r.silentOwners.map((o) => [personText(o.email, o.name), String(o.openActions)]),
            'Every owner answered.',
            [60, 40],
          ),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
