import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { type App, startApp } from '../../bot/app';
import { silentLogger } from '../../bot/log';
import { ensureAzurite, type EmbeddedAzurite } from '../../bot/embeddedAzurite';
import { importPlanRows } from '../../bot/import/importPlan';
import { parsePlanCsv } from '../../bot/import/planCsv';
import { buildWeb } from '../../web/build';
import { PEOPLE, type Person, SEED_ROWS, TENANT, planCsv, testConfig } from '../../test/support/fixtures';
import { freePort } from '../../test/support/freePort';
import { EntraStandIn } from '../../test/tab/support/entraStandIn';
import { APP_ID, ssoCredentials } from '../../test/tab/support/tabApp';
import { seatInBoardTeam } from '../../test/support/boardTeam';
import { CHROMIUM_PATH, launch, openBoardAs } from './tabBrowser';

/** The bot's public https address, as the browser sees it (served from loopback by interception). */
export const TAB_ORIGIN = 'https://board-actions.example.org';
export const SHOTS = path.resolve(__dirname, '..', 'tab-screenshots');

/** The bot with SSO against a local Entra stand-in, on its own Azurite, and Chromium: for the tab's browser tests. */
export interface TabStack {
  app: App;
  entra: EntraStandIn;
  browser: Browser;
  openBoard(p: Person, height?: number): ReturnType<typeof openBoardAs>;
  stop(): Promise<void>;
}

/**
 * The seed plan imported on 1 October 2026, seen on Monday 23 November 2026 at 10:00; `known` saved as people the
 * bot knows from Teams, Sam (the secretariat) and Amira (an owner) in the roster of the board channel's team.
 */
export async function startTabStack(tables: string, known: Person[] = [PEOPLE.sam, PEOPLE.amira]): Promise<TabStack> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: install Debian's (apt-get install -y chromium).`);
  mkdirSync(SHOTS, { recursive: true });
  await buildWeb();
  const azurite: EmbeddedAzurite = await ensureAzurite({ port: await freePort(), location: 'memory' });
  const entra = await new EntraStandIn(TENANT, APP_ID).start();
  const config = testConfig(azurite.connectionString, tables, {
    credentials: ssoCredentials(entra),
    publicUrl: TAB_ORIGIN,
  });
  const app = await startApp(config, silentLogger, () => new Date('2026-11-23T10:00:00Z'));
  await importPlanRows(app.store, parsePlanCsv(planCsv(SEED_ROWS)).rows, new Date('2026-10-01T08:00:00Z'));
  for (const p of known)
    await app.store.owners.save({ email: p.email, name: p.name, aadObjectId: p.aadObjectId, tenantId: TENANT });
  await seatInBoardTeam(app, [PEOPLE.sam, PEOPLE.amira], '2026-11-23T10:00:00Z');
  const browser = await launch();
  return {
    app,
    entra,
    browser,
    openBoard: (p, height) => openBoardAs(browser, entra, TAB_ORIGIN, app.url, p, height),
    stop: async () => {
      await browser.close();
      await app.stop();
      await entra.stop();
      await azurite.stop();
    },
  };
}
