import { importPlanRows } from '../../bot/import/importPlan';
import { parsePlanCsv } from '../../bot/import/planCsv';
import { loadDigest } from '../../bot/digest/loadDigest';
import { commitChange } from '../../bot/replies/recordReply';
import type { BoardStore } from '../../bot/domain/ports';
import type { ChasePrompt } from '../../bot/domain/types';
import { PEOPLE, SEED_ROWS, planCsv } from '../support/fixtures';
import { freshStore } from '../support/storage';

/**
 * Who has not replied and who cannot be reached, as the digest shows them, worked out by hand:
 * the seed plan, one chase on Monday 16 Nov 2026 (ISO week 47), the digest read on Friday 20 Nov.
 *
 * Amira: prompted for R4.2 and R6.2, nudged on Wednesday, no answer          -> "2 of 2 ... (nudged)"
 * Ben:   prompted for HR1.2 and HR2.1, answered HR1.2 on Tuesday             -> "1 of 2 ..."
 * Carys: Teams refused her chat (403)                                         -> unreachable, with the reason
 */
const CPC = 'lga-cpc-action-plan-2023';
const HR = 'hr-improvement-plan';
const CYCLE = '2026-11-16';

const prompt = (ownerEmail: string, p: Partial<ChasePrompt>): ChasePrompt => ({
  cycleId: CYCLE,
  ownerEmail,
  state: 'sent',
  actions: [],
  answered: [],
  attempts: 1,
  sentAt: '2026-11-16T09:01:00.000Z',
  ...p,
});

async function chasedBoard(): Promise<BoardStore> {
  const store = await freshStore();
  await importPlanRows(store, parsePlanCsv(planCsv(SEED_ROWS)).rows, new Date('2026-11-02T08:00:00Z'));
  await store.cycles.create({ id: CYCLE, trigger: 'schedule', startedAt: '2026-11-16T09:00:00.000Z', planned: true });
  await store.prompts.create(
    prompt(PEOPLE.amira.email, {
      actions: [
        { planId: CPC, ref: 'R4.2' },
        { planId: CPC, ref: 'R6.2' },
      ],
      nudgedAt: '2026-11-18T09:00:00.000Z',
    }),
  );
  await store.prompts.create(
    prompt(PEOPLE.ben.email, {
      actions: [
        { planId: HR, ref: 'HR1.2' },
        { planId: HR, ref: 'HR2.1' },
      ],
    }),
  );
  const answer = { kind: 'noChange' as const };
  const byBen = { reply: answer, actor: { email: PEOPLE.ben.email, role: 'owner' as const } };
  expect((await commitChange(store, { planId: HR, ref: 'HR1.2' }, byBen, new Date('2026-11-17T10:00:00Z'))).kind).toBe(
    'recorded',
  );
  await store.owners.save({
    email: PEOPLE.carys.email,
    reachability: 'unreachable',
    unreachableReason: 'Teams answered 403: the bot is blocked',
  });
  return store;
}

test("the digest names each owner who has not answered this week's chase, with how much is open, and who cannot be reached", async () => {
  const store = await chasedBoard();
  const d = await loadDigest(store, {}, new Date('2026-11-20T12:00:00Z'));
  expect(d.week).toBe('2026-W47');
  expect(d.nonresponders).toEqual([
    { email: PEOPLE.amira.email, detail: '2 of 2 unanswered since 2026-11-16 (nudged)' },
    { email: PEOPLE.ben.email, detail: '1 of 2 unanswered since 2026-11-16' },
  ]);
  expect(d.unreachable).toEqual([{ email: PEOPLE.carys.email, detail: 'Teams answered 403: the bot is blocked' }]);
});

test('a digest for one plan lists only that plan, and only its owners', async () => {
  const store = await chasedBoard();
  const d = await loadDigest(store, { plan: 'hr' }, new Date('2026-11-20T12:00:00Z'));
  expect(d.scope).toBe('HR Improvement Plan');
  expect(d.nonresponders.map((g) => g.email)).toEqual([PEOPLE.ben.email]);
  expect(d.unreachable).toEqual([]);
});

test("last week's digest, asked for now, shows no one as not answering a chase that came after it", async () => {
  const store = await chasedBoard();
  const d = await loadDigest(store, { week: '2026-W46' }, new Date('2026-11-20T12:00:00Z'));
  expect(d.week).toBe('2026-W46');
  expect(d.asOf < '2026-11-16T00:00:00.000Z').toBe(true);
  expect(d.nonresponders).toEqual([]);
});
