import { heartbeatValue, joinSeen, livePeers, readHeartbeat } from '../../bot/outbound/fleetRules';

const PERIOD = 5_000;
const at = Date.parse('2026-11-23T09:00:00.000Z');

test('a heartbeat row lists the writer and whom it saw, each with its join; odd ids survive', () => {
  const members = [
    { id: 'cli-7', joined: '2026-11-23T08:59:00.000Z' },
    { id: 'a,b|c@d', joined: '2026-11-23T08:00:00.000Z' },
  ];
  const value = heartbeatValue({ at, members });
  expect(value).toBe('2026-11-23T09:00:00.000Z|cli-7@2026-11-23T08:59:00.000Z,a%2Cb%7Cc%40d@2026-11-23T08:00:00.000Z');
  expect(readHeartbeat(value)).toEqual({ at, members });
});

test("an older version's row (a plain ISO time) saw nobody, so never counts as having seen a join", () => {
  expect(readHeartbeat('2026-11-23T09:00:00.000Z')).toEqual({ at, members: [] });
  const peers = livePeers([{ id: 'old', value: '2026-11-23T09:00:00.000Z' }], 'me', at + PERIOD, PERIOD);
  expect(peers).toEqual([{ id: 'old', joined: '', at, saw: [] }]);
  expect(joinSeen(peers, { id: 'me', joined: '2026-11-23T09:00:01.000Z' })).toBe(false);
});

test('live peers: not this instance, not an unreadable row, not one older than three periods', () => {
  const row = (id: string, t: number, saw = '') =>
    ({ id, value: `${new Date(t).toISOString()}|${id}@j${saw}` }) as { id: string; value: string };
  const peers = livePeers(
    [
      row('me', at),
      row('fresh', at - 3 * PERIOD, ',me@m1'),
      row('gone', at - 3 * PERIOD - 1),
      { id: 'bad', value: 'x' },
    ],
    'me',
    at,
    PERIOD,
  );
  expect(peers.map((p) => p.id)).toEqual(['fresh']);
  expect(joinSeen(peers, { id: 'me', joined: 'm1' })).toBe(true);
  // A mark of an earlier join does not do.
  expect(joinSeen(peers, { id: 'me', joined: 'm2' })).toBe(false);
  expect(joinSeen([], { id: 'me', joined: 'm2' })).toBe(true);
});
