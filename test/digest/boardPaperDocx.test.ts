import { FLAG_DEFAULTS } from '../../bot/domain/challengeFlags';
import JSZip from 'jszip';
import { recordMeeting } from '../../bot/digest/boardMeetings';
import { loadBoardPaper } from '../../bot/digest/boardPaper';
import type { BoardStore } from '../../bot/domain/ports';
import { openTableStore } from '../../bot/store';
import { AT_SECOND, storePaperBoard } from '../support/boardPapers';
import { PEOPLE } from '../support/fixtures';
import { freshPrefix, testConnectionString } from '../support/storage';

const unxml = (s: string) =>
  s
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
/** Each table of word/document.xml as rows of cell texts, and whether its first row is a marked header row. */
const tablesOf = (xml: string) =>
  [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map(([, t]) => {
    const rows = [...t.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map(([, r]) => r);
    return {
      header: /<w:tblHeader\/>/.test(rows[0] ?? ''),
      rows: rows.map((r) => [...r.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map(([, c]) => unxml(c))),
    };
  });
/** The paragraphs in a style, by their text. */
const styled = (xml: string, style: string) =>
  [...xml.matchAll(/<w:p>([\s\S]*?)<\/w:p>/g)]
    .filter(([, p]) => p.includes(`<w:pStyle w:val="${style}"/>`))
    .map(([, p]) => unxml(p));

describe('the Word board paper, read back from the .docx', () => {
  let store: BoardStore;
  let zip: JSZip;
  let xml: string;
  beforeAll(async () => {
    store = await openTableStore(testConnectionString(), freshPrefix());
    await storePaperBoard(store);
    await recordMeeting(store.settings, { date: '2026-11-16', by: PEOPLE.sam.email, at: '2026-11-16T18:00:00.000Z' });
    const paper = await loadBoardPaper(store, {}, 'docx', new Date(AT_SECOND), FLAG_DEFAULTS);
    expect(paper.fileName).toBe('board-paper-2026-11-16-to-2026-12-14.docx');
    zip = await JSZip.loadAsync(paper.body);
    xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  }, 60_000);

  test("title, date and headings in Word's own styles", () => {
    expect(styled(xml, 'Title')).toEqual(['Improvement plan: progress report to the board']);
    expect(unxml(xml)).toContain('Date: Mon, 14 Dec 2026');
    expect(styled(xml, 'Heading1')).toEqual([
      'Summary',
      'Exceptions: Red and Amber (6)',
      'Completed and proposed for closure (2)',
      'Dates revised since the last meeting (2)',
      'Challenge flags (4)',
      'Movement since the last meeting (12)',
      'Owners who did not answer in the period (1)',
    ]);
  });

  test('every table has a marked header row; the exception table has the dates, RAG as word and symbol, comment', () => {
    const tables = tablesOf(xml);
    expect(tables).toHaveLength(7);
    expect(tables.every((t) => t.header)).toBe(true);
    const [summary, exceptions, completed, revised, flags] = tables;
    expect(summary.rows[7]).toEqual(['Complete or on target', '45.5% → 50% (↑ 4.5)']);
    expect(exceptions.rows[0]).toEqual([
      'Reference',
      'Action',
      'Owner',
      'Original date',
      'Revised date',
      'RAG',
      'Comment',
    ]);
    expect(exceptions.rows.slice(1).map((r) => [r[0], r[5]])).toEqual([
      ['R3.1', '■ Red (off track)'],
      ['R3.2', '■ Red (off track)'],
      ['R2.1', '▲ Amber (at risk)'],
      ['R2.2', '▲ Amber (at risk)'],
      ['R5.1', '▲ Amber (at risk)'],
      ['R6.2', '▲ Amber (at risk)'],
    ]);
    expect(exceptions.rows.find((r) => r[0] === 'R2.2')).toEqual([
      'R2.2',
      'Commission the ten-year demand forecast.',
      'ben.okafor@example.org',
      'Thu, 31 Dec 2026',
      'Wed, 31 Mar 2027 (proposed)',
      '▲ Amber (at risk)',
      'Supplier changed its lead analyst.',
    ]);
    expect(completed.rows.slice(1).map((r) => r[0])).toEqual(['R4.1', 'R4.2']);
    expect(revised.rows.slice(1).map((r) => [r[0], r[3], r[4]])).toEqual([
      ['R2.2', 'Thu, 31 Dec 2026', 'Wed, 31 Mar 2027 (proposed)'],
      ['R6.2', 'Fri, 29 Jan 2027', 'Fri, 26 Feb 2027 (proposed)'],
    ]);
    expect(flags.rows.slice(1).map((r) => [r[0], r[3]])).toEqual([
      ['R1.1', '⚑ Green but overdue'],
      ['R2.1', '⚑ Stale'],
      ['R2.2', '⚑ Slipping'],
      ['R3.1', '⚑ Stuck Red'],
    ]);
  });

  test('the trend chart is in the document as a PNG image', async () => {
    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    const png = await zip.file(media[0])?.async('nodebuffer');
    expect(png?.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(xml).toContain('<a:blip r:embed=');
    expect(styled(xml, 'Caption')).toEqual(['Figure 1: status and RAG over the last 8 weeks']);
  });
});
