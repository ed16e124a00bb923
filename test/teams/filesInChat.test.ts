import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import { type Harness, cardOf, cardText, quiet, startHarness, waitFor } from '../support/botHarness';
import { type CsvRow, PEOPLE, type Person, SEED_ROWS, planCsv } from '../support/fixtures';
import { FileStandIn, type ServedFile } from '../support/fileStandIn';

const CPC = 'lga-cpc-action-plan-2023';
const HEADER = 'plan,theme,reference,action,owner email,due date,status,RAG,narrative';
const FILE_INFO = 'application/vnd.microsoft.teams.file.download.info';

/** The seed plan as a file, with R4.2 due later, R6.2 left out and a new action R9.1. */
const editedRows = (): string[][] => [
  ...SEED_ROWS.filter((r) => r[2] !== 'R6.2')
    .map((r) => r.map((v) => v ?? ''))
    .map((r) => (r[2] === 'R4.2' ? [...r.slice(0, 5), '29/01/2027', ...r.slice(6)] : r)),
  [
    'LGA CPC Action Plan 2023',
    'Recommendation 9: Strengthen scrutiny',
    'R9.1',
    'Agree a scrutiny work programme with the Overview and Scrutiny Committee.',
    PEOPLE.ben.email,
    '2027-02-26',
    'Not started',
    '',
    '',
  ],
];

async function workbookOf(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('CPC plan');
  ws.addRow(HEADER.split(','));
  for (const r of rows)
    ws.addRow(r.map((v, i) => (i === 5 && /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : v)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const MINUTES = [
  '6. CUSTOMER SERVICES',
  'The Board noted that parking permits will be online by March 2018.',
  'The Board asked that:',
  '- Ben Okafor identify five quick customer service outcomes by March 2027',
  '- That progress on the delivery of these be reported to the Board.',
  'RESOLVED',
  '1. That the presentation be noted',
];

/** The same minutes as Word writes them: the asks as a bulleted list (Word's numbering, no "-" in the text). */
async function minutesDocx(): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: MINUTES[0] }),
          new Paragraph({ text: MINUTES[1] }),
          new Paragraph({ text: MINUTES[2] }),
          new Paragraph({ text: MINUTES[3].slice(2), bullet: { level: 0 } }),
          new Paragraph({ text: MINUTES[4].slice(2), bullet: { level: 0 } }),
          new Paragraph({ text: MINUTES[5] }),
          new Paragraph({ text: MINUTES[6] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

describe('a file sent to the bot in the 1:1 chat (Connector stand-in, Azurite, a local download link)', () => {
  let h: Harness;
  let files: FileStandIn;
  let n = 0;
  beforeEach(async () => {
    h = await startHarness();
    await h.installInTeam({ board: false });
    files = await new FileStandIn().start();
  });
  afterEach(async () => {
    await h.stop();
    await files.stop();
  });

  const action = async (ref: string, planId = CPC) => (await h.app.store.actions.get({ planId, ref }))?.value;
  const ledgerRows = async () => (await h.app.store.updates.listForPlan(CPC)).length;

  /** The message Teams posts when `person` sends `name` in the 1:1 chat: a file download info attachment. */
  const fileMessage = (person: Person, name: string, file: ServedFile) => {
    const path = `/drive/items/${++n}/${encodeURIComponent(name)}`;
    return {
      ...h.message(person, ''),
      attachments: [
        {
          contentType: FILE_INFO,
          contentUrl: `https://contoso-my.sharepoint.com/personal/sam/Documents/Microsoft Teams Chat Files/${name}`,
          name,
          content: { downloadUrl: files.serve(path, file), uniqueId: `uid-${n}`, fileType: name.split('.').pop() },
        },
      ],
    };
  };

  /** Sends the file; the bot's acknowledgement, and the card or text that follows it once the file is read. */
  const send = async (person: Person, name: string, file: ServedFile) => {
    const before = h.chatWith(person).length;
    expect((await h.post(fileMessage(person, name, file))).status).toBe(200);
    const said = await waitFor('the answer to the file', () => {
      const sent = h.chatWith(person).slice(before);
      return sent.length >= 2 && sent;
    });
    // The acknowledgement is the turn's reply; the answer comes from the background job, in either order.
    const ack = said.find((a) => /^Reading /.test(String(a.text ?? '')));
    const answer = said.find((a) => a !== ack) as Record<string, any>;
    return { ack: String(ack?.text ?? ''), answer, card: cardOf(answer), text: cardText(cardOf(answer)) };
  };

  /** Presses a button of the card by its title, with the card's inputs set as given. */
  const press = async (
    person: Person,
    card: { actions?: { title?: string; verb?: string; data?: Record<string, unknown> }[] },
    title: string,
    inputs: Record<string, string> = {},
  ) => {
    const button = (card.actions ?? []).find((a) => a.title === title);
    if (!button) throw new Error(`no "${title}" button on the card: ${cardText(card)}`);
    return h.clickCard(person, String(button.verb), { ...button.data, ...inputs });
  };

  test('a CSV plan: the preview card (addition, change old → new, missing), nothing written; Apply writes it all, once', async () => {
    const before = await ledgerRows();
    const { ack, card, text } = await send(PEOPLE.sam, 'cpc-plan.csv', { bytes: planCsv(editedRows() as CsvRow[]) });
    expect(ack).toContain('Reading cpc-plan.csv');
    expect(text).toContain('Preview of cpc-plan.csv: nothing is stored until you apply');
    expect(text).toContain('6 rows: 1 to add, 1 to change, 4 unchanged, 1 on the board but not in the file');
    expect(text).toContain('R9.1 · Agree a scrutiny work programme with the Overview and Scrutiny Committee.');
    expect(text).toContain('R4.2: due date 2026-12-18 → 2027-01-29');
    expect(text).toContain('R6.2 · Refresh the partnership governance framework');
    expect(await action('R9.1')).toBeUndefined();
    expect(await ledgerRows()).toBe(before);

    const applied = await press(PEOPLE.sam, card, 'Apply', { missing: 'retire' });
    expect(cardText(applied)).toContain(
      "Imported cpc-plan.csv into 3 plans: 1 new, 1 changed, 4 unchanged, 1 retired. Every change is in its action's history.",
    );
    expect(await action('R9.1')).toMatchObject({ ownerEmail: PEOPLE.ben.email, status: 'Not started' });
    expect((await action('R4.2'))?.dueDate).toBe('2027-01-29');
    expect((await action('R6.2'))?.retired).toMatchObject({ by: PEOPLE.sam.email });
    const history = await h.app.store.updates.listForAction({ planId: CPC, ref: 'R4.2' });
    expect(history.at(-1)).toMatchObject({ kind: 'import', byEmail: PEOPLE.sam.email, dueDate: '2027-01-29' });

    // A second click on Apply (a fresh activity) applies nothing more and says it was applied.
    const rows = await ledgerRows();
    const again = await press(PEOPLE.sam, card, 'Apply', { missing: 'retire' });
    expect(cardText(again)).toContain('Already applied');
    expect(cardText(again)).toContain('Imported cpc-plan.csv into 3 plans');
    expect(await ledgerRows()).toBe(rows);
  });

  test('an .xlsx plan: its first sheet is previewed (dates as dates); Apply keeping the missing action', async () => {
    const { card, text } = await send(PEOPLE.sam, 'CPC plan.xlsx', { bytes: await workbookOf(editedRows()) });
    expect(text).toContain('Preview of CPC plan.xlsx');
    expect(text).toContain('R9.1 · Agree a scrutiny work programme');
    expect(text).toContain('due Fri, 26 Feb 2027');
    expect(text).toContain('R4.2: due date 2026-12-18 → 2027-01-29');
    const applied = await press(PEOPLE.sam, card, 'Apply', { missing: 'keep' });
    expect(cardText(applied)).toContain('Imported CPC plan.xlsx into 3 plans: 1 new, 1 changed, 4 unchanged.');
    expect(await action('R9.1')).toBeDefined();
    expect((await action('R6.2'))?.retired).toBeUndefined();
  });

  test('a bad file: every bad row in the CLI words, no Apply button, nothing written', async () => {
    const rows = editedRows();
    rows[1] = [...rows[1].slice(0, 5), '31/02/2027', ...rows[1].slice(6)];
    rows[2] = [...rows[2].slice(0, 7), 'Purple', rows[2][8]];
    const before = await ledgerRows();
    const { card, text } = await send(PEOPLE.sam, 'bad.csv', { bytes: planCsv(rows as CsvRow[]) });
    expect(text).toContain('2 bad rows: nothing can be applied');
    expect(text).toContain('line 3, column "due date": "31/02/2027" is not a date; write 23/11/2026 or 2026-11-23');
    expect(text).toContain('line 4, column "RAG": "Purple" is not a RAG rating; use one of: Green, Amber, Red');
    expect((card.actions ?? []).map((a: { title: string }) => a.title)).not.toContain('Apply');
    expect(await ledgerRows()).toBe(before);
    expect(await action('R9.1')).toBeUndefined();
  });

  test('an expired download link (403, 404): a clear message, nothing written', async () => {
    const before = await ledgerRows();
    for (const status of [403, 404]) {
      const { answer } = await send(PEOPLE.sam, `plan-${status}.csv`, { status });
      expect(String(answer.text)).toContain(
        `I could not download plan-${status}.csv: the link Teams gave has expired or was refused (HTTP ${status}). Send the file again, please; nothing was read or stored.`,
      );
    }
    expect(await ledgerRows()).toBe(before);
  });

  test('a file of a kind the bot does not read: a clear message, not downloaded', async () => {
    const before = h.chatWith(PEOPLE.sam).length;
    const msg = fileMessage(PEOPLE.sam, 'board pack.pdf', { bytes: '%PDF-1.7' });
    expect((await h.post(msg)).status).toBe(200);
    expect(String(h.chatWith(PEOPLE.sam)[before]?.text)).toContain(
      'I read a plan as .csv or .xlsx, and minutes as .docx or .txt: "board pack.pdf" is none of these',
    );
    expect([...files.downloads.values()]).toEqual([]);
  });

  test('an owner who is not in the secretariat sending a plan is refused: not downloaded, nothing written', async () => {
    const before = await ledgerRows();
    const sent = h.chatWith(PEOPLE.amira).length;
    expect(
      (await h.post(fileMessage(PEOPLE.amira, 'cpc-plan.csv', { bytes: planCsv(editedRows() as CsvRow[]) }))).status,
    ).toBe(200);
    await quiet(h.connector, 500);
    const said = h.chatWith(PEOPLE.amira).slice(sent);
    expect(said).toHaveLength(1);
    expect(String(said[0].text)).toContain('Only the board secretariat can send me a plan or minutes as a file');
    expect([...files.downloads.values()]).toEqual([]);
    expect(await ledgerRows()).toBe(before);
  });

  test('Apply is refused when the board changed since the preview; nothing from the file is written', async () => {
    const { card } = await send(PEOPLE.sam, 'cpc-plan.csv', { bytes: planCsv(editedRows() as CsvRow[]) });
    await h.say(PEOPLE.amira, 'my actions');
    const answered = await h.clickCard(PEOPLE.amira, 'noChange', { planId: CPC, ref: 'R4.2', rev: 1 });
    expect(cardText(answered)).toContain('no change recorded');
    const applied = await press(PEOPLE.sam, card, 'Apply', { missing: 'keep' });
    expect(cardText(applied)).toContain('The board changed since this preview');
    expect(await action('R9.1')).toBeUndefined();
    expect((await action('R4.2'))?.dueDate).toBe('2026-12-18');
  });

  test('two Apply clicks at once, and one click delivered twice: the plan is imported once', async () => {
    const { card } = await send(PEOPLE.sam, 'cpc-plan.csv', { bytes: planCsv(editedRows() as CsvRow[]) });
    const button = (card.actions ?? []).find((a: { title?: string }) => a.title === 'Apply');
    const click = () => h.invoke(PEOPLE.sam, button.verb, { ...button.data, missing: 'keep' });
    const first = click();
    const [a, b] = await Promise.all([h.post(first), h.post(click())]);
    const answers = [cardText(a.body.value), cardText(b.body.value)];
    expect(answers.filter((t) => t.includes('Plan imported'))).toHaveLength(1);
    expect(answers.filter((t) => /Being applied|Already applied/.test(t))).toHaveLength(1);
    h.now.value = new Date(h.now.value.getTime() + 15_000);
    const redelivered = await h.post(first);
    expect(redelivered.body).toEqual(a.body);
    const history = await h.app.store.updates.listForAction({ planId: CPC, ref: 'R9.1' });
    expect(history).toHaveLength(1);
  });

  test('an Apply whose instance stopped after claiming the upload is finished by the next click, two minutes on', async () => {
    const { card } = await send(PEOPLE.sam, 'cpc-plan.csv', { bytes: planCsv(editedRows() as CsvRow[]) });
    const button = (card.actions ?? []).find((a: { title?: string }) => a.title === 'Apply');
    // What a click leaves when its process dies between claiming the upload and importing: the claim.
    const kept = await h.app.store.uploads.get(button.data.uploadId);
    if (!kept) throw new Error('the upload was not kept');
    await h.app.store.uploads.replace(
      { ...kept.value, state: 'applying', changedAt: h.now.value.toISOString(), changedBy: PEOPLE.sam.email },
      kept.etag,
    );
    expect(cardText(await press(PEOPLE.sam, card, 'Apply'))).toContain('is being applied after an earlier click');
    expect(await action('R9.1')).toBeUndefined();
    h.now.value = new Date(h.now.value.getTime() + 3 * 60_000);
    expect(cardText(await press(PEOPLE.sam, card, 'Cancel'))).toContain('click Apply to finish it');
    expect(cardText(await press(PEOPLE.sam, card, 'Apply'))).toContain('Imported cpc-plan.csv into 3 plans: 1 new');
    expect(await action('R9.1')).toBeDefined();
  });

  test('Cancel: nothing is imported, and Apply afterwards applies nothing', async () => {
    const { card } = await send(PEOPLE.sam, 'cpc-plan.csv', { bytes: planCsv(editedRows() as CsvRow[]) });
    expect(cardText(await press(PEOPLE.sam, card, 'Cancel'))).toContain('Nothing was imported from cpc-plan.csv');
    expect(cardText(await press(PEOPLE.sam, card, 'Apply', { missing: 'keep' }))).toContain('was cancelled');
    expect(await action('R9.1')).toBeUndefined();
  });

  test('the same file activity delivered twice is read once: one acknowledgement, one preview', async () => {
    const msg = fileMessage(PEOPLE.sam, 'cpc-plan.csv', { bytes: planCsv(editedRows() as CsvRow[]) });
    await h.post(msg);
    h.now.value = new Date(h.now.value.getTime() + 15_000);
    await h.post(msg);
    await waitFor('the preview', () => h.chatWith(PEOPLE.sam).find((a) => cardOf(a)));
    await quiet(h.connector);
    expect(h.chatWith(PEOPLE.sam)).toHaveLength(2);
    expect([...files.downloads.values()]).toEqual([1]);
  });

  test.each([
    ['minutes.txt', async () => Buffer.from(MINUTES.join('\r\n'))],
    ['minutes.docx', minutesDocx],
  ])('minutes as %s give the same candidates as the minutes command; nothing is stored', async (name, bytes) => {
    const actions = (await h.app.store.actions.listAll()).length;
    const { text } = await send(PEOPLE.sam, name, { bytes: await bytes() });
    expect(text).toContain('Actions arising from the minutes: 2 found');
    expect(text).toContain(
      'Ben Okafor identify five quick customer service outcomes by March 2027 · owner: Ben Okafor (ben.okafor@example.org) · due Wed, 31 Mar 2027',
    );
    expect(text).toContain(
      'Progress on the delivery of these be reported to the Board. · owner: not named · no date given',
    );
    expect(text).not.toContain('parking permits');
    expect((await h.app.store.actions.listAll()).length).toBe(actions);
  });
});
