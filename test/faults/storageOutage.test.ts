import { type App, startApp } from '../../bot/app';
import { azuriteConnectionString } from '../../bot/embeddedAzurite';
import { parsePlanCsv } from '../../bot/import/planCsv';
import { importPlanRows } from '../../bot/import/importPlan';
import { runChaseCycle } from '../../bot/jobs/chaseCycle';
import { silentLogger } from '../../bot/log';
import { inputKey } from '../../cards/chasePromptCard';
import { ConnectorStandIn } from '../support/connectorStandIn';
import { type CsvRow, TENANT, planCsv, testConfig } from '../support/fixtures';
import { freshPrefix } from '../support/storage';
import { TcpProxy } from '../support/tcpProxy';
import { duplicatesIn, recordOutcome } from './ledger';

const OWNERS = 24;
const PLAN = 'lga-cpc-action-plan-2023';
const email = (i: number) => `officer.${i}@example.org`;
const aad = (i: number) => `20000000-0000-4000-8000-0000000${String(i).padStart(5, '0')}`;

let app: App;
let proxy: TcpProxy;
let connector: ConnectorStandIn;
const now = { value: new Date('2026-11-23T09:00:00Z') };

beforeEach(async () => {
  now.value = new Date('2026-11-23T09:00:00Z');
  connector = await new ConnectorStandIn().start();
  proxy = await new TcpProxy(Number(process.env.TEST_AZURITE_PORT)).start();
  app = await startApp(testConfig(azuriteConnectionString(proxy.port), freshPrefix()), silentLogger, () => now.value);
  const rows: CsvRow[] = Array.from({ length: OWNERS }, (_, i) => [
    'LGA CPC Action Plan 2023',
    'Recommendation 1',
    `R1.${i}`,
    `Action ${i}`,
    email(i),
    '2027-01-29',
    'In progress',
    'Green',
    'On track.',
  ]);
  await importPlanRows(app.store, parsePlanCsv(planCsv(rows)).rows, new Date('2026-11-16T09:00:00Z'));
  for (let i = 0; i < OWNERS; i++)
    await app.store.owners.save({
      email: email(i),
      aadObjectId: aad(i),
      teamsUserId: `29:o${i}`,
      tenantId: TENANT,
      serviceUrl: connector.url,
    });
});
afterEach(async () => {
  await proxy.restore();
  await app.stop();
  await proxy.stop();
  await connector.stop();
}, 60_000);

const health = async () => (await fetch(`${app.url}/healthz`)).status;

test('storage lost in the middle of a chase cycle: unhealthy, then resumed without a duplicate or a missed owner', async () => {
  let sends = 0;
  connector.onRequest = (m, p) => {
    if (m === 'POST' && p.includes('/activities') && ++sends === 8) void proxy.cut();
  };
  const first = await runChaseCycle(app.chase, 'schedule').then(
    () => 'finished',
    (e: Error) => `failed: ${e.message.slice(0, 60)}`,
  );
  expect(first).toMatch(/^failed/);
  expect(await health()).toBe(503);

  await proxy.restore();
  expect(await health()).toBe(200);
  now.value = new Date('2026-11-23T09:05:00Z'); // past the claim timeout of any send cut off by the outage
  await app.tick();
  await app.tick();

  const counts = Array.from({ length: OWNERS }, (_, i) => connector.sentTo(`29:o${i}`).length);
  const states = (await app.store.prompts.listCycle('2026-11-23')).map((p) => p.value.state);
  recordOutcome({ fault: 'storage unreachable mid-cycle', duplicatePrompts: duplicatesIn(counts) });
  expect(counts.every((c) => c <= 1)).toBe(true); // nobody twice
  // Everyone was prompted, except any whose send Teams took before storage could record it: those are "unknown", never resent.
  expect(states.filter((s) => s === 'sent').length + states.filter((s) => s === 'unknown').length).toBe(OWNERS);
  expect(counts.filter((c) => c === 1).length).toBeGreaterThanOrEqual(states.filter((s) => s === 'sent').length);
  expect((await app.store.cycles.get('2026-11-23'))?.value.completedAt).toBeDefined();
}, 120_000);

test('submits while storage is down get "may not have been saved", never a confirmation; after it is back they are recorded', async () => {
  await runChaseCycle(app.chase, 'schedule');
  const click = (i: number) => {
    const key = inputKey({ planId: PLAN, ref: `R1.${i}` });
    return fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'invoke',
        name: 'adaptiveCard/action',
        channelId: 'msteams',
        serviceUrl: connector.url,
        id: `c-${i}`,
        from: { id: `29:o${i}`, aadObjectId: aad(i) },
        recipient: { id: 'board-chaser-local' },
        conversation: { id: `a:1on1-29:o${i}`, conversationType: 'personal', tenantId: TENANT },
        value: {
          action: {
            type: 'Action.Execute',
            verb: 'saveUpdate',
            data: {
              planId: PLAN,
              ref: `R1.${i}`,
              rev: 1,
              cycleId: '2026-11-23',
              [`status|${key}`]: 'In progress',
              [`rag|${key}`]: 'Amber',
              [`narrative|${key}`]: `Outage reply ${i}`,
            },
          },
        },
      }),
    }).then(async (r) => ({ status: r.status, text: await r.text() }));
  };
  await proxy.cut();
  const during = await Promise.all([0, 1, 2, 3].map(click));
  for (const r of during) {
    expect(r.text).not.toContain('is recorded for the board');
    expect(r.text).toContain('may not have been saved');
  }
  expect(await health()).toBe(503);
  await proxy.restore();
  now.value = new Date('2026-11-23T09:30:00Z');
  const after = await Promise.all([4, 5, 6, 7].map(click));
  for (const r of after) expect(r.text).toContain('is recorded for the board');
  const history = await app.store.updates.listForPlan(PLAN);
  const lost = [4, 5, 6, 7].filter(
    (i) => !history.some((u) => u.kind === 'update' && u.narrative === `Outage reply ${i}`),
  );
  recordOutcome({ fault: 'storage unreachable during card submits', repliesLost: lost.length });
  expect(lost).toEqual([]);
}, 120_000);
