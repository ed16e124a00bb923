import { createHash } from 'node:crypto';
import { type App, startApp } from '../../bot/app';
import { exportLink } from '../../bot/digest/exportLinks';
import { silentLogger } from '../../bot/log';
import { importPlanRows } from '../../bot/import/importPlan';
import { parsePlanCsv } from '../../bot/import/planCsv';
import { SEED_ROWS, TENANT, planCsv, testConfig } from '../support/fixtures';
import { freshPrefix, testConnectionString } from '../support/storage';

const PASSWORD = 'app-password-canary-Zq8~7Hf2kR4pW9sT1vX3';

describe('export links are signed with a key of their own', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp(
      testConfig(testConnectionString(), freshPrefix(), {
        credentials: {
          appId: '3f6d2a10-7c1e-4b7a-9d51-2b8e4c0a9f11',
          appPassword: PASSWORD,
          appType: 'SingleTenant',
          tenantId: TENANT,
          tabSso: { audiences: [], authority: 'https://login.microsoftonline.com/' },
        },
      }),
      silentLogger,
    );
    await importPlanRows(app.store, parsePlanCsv(planCsv(SEED_ROWS)).rows, new Date());
  });
  afterAll(() => app.stop());

  test('a link signed with a key derived from the app password is refused', async () => {
    const derived = createHash('sha256').update(`export-links:${PASSWORD}`).digest('hex');
    const link = exportLink(app.url, derived, 'csv', {}, new Date());
    expect((await fetch(link)).status).toBe(403);
  });

  test("the bot's own link opens", async () => {
    const link = app.commands.exportLink('csv', {});
    expect((await fetch(link)).status).toBe(200);
  });
});
