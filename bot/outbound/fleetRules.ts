/**
 * The rules of the fleet of instances that share one tenant budget, as plain functions over
 * heartbeat rows and times (bot/outbound/fleetShares.ts reads and writes the rows and applies them).
 */

/** A heartbeat older than this many periods is a gone instance's: the others take its share. */
export const GONE_AFTER_PERIODS = 3;
/**
 * An instance whose last heartbeat written is older than this many periods sends nothing: the
 * others may soon count it gone. A period short of GONE_AFTER_PERIODS, for the timers' slack.
 */
export const FENCED_AFTER_PERIODS = 2;

/** An instance in a heartbeat's list: its id and when it (last) joined, its join's mark. */
export interface Member {
  id: string;
  /** ISO time of its join or re-join; '' for a row written before joins were marked. */
  joined: string;
}

/** One heartbeat row: when it was written, and whom the writer counted live at its last look, itself first. */
export interface Heartbeat {
  at: number;
  members: Member[];
}

/** A live peer, as its row says. */
export interface Peer extends Member {
  at: number;
  /** Whom it counted live at its last look. */
  saw: Member[];
}

/**
 * The value of a heartbeat row: `{ISO time}|{id}@{joined},{id}@{joined}…`, the writer first (ids
 * URI-encoded, so `@`, `,` and `|` never occur in one). A row of an older version is a plain ISO time.
 */
export function heartbeatValue(h: Heartbeat): string {
  const members = h.members.map((m) => `${encodeURIComponent(m.id)}@${m.joined}`).join(',');
  return `${new Date(h.at).toISOString()}|${members}`;
}

/** Reads a heartbeat row; a plain ISO time (an older version's) saw nobody; undefined if unreadable. */
export function readHeartbeat(value: string): Heartbeat | undefined {
  const bar = value.indexOf('|');
  const at = Date.parse(bar < 0 ? value : value.slice(0, bar));
  if (Number.isNaN(at)) return undefined;
  const list = bar < 0 ? '' : value.slice(bar + 1);
  try {
    const members = list
      .split(',')
      .filter((e) => e !== '')
      .map((e) => {
        const k = e.lastIndexOf('@');
        return k < 0
          ? { id: decodeURIComponent(e), joined: '' }
          : { id: decodeURIComponent(e.slice(0, k)), joined: e.slice(k + 1) };
      });
    return { at, members };
  } catch {
    return undefined;
  }
}

/** The other instances alive at `now`: their heartbeat is readable and no older than GONE_AFTER_PERIODS. */
export function livePeers(rows: { id: string; value: string }[], self: string, now: number, periodMs: number): Peer[] {
  const peers: Peer[] = [];
  for (const row of rows) {
    if (row.id === self) continue;
    const h = readHeartbeat(row.value);
    if (!h || now - h.at > GONE_AFTER_PERIODS * periodMs) continue;
    const joined = h.members.find((m) => m.id === row.id)?.joined ?? '';
    peers.push({ id: row.id, joined, at: h.at, saw: h.members.filter((m) => m.id !== row.id) });
  }
  return peers;
}

/**
 * Whether every live peer has seen this join: its row lists this instance with this join's mark,
 * so it counted this instance when it last set its share. A mark of an earlier join does not do:
 * that peer may have counted this instance gone since.
 */
export function joinSeen(peers: Peer[], self: Member): boolean {
  return peers.every((p) => p.saw.some((m) => m.id === self.id && m.joined === self.joined));
}

/** From when an instance sends nothing, its last heartbeat having been written at `lastWritten`. */
export function fencedFrom(lastWritten: number, periodMs: number): number {
  return lastWritten + FENCED_AFTER_PERIODS * periodMs;
}
