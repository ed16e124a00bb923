import { boardChannelOf } from '../bot/board/boardChannel';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { BoardStore } from '../bot/domain/ports';
import type { Action } from '../bot/domain/types';
import { azuriteConnectionString } from '../bot/embeddedAzurite';
import { openTableStore } from '../bot/store';
import { CHROMIUM, PlaygroundPage, Screenshots, actionOnCard, launchChromium } from './support/playgroundPage';
import {
  PEOPLE,
  PORTS,
  ROOT,
  type Running,
  assertPortsFree,
  startBot,
  startPlayground,
  stopAll,
} from './support/stack';

/**
 * The journeys of the README in a real Teams-like client: the bot and its Azurite, and two Microsoft
 * 365 Agents Playgrounds on one fresh store: one signed in as Amira Khan (an action owner in the
 * demo plan, http://localhost:56150) and one as Sam Patel (the board secretariat, :56151). Chromium
 * drives both pages as the two people would; every assertion is on what a page shows, and after
 * each answer storage is read to prove it was recorded. The tests run in order and build on each
 * other (the secretariat's digest shows the owner's new Amber).
 */

const RUN_DIR = path.join(ROOT, '.data', 'e2e');
const SHOTS_DIR = path.join(ROOT, 'e2e', 'screenshots');
const TABLE_PREFIX = 'e2e';
const BOT = 'Board Actions';
const NARRATIVE =
  'Markets and Community Safety reviews are done. SEND is at risk until the new Head of SEND starts in February; HR review starts in January.';
/** Amira's open actions in the demo plan, soonest due first (R3.1 and R9.1 are complete, HR3.3 deferred). */
const AMIRA_OPEN = ['R3.2', 'R6.2', 'R2.2', 'HR2.2', 'R4.1', 'R9.2'];

const timings: string[] = [];
const timed = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
  const t0 = Date.now();
  try {
    return await work();
  } finally {
    timings.push(`${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
};

let running: Running[] = [];
let browser: Browser | undefined;
let store: BoardStore;
let shots: Screenshots;
let amira: PlaygroundPage;
let sam: PlaygroundPage;

const action = async (ref: string): Promise<Action> => {
  const found = (await store.actions.listAll()).find((a) => a.ref === ref && a.ownerEmail === PEOPLE.owner.email);
  if (!found) throw new Error(`${ref} is not in storage`);
  return found;
};
const history = async (ref: string) => store.updates.listForAction(await action(ref));

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  await assertPortsFree({
    bot: PORTS.bot,
    Azurite: PORTS.azurite,
    'owner Playground': PORTS.owner,
    'secretariat Playground': PORTS.secretariat,
  });
  rmSync(RUN_DIR, { recursive: true, force: true });
  rmSync(SHOTS_DIR, { recursive: true, force: true });
  shots = new Screenshots(SHOTS_DIR);
  await timed('start the bot, Azurite and the demo plan', async () => {
    running.push(
      await startBot({
        dataDir: path.join(RUN_DIR, 'azurite'),
        tablePrefix: TABLE_PREFIX,
        logFile: path.join(RUN_DIR, 'bot.log'),
      }),
    );
  });
  await timed('start both Playgrounds', async () => {
    for (const role of ['owner', 'secretariat'] as const) {
      running.push(
        await startPlayground({
          role,
          workDir: path.join(RUN_DIR, `${role}-playground`),
          logFile: path.join(RUN_DIR, `${role}-playground.log`),
        }),
      );
    }
  });
  store = await openTableStore(azuriteConnectionString(PORTS.azurite), TABLE_PREFIX);
  await timed('open Chromium and both pages', async () => {
    browser = await launchChromium();
    amira = await PlaygroundPage.open(browser, `http://localhost:${PORTS.owner}`, 'owner', shots);
    sam = await PlaygroundPage.open(browser, `http://localhost:${PORTS.secretariat}`, 'secretariat', shots);
  });
}, 240_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await stopAll(running);
  running = [];
  console.log(
    `Timings:\n  ${timings.join('\n  ')}\nScreenshots: ${path.relative(ROOT, SHOTS_DIR)}/ (${shots?.taken.length ?? 0})\nLogs: ${path.relative(ROOT, RUN_DIR)}/bot.log, owner-playground.log, secretariat-playground.log`,
  );
}, 60_000);

describe('an action owner (Amira Khan) in her personal chat with the bot', () => {
  test('is welcomed when the app is installed for her', () =>
    timed('welcome', async () => {
      await amira.openChat('Personal Chat');
      // The Playground sends installationUpdate and conversationUpdate together: she is welcomed once.
      await amira.answer(
        /^Hello Amira! You own \d+ open board actions?\. Once a week I will ask for their status on one card/,
      );
      await amira.shot('welcome');
      const everywhere = await amira.page.getByText(/^Hello Amira!/).count();
      const inSidebar = await amira.page
        .locator('[role="treeitem"]')
        .getByText(/^Hello Amira!/)
        .count(); // the chat list's preview line
      expect(everywhere - inSidebar).toBe(1);
      expect((await store.owners.get(PEOPLE.owner.email))?.value.conversation).toContain('board-actions-amira-khan');
    }));

  test('receives a chase card listing her open actions when the secretariat chases her (a proactive send)', () =>
    timed('chase card', async () => {
      await sam.openChat('Personal Chat');
      await sam.say(`chase ${PEOPLE.owner.email}`);
      await sam.answer(/^Chased amira\.khan@example\.org \(cycle [^)]+\): 1 prompted, 0 skipped/);
      await sam.shot('chase-sent');

      const card = await amira.card('Board actions: your update for');
      const text = await card.textContent();
      expect(text).toContain('Amira, the board needs the status of these 6 actions.');
      for (const ref of AMIRA_OPEN) expect(text).toContain(`${ref} · `);
      for (const ref of ['R3.1', 'R9.1', 'HR3.3']) expect(text).not.toContain(`${ref} · `);
      expect(text).toMatch(/R6\.2 · Complete the service reviews of Markets, Community Safety, SEND and HR\./);
      await actionOnCard(card, 'R6.2').getByText('■ Red (off track) · In progress').waitFor();
      await amira.shot('chase-card', { focus: card });
    }));

  test('saves Amber with no comment and is told what is missing; nothing is recorded', () =>
    timed('Amber without a comment', async () => {
      const card = await amira.card('Board actions: your update for');
      await card.getByRole('button', { name: 'Update R6.2' }).click();
      const rag = card.getByRole('combobox', { name: /^RAG/ });
      await rag.click();
      await amira.page.getByRole('option', { name: '▲ Amber (at risk)' }).click();
      expect(await rag.inputValue()).toBe('▲ Amber (at risk)');
      expect(await card.locator('textarea:visible').inputValue()).toBe('');
      await amira.shot('form-amber', { focus: actionOnCard(card, 'R6.2') });
      await card.getByRole('button', { name: 'Save R6.2' }).click();

      const refused = await amira.card('R6.2 needs a little more before it can be saved.');
      await refused
        .getByText(
          'Not saved yet. Comment: The board needs a comment for Amber: say what is at risk and what is being done.',
        )
        .waitFor();
      expect(await refused.getByRole('combobox', { name: /^RAG/ }).inputValue()).toBe('▲ Amber (at risk)'); // what she chose is kept
      await amira.shot('validation', { focus: refused });
      expect(await amira.cards().count()).toBe(1); // the card was replaced, not answered with a new one
      expect((await action('R6.2')).rag).toBe('Red');
      expect((await history('R6.2')).map((u) => u.kind)).toEqual(['import']);
    }));

  test('saves Amber with a comment and sees the card replaced by the confirmation; the update is in storage', () =>
    timed('Amber with a comment', async () => {
      const card = await amira.card('R6.2 needs a little more before it can be saved.');
      await card.locator('textarea:visible').fill(NARRATIVE);
      await amira.shot('form-narrative', { focus: actionOnCard(card, 'R6.2') });
      await card.getByRole('button', { name: 'Save R6.2' }).click();

      const saved = await amira.card('Thank you. R6.2 is recorded for the board.');
      await actionOnCard(saved, 'R6.2')
        .getByText(/^✓ Recorded at \d\d:\d\d: ▲ Amber \(at risk\) · In progress$/)
        .waitFor();
      expect(await saved.getByText('R6.2 needs a little more').count()).toBe(0);
      expect(await saved.getByRole('button', { name: 'Update R6.2' }).count()).toBe(0);
      expect(await saved.getByRole('button', { name: 'Update R2.2' }).count()).toBe(1); // the others are still there to answer
      expect(await amira.cards().count()).toBe(1);
      await amira.shot('confirmation', { focus: saved });

      expect(await action('R6.2')).toMatchObject({ status: 'In progress', rag: 'Amber', narrative: NARRATIVE });
      const updates = await history('R6.2');
      expect(updates.map((u) => u.kind)).toEqual(['import', 'update']);
      expect(updates[1]).toMatchObject({
        byEmail: PEOPLE.owner.email,
        rag: 'Amber',
        status: 'In progress',
        narrative: NARRATIVE,
      });
    }));

  test('"No change" records that nothing moved on R2.2', () =>
    timed('no change', async () => {
      const card = await amira.card('Thank you. R6.2 is recorded for the board.');
      await actionOnCard(card, 'R2.2').getByRole('button', { name: 'No change' }).click();
      const saved = await amira.card('Thank you. R2.2: no change recorded.');
      await actionOnCard(saved, 'R2.2')
        .getByText(/^✓ Recorded at \d\d:\d\d: ● Green \(on track\) · In progress \(no change since your last update\)$/)
        .waitFor();
      await amira.shot('no-change', { focus: actionOnCard(saved, 'R2.2') });
      expect((await history('R2.2')).map((u) => u.kind)).toEqual(['import', 'noChange']);
      expect((await action('R2.2')).rag).toBe('Green');
    }));

  test('"Not my action" flags HR2.2 for the secretariat', () =>
    timed('not my action', async () => {
      const card = await amira.card('Thank you. R2.2: no change recorded.');
      await actionOnCard(card, 'HR2.2').getByRole('button', { name: 'Not my action' }).click();
      const saved = await amira.card(
        'Thank you. The secretariat will reassign HR2.2; you will not be chased about it meanwhile.',
      );
      await actionOnCard(saved, 'HR2.2')
        .getByText(/flagged "not my action" for the secretariat$/)
        .waitFor();
      await amira.shot('not-mine', { focus: actionOnCard(saved, 'HR2.2') });
      expect((await action('HR2.2')).notMine).toMatchObject({ by: PEOPLE.owner.email });
      expect((await history('HR2.2')).map((u) => u.kind)).toEqual(['import', 'notMine']);
    }));

  test('"my actions" gives her a fresh card that keeps what she recorded', () =>
    timed('my actions', async () => {
      await amira.say('my actions');
      const card = await amira.newCard(1);
      await actionOnCard(card, 'R6.2')
        .getByText(/^✓ Recorded: ▲ Amber \(at risk\) · In progress$/)
        .waitFor();
      expect(await card.getByRole('button', { name: 'Update R3.2' }).count()).toBe(1);
      await amira.shot('my-actions', { focus: card });
    }));

  test('is refused a secretariat command', () =>
    timed('refusal', async () => {
      await amira.say('post digest');
      await amira.answer('"post digest" is for the board secretariat. Type "help" to see what you can do.');
      await amira.shot('refused');
    }));
});

describe('the board secretariat (Sam Patel) in his personal chat with the bot', () => {
  test('help lists the secretariat commands', () =>
    timed('help', async () => {
      await sam.say('help');
      const card = await sam.card('What I can do');
      await card.getByText('Type one of these. You are in the board secretariat.').waitFor();
      // As read: the word joiners that keep addresses from becoming links are invisible.
      const seen = (await card.innerText()).replace(/\u2060/g, '');
      for (const usage of [
        'my actions',
        'post digest',
        'chase [all | owner email | R4.2] [again]',
        'reassign R4.2 new.owner@council.gov.uk',
        'export csv [plan] [2024-W20]',
      ]) {
        expect(seen).toContain(usage);
      }
      await sam.shot('help', { focus: card });
    }));

  test('preview shows him the digest', () =>
    timed('preview', async () => {
      const before = await sam.cards().count();
      await sam.say('preview');
      const card = await sam.newCard(before);
      await card.getByText(/^Board digest · week \d{4}-W\d\d$/).waitFor();
      await sam.shot('preview', { focus: card });
    }));

  test("digest shows the chart and the owner's new Amber among the exceptions", () =>
    timed('digest', async () => {
      const before = await sam.cards().count();
      await sam.say('digest');
      const card = await sam.newCard(before);
      await card.getByText(/^Board digest · week \d{4}-W\d\d$/).waitFor();

      const chart = card.locator('img[src^="data:image/png"]');
      await chart.waitFor();
      expect(await chart.getAttribute('alt')).toMatch(
        /^Stacked bars of complete, green, amber, red and unrated actions for the last \d+ weeks/,
      );
      const drawn = await chart.evaluate((el) => {
        const img = el as unknown as {
          naturalWidth: number;
          naturalHeight: number;
          getBoundingClientRect(): { width: number };
        };
        return { w: img.naturalWidth, h: img.naturalHeight, shown: img.getBoundingClientRect().width };
      });
      expect(drawn.w).toBeGreaterThan(200);
      expect(drawn.h).toBeGreaterThan(100);
      expect(drawn.shown).toBeGreaterThan(200);

      const exceptions = card
        .locator('.ac-container:not(.ac-adaptiveCard)')
        .filter({ has: sam.page.getByText(/^Exceptions: Red and Amber \(\d+\)$/) })
        .first();
      await exceptions.getByText(/^▲ Amber \(at risk\) · R6\.2: Complete the service reviews/).waitFor();
      await exceptions.getByText(NARRATIVE).waitFor();
      await card.getByText(/^Exceptions: Red and Amber \(10\)$/).waitFor(); // 3 Red and 7 Amber before; R6.2 moved from one to the other
      await sam.shot('digest', { focus: chart }); // the chart, then the exceptions down to R6.2
      await sam.shot('digest-exceptions', { focus: exceptions });
    }));

  test('a command with a typo gets the nearest one as a suggestion', () =>
    timed('typo', async () => {
      await sam.say('digets');
      await sam.answer('I don\'t know "digets". Did you mean "digest"? Type "help" for everything I can do.');
      await sam.shot('typo');
    }));
});

describe('the board channel (General in the Transformation Advisory Board team)', () => {
  let personalCards = 0;

  test('the bot is installed in the team; the secretariat makes General the board channel; "post digest" posts there', () =>
    timed('channel', async () => {
      personalCards = await sam.cards().count();
      await sam.openChat('General');
      await sam.answer(/^Hello! I chase the owners of the board's actions in Teams and post a weekly digest/);
      await sam.postMentioningBot(BOT, 'make this the board channel');
      const confirm = await sam.card(/Make this the board channel\?/);
      await confirm.getByRole('button', { name: 'Confirm' }).click();
      await sam.card(/This is the board channel/);
      await sam.postMentioningBot(BOT, 'post digest');
      const posted = await sam.answer(/^Posted the digest for week \d{4}-W\d\d to the board channel\.$/);
      const card = await sam.card(/Board digest · week/);
      await card.locator('img[src^="data:image/png"]').waitFor();
      expect((await boardChannelOf(store.settings))?.conversation).toContain(
        '19:transformation-advisory-board@thread.tacv2',
      );
      // The roster was read: owners who never opened a chat with the bot now have Teams ids to be reached by.
      expect((await store.owners.get('ben.okafor@example.org'))?.value.aadObjectId).toBe(
        '79b4b0c8-0832-4a80-b761-66480fc6dec0',
      );
      await sam.shot('channel-mention', { focus: posted, block: 'center' });
      await sam.shot('channel-digest', { focus: card });
    }));

  test('"preview" asked in the channel goes to the asker\'s personal chat (a proactive send)', () =>
    timed('preview from the channel', async () => {
      await sam.postMentioningBot(BOT, 'preview');
      const told = await sam.answer('I have sent the preview to you in our 1:1 chat.');
      await sam.shot('channel-preview', { focus: told, block: 'center' });
      await sam.openChat('Personal Chat');
      const card = await sam.newCard(personalCards);
      await card.getByText(/^Board digest · week \d{4}-W\d\d$/).waitFor();
      await sam.shot('preview-in-personal-chat', { focus: card });
    }));
});
