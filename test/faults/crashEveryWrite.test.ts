import { inputKey } from '../../cards/chasePromptCard';
import { loadDigest } from '../../bot/digest/loadDigest';
import { parsePlanCsv } from '../../bot/import/planCsv';
import { importPlanRows } from '../../bot/import/importPlan';
import { type BotProcess, startBotProcess } from '../support/botProcess';
import { PEOPLE, SEED_ROWS, TENANT, planCsv } from '../support/fixtures';
import { freePort } from '../support/freePort';
import { freshPrefix, freshStore, testConnectionString } from '../support/storage';
import { recordOutcome } from './ledger';

const CPC = 'lga-cpc-action-plan-2023';
const R42 = { planId: CPC, ref: 'R4.2' };
const NARRATIVE = 'Legal review of Part C has slipped to January.';

let bot: BotProcess | undefined;
afterEach(async () => bot?.kill());

/** Amira's Save of R4.2 as Amber, as Teams would POST it; undefined when the connection died with the process. */
function saveAmber(url: string, activityId: string): Promise<{ status: number; text: string } | undefined> {
  const key = inputKey(R42);
  return fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'invoke',
      name: 'adaptiveCard/action',
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9',
      id: activityId,
      from: { id: PEOPLE.amira.id, aadObjectId: PEOPLE.amira.aadObjectId },
      recipient: { id: 'board-chaser-local' },
      conversation: { id: 'a:1on1-amira', conversationType: 'personal', tenantId: TENANT },
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'saveUpdate',
          data: {
            ...R42,
            rev: 1,
            [`status|${key}`]: 'In progress',
            [`rag|${key}`]: 'Amber',
            [`narrative|${key}`]: NARRATIVE,
          },
        },
      },
    }),
  }).then(
    async (r) => ({ status: r.status, text: await r.text() }),
    () => undefined,
  );
}

/**
 * The bot is killed (SIGKILL, from a storage pipeline hook) just before its 1st, 2nd, 3rd… write while
 * recording one answer, until an answer gets through without a kill. After each crash the owner
 * clicks Save again on a restarted bot: the answer is then recorded exactly once, and the action's
 * state, its history, the digest (rebuilt from history) and the card all agree.
 */
test('a crash before any write of an answer loses nothing, doubles nothing, and leaves every view agreeing', async () => {
  const env = (prefix: string) => ({ STORAGE_CONNECTION_STRING: testConnectionString(), TABLE_PREFIX: prefix });
  let crashes = 0;
  let lost = 0;
  let doubled = 0;
  for (let n = 1; n <= 12; n++) {
    const prefix = freshPrefix();
    const store = await freshStore(prefix);
    await importPlanRows(store, parsePlanCsv(planCsv(SEED_ROWS)).rows, new Date(Date.now() - 86_400_000));
    await store.owners.save({ email: PEOPLE.amira.email, aadObjectId: PEOPLE.amira.aadObjectId, tenantId: TENANT });
    const port = await freePort();
    try {
      bot = await startBotProcess({ ...env(prefix), FAULT_KILL_AT_WRITE: String(n) }, port);
    } catch {
      continue; // the Nth write was one of the bot's own at start-up (its fleet heartbeat): try the next
    }
    const first = await saveAmber(bot.url, `save-${n}`);
    const crashed = first === undefined;
    if (crashed) {
      crashes += 1;
      await new Promise<void>((r) =>
        bot?.child.exitCode !== null || bot.child.signalCode ? r() : bot.child.once('exit', () => r()),
      );
      expect(bot.child.signalCode).toBe('SIGKILL');
      bot = await startBotProcess(env(prefix), port);
      // The owner saw no confirmation, so she presses Save again (a new activity, the same card).
      const again = await saveAmber(bot.url, `save-${n}-again`);
      expect(again?.status).toBe(200);
      expect(again?.text).toContain('R4.2 is recorded for the board');
    } else {
      expect(first.text).toContain('R4.2 is recorded for the board');
    }
    await bot.kill();
    const answers = (await store.updates.listForAction(R42)).filter((u) => u.kind === 'update');
    lost += answers.length === 0 ? 1 : 0;
    doubled += Math.max(0, answers.length - 1);
    const state = (await store.actions.get(R42))?.value;
    const digest = await loadDigest(store, {}, new Date());
    // Every view says the same: one answer, Amber, with her comment.
    expect(answers.map((u) => [u.rag, u.narrative])).toEqual([['Amber', NARRATIVE]]);
    expect(state).toMatchObject({ rag: 'Amber', narrative: NARRATIVE, revision: 2 });
    expect(digest.exceptions.find((l) => l.ref === 'R4.2')).toMatchObject({ rag: 'Amber', narrative: NARRATIVE });
    if (!crashed) break; // the answer needed fewer than n writes: every crash point has been tried
  }
  expect(crashes).toBeGreaterThanOrEqual(1);
  recordOutcome({
    fault: `kill -9 before each of the ${crashes} writes of an answer`,
    repliesLost: lost,
    duplicatePrompts: doubled,
  });
}, 240_000);
