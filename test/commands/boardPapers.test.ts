import JSZip from 'jszip';
import { type Harness, cardOf, cardText, startHarness } from '../support/botHarness';
import { PEOPLE, type Person } from '../support/fixtures';
import { AT_SECOND, storePaperBoard } from '../support/boardPapers';

describe('board meeting, board report and board paper, end to end over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ at: AT_SECOND, rows: [] });
    await storePaperBoard(h.app.store);
  });
  afterAll(async () => h.stop());

  const ask = async (p: Person, text: string) => {
    const before = h.connector.sent.length;
    expect(await h.say(p, text)).toBe(200);
    const reply = h.connector.sent.slice(before).at(-1);
    return { text: String(reply?.activity.text ?? ''), card: reply ? cardOf(reply.activity) : undefined };
  };

  test('only the secretariat records a meeting; a date that does not exist is refused and nothing is stored', async () => {
    expect((await ask(PEOPLE.ben, 'board meeting 16/11/2026')).text).toContain('is for the board secretariat');
    expect((await ask(PEOPLE.sam, 'board meeting 31/02/2026')).text).toContain('is not a date like 14/12/2026');
    expect(await h.app.store.settings.listPrefix('meeting|')).toEqual([]);
    expect((await ask(PEOPLE.sam, 'board report')).text).toContain('No board meeting is recorded before that date');
    const recorded = await ask(PEOPLE.sam, 'board meeting 16/11/2026');
    expect(cardText(recorded.card)).toContain('Board meeting recorded: Mon, 16 Nov 2026');
  });

  test('board report: the card since the last meeting, with movements and figures then and now', async () => {
    const text = cardText((await ask(PEOPLE.sam, 'board report')).card);
    expect(text).toContain('Since the board met on Mon, 16 Nov 2026');
    expect(text).toContain('45.5% → 50% (↑ 4.5)');
    expect(text).toContain('▼ R3.2: Report Internal Audit findings to every Cabinet.');
    expect(text).toContain('▲ R5.1');
    expect(text).toContain('new R5.2');
    expect(text).toContain('Owners who did not answer in the period (1)');
    expect(text).not.toContain('= R6.1'); // unchanged actions are in the printable report, not the card
  });

  test('board paper: a link to the .docx that opens once signed, and not when its period is altered', async () => {
    const { text } = await ask(PEOPLE.sam, 'board paper 16/11/2026 14/12/2026');
    const [docx, html] = [...text.matchAll(/https?:\/\/\S+?(?=[\s)]|$)/g)].map((m) => m[0]);
    expect(docx).toContain('/exports/paper/board-paper.docx?');
    const r = await fetch(docx);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('wordprocessingml');
    expect(r.headers.get('content-disposition')).toContain('board-paper-2026-11-16-to-2026-12-14.docx');
    const zip = await JSZip.loadAsync(Buffer.from(await r.arrayBuffer()));
    expect(await zip.file('word/document.xml')?.async('string')).toContain('Cabinet dates lost to the election.');
    const page = await fetch(html);
    expect(await page.text()).toContain('<h1>Since the board met on Mon, 16 Nov 2026</h1>');
    const altered = new URL(docx);
    altered.searchParams.set('plan', (altered.searchParams.get('plan') ?? '').replace('2026-11-16', '2026-11-02'));
    expect((await fetch(altered)).status).toBe(403);
    // An ordinary export link is not a board paper link.
    const { text: csvText } = await ask(PEOPLE.sam, 'export html');
    const plain = new URL(/https?:\/\/\S+/.exec(csvText)?.[0] ?? '');
    plain.pathname = '/exports/paper/board-paper.docx';
    expect((await fetch(plain)).status).toBe(403);
  });

  test('minutes: pasted minutes (line breaks kept) give the candidate actions on a card; nothing is stored', async () => {
    const pasted = [
      'minutes',
      '6. CUSTOMER SERVICES',
      'The Board noted that parking permits will be online by March 2018.',
      'The Board asked that:',
      '- Ben Okafor identify five quick customer service outcomes by March 2027',
      '- That progress on the delivery of these be reported to the Board.',
      'RESOLVED',
      '1. That the presentation be noted',
    ].join('\n');
    expect((await ask(PEOPLE.ben, pasted)).text).toContain('is for the board secretariat');
    const before = (await h.app.store.actions.listAll()).length;
    const text = cardText((await ask(PEOPLE.sam, pasted)).card);
    expect(text).toContain('Actions arising from the minutes: 2 found');
    expect(text).toContain(
      'Ben Okafor identify five quick customer service outcomes by March 2027 · owner: Ben Okafor (ben.okafor@example.org) · due Wed, 31 Mar 2027',
    );
    expect(text).toContain(
      'Progress on the delivery of these be reported to the Board. · owner: not named · no date given',
    );
    expect(text).not.toContain('parking permits');
    expect((await h.app.store.actions.listAll()).length).toBe(before);
    expect((await ask(PEOPLE.sam, 'minutes')).text).toContain('Usage: minutes (then paste the minutes)');
  });
});
