import { readFileSync } from 'node:fs';
import { type Browser, type BrowserContext, type Frame, type Page, chromium } from 'playwright-core';
import { type HostOptions, hostPage } from './teamsHostStub';
import type { EntraStandIn } from '../../test/tab/support/entraStandIn';
import { type Person, TENANT } from '../../test/support/fixtures';

/** Debian's Chromium (apt-get install chromium); playwright-core downloads no browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const launch = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

/** Teams' own origin, which teams-js trusts; the stub host is served there by interception. */
export const TEAMS_ORIGIN = 'https://teams.microsoft.com';

/**
 * A browser context where https://teams.microsoft.com is the stub host and `tabOrigin` (the bot's
 * public https address) is the bot under test on loopback: nothing else is reachable.
 */
export async function newTabContext(
  browser: Browser,
  tabOrigin: string,
  botUrl: string,
  host?: Omit<HostOptions, 'tabUrl'> & { path: string },
  viewport = { width: 1280, height: 900 },
): Promise<{ context: BrowserContext; requests: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'Europe/London' });
  const requests: string[] = [];
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin === TEAMS_ORIGIN && host)
      return route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: hostPage({ ...host, tabUrl: `${tabOrigin}${host.path}` }),
      });
    if (url.origin === tabOrigin) {
      requests.push(`${route.request().method()} ${url.pathname}`);
      const response = await route.fetch({ url: `${botUrl}${url.pathname}${url.search}` });
      return route.fulfill({ response });
    }
    return route.abort('internetdisconnected');
  });
  return { context, requests };
}

/** The tab's frame inside the stub host, once it has loaded. */
export async function tabFrame(page: Page, tabOrigin: string): Promise<Frame> {
  for (let i = 0; i < 100; i++) {
    const f = page.frames().find((x) => x.url().startsWith(tabOrigin));
    if (f) return f;
    await page.waitForTimeout(50);
  }
  throw new Error(`no frame from ${tabOrigin}`);
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact?: string;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Closes a context without complaints about requests still being answered by its routes. */
export async function closeContext(context: BrowserContext): Promise<void> {
  await context.unrouteAll({ behavior: 'ignoreErrors' });
  await context.close();
}

/** Runs axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the page (in the frame), returning the violations. */
export async function runAxe(frame: Frame | Page): Promise<AxeViolation[]> {
  await frame.evaluate(`${AXE_SOURCE};0`);
  // A string, not a function: this file is compiled without the DOM types, and it runs in the page.
  return frame.evaluate(`(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  })()`) as Promise<AxeViolation[]>;
}

/**
 * The Board report tab in the stub Teams host, signed in as `p` with an SSO token from `entra`, once its register
 * has rows: the page, its tab frame and the token (to call the data routes directly).
 */
export async function openBoardAs(
  browser: Browser,
  entra: EntraStandIn,
  tabOrigin: string,
  botUrl: string,
  p: Person,
  height = 1400,
): Promise<{ context: BrowserContext; page: Page; frame: Frame; token: string }> {
  const token = entra.token(p.aadObjectId, { name: p.name, preferred_username: p.email });
  const { context } = await newTabContext(
    browser,
    tabOrigin,
    botUrl,
    {
      path: '/tab/board',
      token,
      frameContext: 'content',
      context: {
        theme: 'default',
        userPrincipalName: p.email,
        loginHint: p.email,
        userObjectId: p.aadObjectId,
        userDisplayName: p.name,
        tid: TENANT,
        entityId: 'board-report',
      },
    },
    { width: 1280, height },
  );
  const page = await context.newPage();
  await page.goto(`${TEAMS_ORIGIN}/_stub/host`);
  const frame = await tabFrame(page, tabOrigin);
  await frame.waitForSelector('table.register tbody tr');
  return { context, page, frame, token };
}
