import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import type { App } from '../bot/app';
import { saveOwnerUpdate } from '../bot/replies/saveUpdate';
import { listMeetings } from '../bot/digest/boardMeetings';
import { PEOPLE, type Person } from '../test/support/fixtures';
import { closeContext } from './support/tabBrowser';
import { SHOTS, type TabStack, startTabStack } from './support/tabStack';

/**
 * The secretariat's edits in the Board report tab, in Debian's Chromium inside the stubbed Teams host, signed in
 * with SSO: add an action, change one, a stale change refused, retire one, candidates from pasted minutes accepted
 * or dropped, a board meeting recorded; each checked in storage. A board member sees none of it and gets 403.
 */
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const DOCS = path.resolve(__dirname, '..', 'docs', 'images');
const CPC = 'lga-cpc-action-plan-2023';
const PLAN = 'LGA CPC Action Plan 2023';
const RIVERSIDE = readFileSync(path.resolve(__dirname, '../test/support/minutes/riverside-tab-2027-03-03.txt'), 'utf8');

let stack: TabStack;
let app: App;

const openBoard = (p: Person, height?: number) => stack.openBoard(p, height);

const textOf = (frame: Frame, selector: string) => frame.locator(selector).innerText();
const action = async (ref: string) => (await app.store.actions.get({ planId: CPC, ref }))?.value;
const history = (ref: string) => app.store.updates.listForAction({ planId: CPC, ref });
/** A screenshot in e2e/tab-screenshots; TAB_DOCS_IMAGES=1 refreshes the one in docs/images too. */
const shoot = async (frame: Frame, selector: string, name: string) => {
  const shot = path.join(SHOTS, name);
  await frame.locator(selector).screenshot({ path: shot, animations: 'disabled' });
  if (process.env.TAB_DOCS_IMAGES === '1') copyFileSync(shot, path.join(DOCS, name));
};
const openAction = async (frame: Frame, ref: string) => {
  await frame.click(`a[data-action="${CPC}/${ref}"]`);
  await frame.waitForSelector('ol.timeline');
};

beforeAll(async () => {
  stack = await startTabStack('editse2e', [PEOPLE.sam, PEOPLE.amira, PEOPLE.carys]);
  app = stack.app;
}, 120_000);

afterAll(async () => stack?.stop());

describe("the secretariat's edits in the Board report tab", () => {
  test('add an action: a bad date refused under its field (nothing stored), then added and in the register', async () => {
    const { context, frame } = await openBoard(PEOPLE.sam);
    try {
      await frame.click('text=Add an action to a plan');
      await frame.fill('#add-plan', PLAN);
      await frame.fill('#add-theme', 'Recommendation 9: Strengthen scrutiny');
      await frame.fill('#add-reference', 'R9.1');
      await frame.fill('#add-title', 'Agree a scrutiny work programme with the Overview and Scrutiny Committee.');
      await frame.fill('#add-ownerEmail', PEOPLE.ben.email);
      await frame.click('#add-action');
      await frame.waitForSelector('#add-dueDate-error:not([hidden])');
      expect(await textOf(frame, '#add-dueDate-error')).toBe('is empty');
      expect(await frame.locator('#add-dueDate').getAttribute('aria-invalid')).toBe('true');
      expect(await action('R9.1')).toBeUndefined();

      await frame.fill('#add-dueDate', '2027-02-26');
      await frame.click('#add-action');
      await frame.waitForSelector('#add-result .notice-good');
      expect(await textOf(frame, '#add-result')).toBe(`R9.1 is added to ${PLAN}; the addition is in its history.`);
      expect(await action('R9.1')).toMatchObject({ ownerEmail: PEOPLE.ben.email, dueDate: '2027-02-26' });
      expect((await history('R9.1'))[0]).toMatchObject({ kind: 'add', byEmail: PEOPLE.sam.email });
      await frame.waitForFunction(() => document.querySelector('table.register')?.textContent?.includes('R9.1'));
    } finally {
      await closeContext(context);
    }
  });

  test("change an action's title and due date: one commit, shown in its timeline", async () => {
    const { context, frame } = await openBoard(PEOPLE.sam);
    try {
      await openAction(frame, 'R4.2');
      await frame.click('text=Change title, theme, owner or due date');
      await frame.fill('#edit-title', 'Review the scheme of delegation and publish it.');
      await frame.fill('#edit-dueDate', '2027-01-29');
      await frame.click('#save-edit');
      await frame.waitForSelector('#action-notice.notice-good');
      expect(await textOf(frame, '#action-notice')).toBe(
        'R4.2 is changed (title, due date); the change is in its history.',
      );
      const timeline = await textOf(frame, 'ol.timeline');
      expect(timeline).toContain('Changed by the board secretariat');
      expect(timeline).toContain('Due date changed from Fri, 18 Dec 2026 to Fri, 29 Jan 2027');
      expect(timeline).toContain('Title changed from "Review the scheme of delegation for routine decisions."');
      expect(await textOf(frame, '#action-view h1')).toBe('R4.2 · Review the scheme of delegation and publish it.');
      expect(await action('R4.2')).toMatchObject({ dueDate: '2027-01-29', revision: 2 });
      await shoot(frame, '#action-view', 'tab-action-edited.png');
    } finally {
      await closeContext(context);
    }
  });

  test('a stale change is refused (the owner answered since the page loaded), nothing written; then retire it', async () => {
    const { context, frame } = await openBoard(PEOPLE.sam);
    try {
      await openAction(frame, 'R6.2');
      const seen = (await action('R6.2'))!;
      await saveOwnerUpdate(
        app.store,
        PEOPLE.amira,
        { planId: CPC, ref: 'R6.2', rev: seen.revision },
        { status: 'In progress', rag: 'Red', narrative: 'Partners meet again in January.' },
        new Date('2026-11-23T10:00:00Z'),
      );
      const rows = (await history('R6.2')).length;
      await frame.click('text=Change title, theme, owner or due date');
      await frame.fill('#edit-dueDate', '2027-03-31');
      await frame.click('#save-edit');
      await frame.waitForSelector('#action-notice.notice-warning');
      expect(await textOf(frame, '#action-notice')).toBe(
        `R6.2 changed since you opened it (by ${PEOPLE.amira.email}), so nothing was changed. Its current state is shown; make your change again if you still need it.`,
      );
      expect((await action('R6.2'))?.dueDate).toBe('2026-10-30');
      expect(await history('R6.2')).toHaveLength(rows);
      expect(await textOf(frame, '.facts')).toContain('Partners meet again in January.');

      // The page now holds the current revision: taking it out of the plan, with a reason, is recorded.
      await frame.click('text=Take it out of the plan');
      await frame.click('#retire-action');
      await frame.waitForSelector('#retire-reason-error:not([hidden])');
      expect(await textOf(frame, '#retire-reason-error')).toBe('give the reason it is taken out of the plan');
      await frame.fill('#retire-reason', 'Merged into R6.1 by the board on 14 December.');
      await frame.click('#retire-action');
      await frame.waitForSelector('#action-notice.notice-good');
      expect(await textOf(frame, '#action-notice')).toBe('R6.2 is taken out of the plan; it is kept with its history.');
      expect(await textOf(frame, 'ol.timeline')).toContain('Reason: Merged into R6.1 by the board on 14 December.');
      expect((await action('R6.2'))?.retired).toMatchObject({ by: PEOPLE.sam.email });
    } finally {
      await closeContext(context);
    }
  });

  test('minutes: candidates listed with nothing stored; one dropped, one accepted (edited first) into the plan', async () => {
    const { context, frame } = await openBoard(PEOPLE.sam, 2400);
    try {
      const before = (await app.store.updates.listForPlan(CPC)).length;
      await frame.click('text=Find actions in minutes');
      await frame.fill('#minutes-text', RIVERSIDE);
      await frame.click('#find-actions');
      await frame.waitForSelector('#minutes-summary');
      expect(await textOf(frame, '#minutes-summary')).toBe(
        '3 candidate actions found. Nothing is stored until you accept one.',
      );
      expect(await frame.locator('li.candidate').count()).toBe(3);
      expect(await frame.inputValue('#cand1-ownerEmail')).toBe(PEOPLE.carys.email);
      expect(await frame.inputValue('#cand1-dueDate')).toBe('2027-06-30');
      await shoot(frame, 'section.minutes', 'tab-minutes-candidates.png');
      await frame.click('[data-drop="0"]');
      expect(await textOf(frame, '[data-candidate="0"]')).toContain('Dropped: Officers bring the revised terms');
      expect(await app.store.updates.listForPlan(CPC)).toHaveLength(before);

      await frame.fill('#cand1-plan', PLAN);
      await frame.fill('#cand1-theme', "Recommendation 7: Children's services workforce");
      await frame.fill('#cand1-reference', 'R7.4');
      await frame.fill('#cand1-title', 'Report to the Board on agency social worker numbers.');
      await frame.click('[data-accept="1"]');
      await frame.waitForSelector('[data-candidate="1"] .notice-good');
      expect(await textOf(frame, '[data-candidate="1"]')).toBe(
        `Accepted: R7.4 is added to ${PLAN}; the addition is in its history.`,
      );
      expect(await action('R7.4')).toMatchObject({
        title: 'Report to the Board on agency social worker numbers.',
        ownerEmail: PEOPLE.carys.email,
        dueDate: '2027-06-30',
      });
      expect(await app.store.updates.listForPlan(CPC)).toHaveLength(before + 1);
    } finally {
      await closeContext(context);
    }
  });

  test('record a board meeting: listed, and stored as the `board meeting` command stores it', async () => {
    const { context, frame } = await openBoard(PEOPLE.sam);
    try {
      await frame.waitForSelector('#meetings-list p, #meetings-list ul');
      expect(await textOf(frame, '#meetings-list')).toBe('No meeting recorded yet.');
      await frame.fill('#meeting-date', '2026-12-14');
      await frame.click('#record-meeting');
      await frame.waitForSelector('#meeting-result .notice-good');
      expect(await textOf(frame, '#meeting-result')).toContain('Board meeting recorded: Mon, 14 Dec 2026.');
      expect(await textOf(frame, '#meetings-list')).toBe(`Mon, 14 Dec 2026 (recorded by ${PEOPLE.sam.email})`);
      expect(await listMeetings(app.store.settings)).toEqual([
        expect.objectContaining({ date: '2026-12-14', by: PEOPLE.sam.email }),
      ]);
    } finally {
      await closeContext(context);
    }
  });

  test('a board member sees none of it, and is refused (403) if they post anyway', async () => {
    const { context, frame, token } = await openBoard(PEOPLE.amira);
    try {
      for (const id of ['#add-action', '#minutes-text', '#record-meeting'])
        expect(await frame.locator(id).count()).toBe(0);
      await openAction(frame, 'R2.1');
      expect(await frame.locator('#save-edit').count()).toBe(0);
      const post = (p: string, body: unknown) =>
        fetch(`${app.url}${p}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const rev = (await action('R2.1'))!.revision;
      const answers = await Promise.all([
        post('/api/tab/actions', {
          plan: PLAN,
          theme: 'T',
          reference: 'R9.9',
          title: 'No',
          ownerEmail: PEOPLE.amira.email,
          dueDate: '2027-01-01',
        }),
        post(`/api/tab/actions/${CPC}/R2.1/edit`, { rev, title: 'Mine now' }),
        post(`/api/tab/actions/${CPC}/R2.1/retire`, { rev, reason: 'No.' }),
        post('/api/tab/minutes', { text: RIVERSIDE }),
        post('/api/tab/board-meetings', { date: '2027-01-11' }),
      ]);
      expect(answers.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
      expect(await action('R9.9')).toBeUndefined();
      expect((await action('R2.1'))?.revision).toBe(rev);
      expect((await listMeetings(app.store.settings)).map((m) => m.date)).not.toContain('2027-01-11');
    } finally {
      await closeContext(context);
    }
  });
});
