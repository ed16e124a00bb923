import ExcelJS from 'exceljs';
import { importPlanRows } from '../../bot/import/importPlan';
import { parsePlanCsv } from '../../bot/import/planCsv';
import { type Harness, cardOf, cardText, startHarness } from '../support/botHarness';
import { NAMED_OWNER_HEADER, PEOPLE, type Person, SEED_ROWS, csvText, withOwnerNames } from '../support/fixtures';

/**
 * People by name: the plan file's "owner name" column, then the name Teams gives (a roster, a turn's
 * `from.name`), shown in every view with the email beside it, never a bare address where a name is known.
 */
const PLAN_NAMES: Record<string, string> = {
  [PEOPLE.amira.email]: 'Dr A. Khan', // Teams gives "Amira Khan", which wins
  [PEOPLE.ben.email]: 'Benjamin Okafor',
  [PEOPLE.carys.email]: 'Carys [Evans](https://evil.example)', // not in the board's team: the plan's name stays
};
const person = (p: Person, name = p.name) => `${name} (${p.email})`;

describe('people by name (Azurite + Bot Connector stand-in)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ members: [PEOPLE.amira, PEOPLE.ben, PEOPLE.sam] });
    const rows = withOwnerNames(SEED_ROWS).map((r) => [...r.slice(0, 4), PLAN_NAMES[r[5]] ?? r[4], ...r.slice(5)]);
    await importPlanRows(h.app.store, parsePlanCsv(csvText(NAMED_OWNER_HEADER, rows)).rows, h.now.value);
    await h.installInTeam(); // the roster read: Teams' names for Amira, Ben and Sam
  });
  afterAll(() => h.stop());

  const ask = async (who: Person, text: string) => {
    const before = h.chatWith(who).length;
    expect(await h.say(who, text)).toBe(200);
    return h.chatWith(who).slice(before).at(-1) ?? {};
  };
  /** Lines naming an example.org address with no name before it. */
  const bare = (text: string) => text.split('\n').filter((l) => /(^|[^(\w.])[a-z]+\.[a-z]+@example\.org/.test(l));

  test("the digest names each owner, email beside: Teams' name where known, else the plan's, inert", async () => {
    const card = cardOf(await ask(PEOPLE.sam, 'digest'));
    const text = cardText(card);
    expect(text).toContain(person(PEOPLE.amira));
    expect(text).not.toContain('Dr A. Khan');
    expect(text).toContain(person(PEOPLE.ben));
    expect(text).toContain(person(PEOPLE.carys, PLAN_NAMES[PEOPLE.carys.email]));
    expect(bare(text)).toEqual([]);
    // The plan's name is text, not a link, on the card.
    expect(JSON.stringify(card)).not.toContain('[Evans](https://evil');
  });

  test('a new display name from a turn replaces the one Teams gave before', async () => {
    await ask({ ...PEOPLE.ben, name: 'Ben Okafor-Reid' }, 'my actions');
    expect(cardText(cardOf(await ask(PEOPLE.sam, 'digest')))).toContain(person(PEOPLE.ben, 'Ben Okafor-Reid'));
  });

  test('status: the owner and who answered, by name', async () => {
    const rev = (await h.app.store.actions.get({ planId: 'lga-cpc-action-plan-2023', ref: 'R4.2' }))?.value.revision;
    await h.clickCard(PEOPLE.amira, 'noChange', { planId: 'lga-cpc-action-plan-2023', ref: 'R4.2', rev });
    const text = cardText(cardOf(await ask(PEOPLE.sam, 'status R4.2')));
    expect(text).toContain(person(PEOPLE.amira));
    expect(text).toContain(`by ${person(PEOPLE.amira)} · no change`);
    expect(bare(text)).toEqual([]);
  });

  test('nonresponders and the secretariat message about who cannot be reached name people', async () => {
    await h.app.tick(); // Monday 09:00: the weekly chase; Carys has no chat with the bot
    const text = String((await ask(PEOPLE.sam, 'nonresponders')).text);
    expect(text).toContain(`- ${person(PEOPLE.ben, 'Ben Okafor-Reid')}: 2 of 2 unanswered`);
    expect(text).toContain(
      `- ${person(PEOPLE.carys, 'Carys \\[Evans\\]\\(https:\u2060//evil\u2060.example\\)')}: cannot`,
    );
    const toSam = h.chatWith(PEOPLE.sam).map((a) => String(a.text ?? ''));
    expect(toSam.find((t) => t.startsWith('I could not reach'))).toContain(PEOPLE.carys.email);
    expect(toSam.find((t) => t.startsWith('I could not reach'))).toContain('Carys \\[Evans\\]');
  });

  test('the exports: CSV and Excel have the name beside the email; the HTML report shows both', async () => {
    const csv = await (await fetch(h.app.commands.exportLink('csv', {}))).text();
    const [head, ...rows] = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(head.split(',').slice(4, 6)).toEqual(['owner email', 'owner name']);
    expect(rows.find((r) => r.includes(',R4.2,'))).toContain(`${PEOPLE.amira.email},${PEOPLE.amira.name},`);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (await fetch(h.app.commands.exportLink('xlsx', {}))).arrayBuffer());
    const sheet = wb.worksheets.find((w) => w.name.startsWith('HR')) as ExcelJS.Worksheet;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const ben = sheet.getRow(2).values as unknown[];
    expect(ben[header.indexOf('owner email')]).toBe(PEOPLE.ben.email);
    expect(ben[header.indexOf('owner name')]).toBe('Ben Okafor-Reid');

    const html = await (await fetch(h.app.commands.exportLink('html', {}))).text();
    expect(html).toContain(`<td>Ben Okafor-Reid<br><small>${PEOPLE.ben.email}</small>`);
  });
});
