import { recordMeeting, listMeetings } from '../../bot/digest/boardMeetings';
import { loadPeriod } from '../../bot/digest/loadPeriod';
import { MOVEMENT_SYMBOL } from '../../bot/domain/periodReport';
import type { BoardStore } from '../../bot/domain/ports';
import { openTableStore } from '../../bot/store';
import { AT_SECOND, DAN, storePaperBoard } from '../support/boardPapers';
import { PEOPLE } from '../support/fixtures';
import { freshPrefix, testConnectionString } from '../support/storage';

const now = new Date(AT_SECOND);

describe('the report since the last board meeting (16 Nov → 14 Dec 2026)', () => {
  let store: BoardStore;
  beforeAll(async () => {
    store = await openTableStore(testConnectionString(), freshPrefix());
    await storePaperBoard(store);
    for (const date of ['2026-12-14', '2026-11-16', '2026-10-05'])
      await recordMeeting(store.settings, { date, by: PEOPLE.sam.email, at: '2026-10-01T09:00:00.000Z' });
  });

  test('meetings are kept, oldest first; the report runs from the latest meeting before today', async () => {
    expect((await listMeetings(store.settings)).map((m) => m.date)).toEqual(['2026-10-05', '2026-11-16', '2026-12-14']);
    const r = await loadPeriod(store, {}, now);
    expect([r.from, r.to]).toEqual(['2026-11-16', '2026-12-14']);
  });

  test('figures then and now, with the direction of travel', async () => {
    const r = await loadPeriod(store, {}, now);
    // 16 Nov: 11 actions (R5.2 not yet added): 5 Green, 4 Amber, 2 Red, none complete: 5/11 = 45.5%.
    expect(r.start.mix).toMatchObject({ total: 11, complete: 0, green: 5, amber: 4, red: 2 });
    expect(r.start.completeOrOnTarget).toBe(45.5);
    // 14 Dec: 12 actions: 2 complete (R4.1, R4.2), 4 Green, 4 Amber, 2 Red: 6/12 = 50%.
    expect(r.end.mix).toMatchObject({ total: 12, complete: 2, green: 4, amber: 4, red: 2 });
    expect(r.end.completeOrOnTarget).toBe(50);
    expect(r.change).toBe(4.5);
  });

  test("each action's movement: ▲ improved, ▼ worsened, = same, new, closed", async () => {
    const r = await loadPeriod(store, {}, now);
    expect(r.movements.map((m) => `${m.ref} ${m.before ?? '-'} → ${m.after} ${MOVEMENT_SYMBOL[m.movement]}`)).toEqual([
      'R1.1 Green → Green =',
      'R1.2 Green → Green =',
      'R2.1 Amber → Amber =',
      'R2.2 Amber → Amber =',
      'R3.1 Red → Red =',
      'R3.2 Green → Red ▼',
      'R4.1 Green → Complete closed',
      'R4.2 Amber → Complete closed',
      'R5.1 Red → Amber ▲',
      'R5.2 - → Green new',
      'R6.1 Green → Green =',
      'R6.2 Amber → Amber =',
    ]);
  });

  test('completed since, dates revised since (original and revised), new exceptions, silent owners, flags', async () => {
    const r = await loadPeriod(store, {}, now);
    expect(r.completed.map((l) => l.ref)).toEqual(['R4.1', 'R4.2']);
    // R1.2's date was revised on 9 Nov, before the first meeting: not in this period.
    expect(r.datesRevised.map((l) => [l.ref, l.original, l.revised, l.state])).toEqual([
      ['R2.2', '2026-12-31', '2027-03-31', 'proposed'],
      ['R6.2', '2027-01-29', '2027-02-26', 'proposed'],
    ]);
    expect(r.newExceptions.map((l) => [l.ref, l.before, l.after])).toEqual([['R3.2', 'Green', 'Red']]);
    expect(r.silentOwners).toEqual([{ email: DAN, openActions: 1 }]);
    expect(r.challenges.map((l) => [l.ref, l.flags.map((f) => f.kind)])).toEqual([
      ['R1.1', ['greenOverdue']],
      ['R2.1', ['stale']],
      ['R2.2', ['slipping']],
      ['R3.1', ['stuckRed']],
    ]);
  });

  test('any two dates: from the first meeting back to the import, and a refusal without a meeting before', async () => {
    const r = await loadPeriod(store, { from: '2026-11-02', to: '2026-11-16' }, now);
    // The import itself is at 09:00 on 2 Nov: known by the end of that day, so the plan was there "then".
    expect(
      r.movements.filter((m) => m.movement !== 'same').map((m) => `${m.ref} ${MOVEMENT_SYMBOL[m.movement]}`),
    ).toEqual([]);
    expect(r.datesRevised.map((l) => [l.ref, l.revised, l.state])).toEqual([
      ['R1.2', '2027-01-29', 'approved'],
      ['R2.2', '2027-01-29', 'approved'],
    ]);
    await expect(loadPeriod(store, { to: '2026-10-05' }, now)).rejects.toThrow(/No board meeting is recorded/);
    await expect(loadPeriod(store, { from: '2026-12-14', to: '2026-11-16' }, now)).rejects.toThrow(/before the second/);
  });
});
