import { inputKey } from '../../cards/chasePromptCard';
import { parsePlanCsv } from '../../bot/import/planCsv';
import { importPlanRows } from '../../bot/import/importPlan';
import { type BotProcess, startBotProcess } from '../support/botProcess';
import { type CsvRow, TENANT, planCsv } from '../support/fixtures';
import { freePort } from '../support/freePort';
import { freshPrefix, freshStore, testConnectionString } from '../support/storage';
import { recordOutcome } from './ledger';

const OWNERS = 200;
const PLAN = 'lga-cpc-action-plan-2023';
const email = (i: number) => `officer.${i}@example.org`;
const aad = (i: number) => `10000000-0000-4000-8000-0000000${String(i).padStart(5, '0')}`;

let bot: BotProcess | undefined;
afterEach(async () => bot?.kill());

/** One owner's Save click, as Teams would POST it. */
function submit(url: string, i: number, narrative: string): Promise<{ status: number; text: string } | undefined> {
  const key = inputKey({ planId: PLAN, ref: `R1.${i}` });
  return fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'invoke',
      name: 'adaptiveCard/action',
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9',
      id: `click-${i}`,
      from: { id: `29:officer-${i}`, aadObjectId: aad(i) },
      recipient: { id: 'board-chaser-local' },
      conversation: { id: `a:1on1-${i}`, conversationType: 'personal', tenantId: TENANT },
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'saveUpdate',
          data: {
            planId: PLAN,
            ref: `R1.${i}`,
            rev: 1,
            [`status|${key}`]: 'In progress',
            [`rag|${key}`]: 'Amber',
            [`narrative|${key}`]: narrative,
          },
        },
      },
    }),
  }).then(
    async (r) => ({ status: r.status, text: await r.text() }),
    () => undefined, // the connection died with the process: no confirmation was shown
  );
}

test('kill -9 in the middle of a burst of submits: every reply whose confirmation came back is in storage', async () => {
  const prefix = freshPrefix();
  const store = await freshStore(prefix);
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
  await importPlanRows(store, parsePlanCsv(planCsv(rows)).rows, new Date(Date.now() - 86_400_000));
  for (let i = 0; i < OWNERS; i++) await store.owners.save({ email: email(i), aadObjectId: aad(i), tenantId: TENANT });

  const port = await freePort();
  bot = await startBotProcess({ STORAGE_CONNECTION_STRING: testConnectionString(), TABLE_PREFIX: prefix }, port);
  let answered = 0;
  const running = bot;
  const results = await Promise.all(
    Array.from({ length: OWNERS }, (_, i) =>
      submit(running.url, i, `Reply ${i}: legal review slipped a week.`).then((r) => {
        if (++answered === 10) void running.kill('SIGKILL'); // die mid-burst
        return r;
      }),
    ),
  );
  const confirmed = results
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r?.status === 200 && r.text.includes('is recorded for the board'));
  expect(confirmed.length).toBeGreaterThanOrEqual(10);
  expect(confirmed.length).toBeLessThan(OWNERS); // the kill really cut the burst short

  const history = await store.updates.listForPlan(PLAN);
  const lost = confirmed.filter(
    ({ i }) =>
      !history.some(
        (u) => u.kind === 'update' && u.ref === `R1.${i}` && u.narrative === `Reply ${i}: legal review slipped a week.`,
      ),
  );
  recordOutcome({ fault: 'kill -9 during a burst of card submits', repliesLost: lost.length });
  expect(lost).toEqual([]);

  // After a restart, owners whose click died can simply click again.
  bot = await startBotProcess({ STORAGE_CONNECTION_STRING: testConnectionString(), TABLE_PREFIX: prefix }, port);
  const retry = results.indexOf(undefined);
  expect(retry).toBeGreaterThanOrEqual(0);
  const again = await submit(bot.url, retry, `Reply ${retry}: legal review slipped a week.`);
  expect(again?.status).toBe(200);
  expect(again?.text).toMatch(/is recorded for the board|changed since this card was sent/);
}, 120_000);
