import { copyFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Frame } from 'playwright-core';
import type { App } from '../bot/app';
import { saveOwnerUpdate } from '../bot/replies/saveUpdate';
import { type CsvRow, PEOPLE, type Person, SEED_ROWS, planCsv } from '../test/support/fixtures';
import { closeContext } from './support/tabBrowser';
import { SHOTS, type TabStack, startTabStack } from './support/tabStack';

/**
 * Uploading a plan in the Board report tab, in Debian's Chromium inside the stubbed Teams host, signed in with
 * SSO: a CSV and an .xlsx built here, each previewed (an addition, a change, a missing action, a bad row) and
 * applied, then checked in storage; a bad file writes nothing; an owner sees no upload and gets 403.
 */
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const DOCS = path.resolve(__dirname, '..', 'docs', 'images');
const CPC = 'lga-cpc-action-plan-2023';
const HEADER = ['plan', 'theme', 'reference', 'action', 'owner email', 'due date', 'status', 'RAG', 'narrative'];

let stack: TabStack;
let app: App;

const rowsWith = (due: string, newRef: string): string[][] => [
  ...SEED_ROWS.filter((r) => r[2] !== 'R6.2')
    .map((r) => r.map((v) => v ?? ''))
    .map((r) => (r[2] === 'R4.2' ? [...r.slice(0, 5), due, ...r.slice(6)] : r)),
  [
    'LGA CPC Action Plan 2023',
    'Recommendation 9: Strengthen scrutiny',
    newRef,
    'Agree a scrutiny work programme with the Overview and Scrutiny Committee.',
    PEOPLE.ben.email,
    '2027-02-26',
    'Not started',
    '',
    '',
  ],
];

const openBoard = (p: Person, height?: number) => stack.openBoard(p, height);

const textOf = (frame: Frame, selector: string) => frame.locator(selector).innerText();
const action = async (ref: string) => (await app.store.actions.get({ planId: CPC, ref }))?.value;

beforeAll(async () => {
  stack = await startTabStack('uploade2e');
  app = stack.app;
}, 120_000);

afterAll(async () => stack?.stop());

describe('uploading a plan in the Board report tab', () => {
  test('a CSV: preview (addition, change old → new, missing action), retire it, Apply; storage holds the file', async () => {
    const { context, frame } = await openBoard(PEOPLE.sam);
    try {
      await frame.setInputFiles('#plan-file', {
        name: 'cpc-plan.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(planCsv(rowsWith('29/01/2027', 'R9.1') as CsvRow[])),
      });
      await frame.waitForSelector('#upload-summary');
      expect(await textOf(frame, '#upload-summary')).toBe(
        'cpc-plan.csv: 6 rows. 1 action to add, 1 action to change, 4 unchanged, 1 not in the file.',
      );
      expect(await textOf(frame, '.upload-add')).toContain('R9.1 · Agree a scrutiny work programme');
      expect(await textOf(frame, '.upload-change')).toContain('R4.2');
      expect(await textOf(frame, '.upload-change')).toContain('due date 2026-12-18 → 2027-01-29');
      expect(await textOf(frame, '.upload-missing')).toContain('R6.2');
      const shot = path.join(SHOTS, 'plan-upload-preview.png');
      await frame.locator('.plan-upload').screenshot({ path: shot, animations: 'disabled' });
      // TAB_DOCS_IMAGES=1 refreshes the README's picture of the preview.
      if (process.env.TAB_DOCS_IMAGES === '1') copyFileSync(shot, path.join(DOCS, 'plan-upload-preview.png'));
      expect(await action('R9.1')).toBeUndefined(); // the preview wrote nothing

      await frame.selectOption(`select[data-missing="${CPC}/R6.2"]`, 'retire');
      await frame.click('#apply-upload');
      await frame.waitForSelector('#upload-result .notice-good');
      expect(await textOf(frame, '#upload-result')).toContain('Imported cpc-plan.csv into 3 plans: 1 new, 1 changed');
      expect(await action('R9.1')).toMatchObject({ ownerEmail: PEOPLE.ben.email });
      expect((await action('R4.2'))?.dueDate).toBe('2027-01-29');
      expect((await action('R6.2'))?.retired).toMatchObject({ by: PEOPLE.sam.email });
      // The register reloads with the new action.
      await frame.waitForFunction(() => document.querySelector('table.register')?.textContent?.includes('R9.1'));
    } finally {
      await closeContext(context);
    }
  });

  test('an .xlsx built here: the sheet picked from the list is previewed and applied', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Notes').addRow(['Read me first']);
    const ws = wb.addWorksheet('CPC plan');
    ws.addRow(HEADER);
    for (const r of rowsWith('2027-03-31', 'R9.2'))
      ws.addRow(r.map((v, i) => (i === 5 && /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : v)));
    const { context, frame } = await openBoard(PEOPLE.sam);
    try {
      await frame.setInputFiles('#plan-file', {
        name: 'CPC plan.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: Buffer.from(await wb.xlsx.writeBuffer()),
      });
      await frame.waitForSelector('[data-problem]');
      expect(await textOf(frame, '#upload-result')).toContain('the header has no "plan" column');
      await frame.selectOption('#plan-sheet', 'CPC plan');
      await frame.waitForSelector('#upload-summary');
      expect(await textOf(frame, '.upload-add')).toContain('R9.2');
      expect(await textOf(frame, '.upload-change')).toContain('due date 2027-01-29 → 2027-03-31');
      await frame.click('#apply-upload');
      await frame.waitForSelector('#upload-result .notice-good');
      expect(await action('R9.2')).toMatchObject({ dueDate: '2027-02-26' });
      expect((await action('R4.2'))?.dueDate).toBe('2027-03-31');
    } finally {
      await closeContext(context);
    }
  });

  test('a bad file lists every bad row with line, column and reason, and writes nothing', async () => {
    const rows = rowsWith('29/01/2027', 'R9.3');
    rows[1] = [...rows[1].slice(0, 5), '31/02/2027', ...rows[1].slice(6)];
    const before = (await app.store.updates.listForPlan(CPC)).length;
    const { context, frame } = await openBoard(PEOPLE.sam);
    try {
      await frame.setInputFiles('#plan-file', {
        name: 'bad.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(planCsv(rows as CsvRow[])),
      });
      await frame.waitForSelector('[data-problem]');
      expect(await frame.locator('[data-problem]').evaluateAll((els) => els.map((e) => e.dataset.problem))).toEqual([
        'line 3, column "due date": "31/02/2027" is not a date; write 23/11/2026 or 2026-11-23',
      ]);
      expect(await frame.locator('#apply-upload').count()).toBe(0);
      expect(await app.store.updates.listForPlan(CPC)).toHaveLength(before);
      expect(await action('R9.3')).toBeUndefined();
    } finally {
      await closeContext(context);
    }
  });

  test('closure by the board: proposed by the owner with evidence, several closed at once in the tab, shown in the timeline', async () => {
    const a = (await app.store.actions.get({ planId: 'procurement-improvement-plan', ref: 'PR1.4' }))!.value;
    const saved = await saveOwnerUpdate(
      app.store,
      { email: a.ownerEmail },
      { planId: a.planId, ref: a.ref, rev: a.revision },
      {
        status: 'Complete',
        narrative: 'All four sessions delivered; 96 officers trained.',
        evidenceUrl: 'https://intranet.example.org/procurement/training-register.xlsx',
      },
      new Date('2026-11-23T09:00:00Z'),
    );
    expect(saved.kind).toBe('recorded');
    const { context, frame } = await openBoard(PEOPLE.sam);
    try {
      // Proposed for closure, closed from the tab as after a board meeting.
      await frame.waitForSelector('#close-selected');
      expect(await textOf(frame, '.closure-list')).toContain('PR1.4');
      await frame.click('#close-selected');
      await frame.waitForSelector('.closure .notice-good');
      expect(await textOf(frame, '.closure .notice-good')).toContain('PR1.4: closed by the board.');
      expect((await app.store.actions.get(a))?.value.closure).toMatchObject({ state: 'closed', by: PEOPLE.sam.email });
      await frame.click(`a[data-action="${a.planId}/${a.ref}"]`);
      await frame.waitForSelector('ol.timeline');
      const timeline = await textOf(frame, 'ol.timeline');
      expect(timeline).toContain('Closed by the board');
      expect(timeline).toContain('Proposed for closure by the board');
      expect(timeline).toContain('Evidence: https://intranet.example.org/procurement/training-register.xlsx');
      const shot = path.join(SHOTS, 'closure-timeline.png');
      await frame.locator('#action-view').screenshot({ path: shot, animations: 'disabled' });
      if (process.env.TAB_DOCS_IMAGES === '1') copyFileSync(shot, path.join(DOCS, 'closure-timeline.png'));
    } finally {
      await closeContext(context);
    }
  });

  test('an owner sees no upload, and is refused (403) if they post a file anyway', async () => {
    const { context, frame, token } = await openBoard(PEOPLE.amira);
    try {
      expect(await frame.locator('#plan-file').count()).toBe(0);
      const r = await fetch(`${app.url}/api/tab/plan-upload/apply`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'x.csv',
          content: Buffer.from(planCsv(rowsWith('29/01/2027', 'R9.4') as CsvRow[])).toString('base64'),
        }),
      });
      expect(r.status).toBe(403);
      expect(await action('R9.4')).toBeUndefined();
    } finally {
      await closeContext(context);
    }
  });
});
