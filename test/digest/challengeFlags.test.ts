import { loadBoard } from '../../bot/digest/loadDigest';
import { actionsCsv } from '../../bot/digest/exportCsv';
import { htmlReport } from '../../bot/digest/htmlReport';
import { FLAG_DEFAULTS } from '../../bot/domain/challengeFlags';
import { loadAction, loadRegister } from '../../bot/tab/tabData';
import { registerQuerySchema } from '../../bot/tab/tabQuery';
import { digestCard } from '../../cards/digestCard';
import type { BoardStore } from '../../bot/domain/ports';
import { openTableStore } from '../../bot/store';
import { AT_SECOND, PAPER_PLAN, storePaperBoard } from '../support/boardPapers';
import { freshPrefix, testConnectionString } from '../support/storage';
import { nodes } from '../support/cardTree';
import { type Harness, cardOf, cardText, startHarness } from '../support/botHarness';
import { PEOPLE } from '../support/fixtures';

const now = new Date(AT_SECOND);
const FLAGGED = ['R1.1', 'R2.1', 'R2.2', 'R3.1'];

describe('challenge flags wherever the board reads (14 Dec 2026, default thresholds)', () => {
  let store: BoardStore;
  beforeAll(async () => {
    store = await openTableStore(testConnectionString(), freshPrefix());
    await storePaperBoard(store);
  });

  test('the digest card lists each flagged action with its reasons', async () => {
    const { digest } = await loadBoard(store, {}, now);
    expect(digest.challenges.map((l) => l.ref)).toEqual(FLAGGED);
    const card = digestCard(digest);
    const section = nodes(card).find((o) => o.type === 'Container' && o.items?.[0]?.text === 'Challenge flags (4)');
    expect(section).toBeDefined();
    const text = nodes(section)
      .map((o) => o.text)
      .filter(Boolean)
      .join('\n');
    expect(text).toContain('⚑ Stuck Red: Red for 6 weeks running, since Mon, 2 Nov 2026.');
    expect(text).toContain('⚑ Stale: No new comment for 6 weeks: the last was on Mon, 2 Nov 2026.');
  });

  test('the CSV carries each action’s flags in its last column; the HTML report has the table', async () => {
    const { digest, actions, flags } = await loadBoard(store, {}, now);
    const csv = actionsCsv(actions, digest.asOf, '2026-12-14', flags);
    const lines = csv.split('\r\n');
    expect(lines[0].endsWith(',as at,challenge flags')).toBe(true);
    expect(lines.find((l) => l.includes(',R2.2,'))).toContain(
      'Slipping: 2 revised dates proposed against the original Thu, 31 Dec 2026: Fri, 29 Jan 2027 (approved), Wed, 31 Mar 2027.',
    );
    expect(lines.find((l) => l.includes(',R6.1,'))?.endsWith(',')).toBe(true);
    const html = htmlReport(digest);
    expect(html).toContain('<h2>Challenge flags (4)</h2>');
    expect(html).toContain('<strong>Green but overdue</strong>: Rated Green, but it was due on Mon, 30 Nov 2026');
  });

  test('the register filters by flag; an action’s page shows its flags', async () => {
    const deps = { store, clock: () => now, chart: async () => undefined, exportLink: () => '', flags: FLAG_DEFAULTS };
    const refs = async (flag: string, flags = FLAG_DEFAULTS) =>
      (await loadRegister({ ...deps, flags }, registerQuerySchema.parse({ flag, sort: 'ref' }))).rows.map((r) => r.ref);
    expect(await refs('any')).toEqual(FLAGGED);
    expect(await refs('stale')).toEqual(['R2.1']);
    expect(await refs('closedWithoutEvidence')).toEqual([]);
    expect(registerQuerySchema.safeParse({ flag: 'grumpy' }).success).toBe(false);
    const page = await loadAction(deps, { planId: PAPER_PLAN.id, ref: 'R3.1' });
    expect(page.action.flags.map((f) => f.label)).toEqual(['Stuck Red']);
    // The board asks for evidence: R4.1 (closed on 1 Dec with no comment) is flagged too.
    expect(await refs('closedWithoutEvidence', { ...FLAG_DEFAULTS, evidenceRequired: true })).toEqual(['R4.1']);
  });

  test("a past week's digest shows the flags that stood then: none at the end of W47 (22 Nov)", async () => {
    const { digest } = await loadBoard(store, { week: '2026-W47' }, now);
    expect(digest.challenges).toEqual([]);
    const w50 = await loadBoard(store, { week: '2026-W50' }, now); // 13 Dec: R1.1 overdue, R2.1 stale (5 weeks)
    expect(w50.digest.challenges.map((l) => [l.ref, l.flags.map((f) => f.kind)])).toEqual([
      ['R1.1', ['greenOverdue']],
      ['R2.1', ['stale']],
      ['R2.2', ['slipping']],
    ]);
  });
});

describe("each running bot keeps its own board's thresholds (FLAG_* settings, passed in its deps)", () => {
  test('two bots in one process: the one that asks for evidence flags R4.1 in its digest, the other does not', async () => {
    const asks = await startHarness({ at: AT_SECOND, config: { flags: { ...FLAG_DEFAULTS, evidenceRequired: true } } });
    const plain = await startHarness({ at: AT_SECOND });
    try {
      const digestOf = async (h: Harness) => {
        await storePaperBoard(h.app.store);
        await h.installInTeam();
        const before = h.connector.sent.length;
        expect(await h.say(PEOPLE.sam, 'digest')).toBe(200);
        return cardText(cardOf(h.connector.sent.slice(before).at(-1)?.activity ?? {}));
      };
      const [withEvidence, without] = [await digestOf(asks), await digestOf(plain)];
      expect(withEvidence).toContain('Closed without evidence');
      expect(without).not.toContain('Closed without evidence');
      expect(without).toContain('Stuck Red');
    } finally {
      await asks.stop();
      await plain.stop();
    }
  });
});
