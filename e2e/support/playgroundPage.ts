import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type Locator, type Page, chromium } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium); playwright-core downloads no browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** How long to wait for the bot's answer to show on the page. */
export const ANSWER_MS = 30_000;

/** Numbered screenshots of every step, in one folder per run. */
export class Screenshots {
  private n = 0;
  readonly taken: string[] = [];
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }
  async take(page: Page, name: string, target?: Locator): Promise<string> {
    this.n += 1;
    const file = path.join(this.dir, `${String(this.n).padStart(2, '0')}-${name}.png`);
    if (target) await target.screenshot({ path: file, animations: 'disabled' });
    else await page.screenshot({ path: file, animations: 'disabled' });
    this.taken.push(file);
    return file;
  }
}

/**
 * One person's Agents Playground page. Selectors are the ones the Playground's UI offers to a
 * person: the chats in the sidebar (treeitems), the message box, the mention menu, the cards.
 */
export class PlaygroundPage {
  private constructor(
    readonly page: Page,
    readonly who: string,
    private readonly shots: Screenshots,
  ) {}

  static async open(browser: Browser, url: string, who: string, shots: Screenshots): Promise<PlaygroundPage> {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
    page.setDefaultTimeout(ANSWER_MS);
    await page.goto(url);
    await page.getByText('Connected.').first().waitFor();
    return new PlaygroundPage(page, who, shots);
  }

  /** Opens a chat from the sidebar: "Personal Chat", "Board officers" (the group chat) or "General" (the team's channel). */
  async openChat(name: string): Promise<void> {
    await this.page.locator('[role="treeitem"]', { hasText: name }).first().click();
    await this.messageBox().waitFor();
  }

  /** The message box of a chat, or in a channel the box that starts a new post. */
  messageBox(): Locator {
    return this.page.locator('div[role="textbox"][contenteditable="true"]').first();
  }

  /** Types a message and sends it with Enter, as a person would. */
  async say(text: string): Promise<void> {
    const box = this.messageBox();
    await box.click();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
  }

  /** In a channel: a new post that @mentions the bot (picked from the mention menu), then the text. */
  async postMentioningBot(botName: string, text: string): Promise<void> {
    const box = this.messageBox();
    await box.click();
    await this.page.keyboard.type('@');
    await this.page.getByRole('menuitem', { name: botName }).click();
    await this.page.keyboard.type(` ${text}`);
    await this.page.getByRole('button', { name: 'Post', exact: true }).click();
  }

  /** Every Adaptive Card on the page. */
  cards(): Locator {
    return this.page.locator('.ac-adaptiveCard');
  }

  /** The one card that shows this text (waits for it). */
  async card(text: string | RegExp): Promise<Locator> {
    const card = this.cards().filter({ hasText: text }).last();
    await card.waitFor();
    return card;
  }

  /** Waits until the page shows one more card than `before`, and returns the newest. */
  async newCard(before: number): Promise<Locator> {
    const deadline = Date.now() + ANSWER_MS;
    while ((await this.cards().count()) <= before) {
      if (Date.now() > deadline)
        throw new Error(`${this.who}: no new card within ${ANSWER_MS / 1000} s (still ${before})`);
      await this.page.waitForTimeout(200);
    }
    const card = this.cards().nth(before);
    await card.waitFor();
    return card;
  }

  /** Waits for a text on the page (a bot's plain-text answer) and returns its element. */
  async answer(text: string | RegExp): Promise<Locator> {
    const found = this.page.getByText(text).last();
    await found.waitFor();
    return found;
  }

  /**
   * A screenshot of the page (or of `element` alone), after scrolling the chat so that `focus`
   * is in view (at its top by default): the step's evidence, not just the bottom of the chat.
   */
  async shot(
    name: string,
    opts: { focus?: Locator; block?: 'start' | 'center' | 'end'; element?: Locator } = {},
  ): Promise<string> {
    await this.page.waitForTimeout(300); // let the chat finish its own scrolling first
    if (opts.focus) {
      await opts.focus.evaluate(
        (el, block) => (el as unknown as { scrollIntoView(o: object): void }).scrollIntoView({ block }),
        opts.block ?? 'start',
      );
      await this.page.waitForTimeout(200);
    }
    return this.shots.take(this.page, `${this.who}-${name}`, opts.element);
  }
}

/** The part of a chase card about one action: its container, found by its "R6.2 · title" line. */
export function actionOnCard(card: Locator, ref: string): Locator {
  const title = card.page().locator('.ac-textBlock', { hasText: new RegExp(`^${ref.replace('.', '\\.')} · `) });
  return card.locator('.ac-container:not(.ac-adaptiveCard)').filter({ has: title }).first();
}
