import { type App, startApp } from '../../bot/app';
import { importPlanRows } from '../../bot/import/importPlan';
import { parsePlanCsv } from '../../bot/import/planCsv';
import type { Clock } from '../../bot/domain/ports';
import type { Config } from '../../bot/config';
import { silentLogger } from '../../bot/log';
import { ConnectorStandIn } from './connectorStandIn';
import type { GraphStandIn } from './graphStandIn';
import { type CsvRow, PEOPLE, type Person, SEED_ROWS, TENANT, memberOf, planCsv, testConfig } from './fixtures';
import { freshPrefix, testConnectionString } from './storage';
import { asRead } from './cardTree';
import { boardsIn, boardsOf } from '../../bot/boardsConfig';

/** The real bot on real Azurite tables, a Bot Connector stand-in, and a clock the test moves. */
export interface Harness {
  app: App;
  connector: ConnectorStandIn;
  now: { value: Date };
  post(activity: Record<string, unknown>): Promise<{ status: number; body: any }>;
  /**
   * The app added to the board's team (its roster read), and, unless `board: false`, its General channel
   * made the board channel as the secretariat does it: Sam @mentions "make this the board channel" and confirms.
   */
  installInTeam(opts?: { board?: boolean }): Promise<void>;
  /** The app added to a team (another team than the board's, say): the conversationUpdate Teams sends. */
  addToTeam(team: Team): Promise<{ status: number; body: any }>;
  /**
   * `make this the board channel`, @mentioned in the team's General channel (a thread of its own), then
   * Confirm pressed on the card it answers with; what the bot answered to each.
   */
  makeBoardChannel(person?: Person, team?: Team): Promise<{ asked: Record<string, any> | undefined; confirmed: any }>;
  clickCard(person: Person, verb: string, data: Record<string, unknown>): Promise<any>;
  /** A message @mentioning the bot in a team's General channel (a thread of its own), and what the bot answered there. */
  inChannel(person: Person, team: Team, text: string): Promise<Record<string, any> | undefined>;
  say(person: Person, text: string, conversationType?: 'personal' | 'channel'): Promise<number>;
  /** A chat message from this person as Teams would POST it (a fresh activity id each call). */
  message(person: Person, text: string, conversationType?: 'personal' | 'channel'): Record<string, unknown>;
  /** A card button press (Action.Execute) from this person as Teams would POST it. */
  invoke(person: Person, verb: string, data: Record<string, unknown>): Record<string, unknown>;
  /** What the bot sent into this person's 1:1 chat, replies and proactive messages alike. */
  chatWith(person: Person): Record<string, any>[];
  stop(): Promise<void>;
}

/** The bot @mentioned, as Teams sends it with a message in a channel or group chat. */
export const MENTION = {
  type: 'mention',
  text: '<at>Board actions</at>',
  mentioned: { id: 'board-chaser-local', name: 'Board actions' },
};

/** The board's team in these tests, and its General channel. */
export interface Team {
  id: string;
  name: string;
  general: string;
}
export const BOARD_TEAM: Team = {
  id: '19:board-team@thread.tacv2',
  name: 'Transformation Advisory Board',
  general: '19:board-general@thread.tacv2',
};
/** A team that is not the board's. */
export const OTHER_TEAM: Team = {
  id: '19:comms-team@thread.tacv2',
  name: 'Comms',
  general: '19:comms-general@thread.tacv2',
};
const channelDataOf = (team: Team) => ({
  team: { id: team.id, name: team.name },
  channel: { id: team.general },
  tenant: { id: TENANT },
});
const boardChannelData = () => channelDataOf(BOARD_TEAM);

/** Polls until `probe` gives something (not undefined or false), or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolves once the stand-in has had no request for `ms` (the bot has nothing more to send). */
export async function quiet(connector: ConnectorStandIn, ms = 1_000, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = connector.requests.at(-1)?.at ?? 0;
    if (Date.now() - last >= ms) return;
    if (Date.now() > deadline) throw new Error('the bot kept sending');
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startHarness(
  opts: {
    rows?: CsvRow[];
    at?: string;
    members?: Person[];
    config?: Partial<Config>;
    connectionString?: string;
    /** Reach owners with no chat through this Graph stand-in (its chats served by the Connector stand-in). */
    graph?: GraphStandIn;
    /** Several boards in one deployment, as BOARDS lists them (each board's tables under the test's prefix). */
    boards?: { id: string; name: string; secretariat: string[] }[];
  } = {},
): Promise<Harness> {
  const connector = await new ConnectorStandIn().start();
  const graph = opts.graph ? { graph: opts.graph.config({ serviceUrl: connector.url }) } : {};
  connector.members = (opts.members ?? [PEOPLE.amira, PEOPLE.ben, PEOPLE.carys, PEOPLE.sam]).map(memberOf);
  const now = { value: new Date(opts.at ?? '2026-11-23T09:00:00Z') };
  const clock: Clock = () => now.value;
  const config = testConfig(opts.connectionString ?? testConnectionString(), freshPrefix(), {
    ...graph,
    ...opts.config,
  });
  if (opts.boards)
    config.boards = boardsOf(opts.boards, { ...boardsIn(config)[0], tablePrefix: config.storage.tablePrefix });
  const app = await startApp(config, silentLogger, clock);
  const { rows } = parsePlanCsv(planCsv(opts.rows ?? SEED_ROWS));
  await importPlanRows(app.store, rows, clock());
  let seq = 0;
  const base = () => ({
    channelId: 'msteams',
    serviceUrl: connector.url,
    recipient: { id: 'board-chaser-local', name: 'Board actions' },
    id: `in-${++seq}`,
    timestamp: clock().toISOString(),
  });

  const post = async (activity: Record<string, unknown>) => {
    const r = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined };
  };
  const personal = (p: Person) => ({ id: `a:1on1-${p.id}`, conversationType: 'personal', tenantId: TENANT });
  const message = (person: Person, text: string, conversationType: 'personal' | 'channel' = 'personal') => ({
    ...base(),
    type: 'message',
    text,
    from: { id: person.id, name: person.name, aadObjectId: person.aadObjectId },
    conversation:
      conversationType === 'personal'
        ? personal(person)
        : { id: BOARD_TEAM.general, conversationType: 'channel', tenantId: TENANT },
    channelData: conversationType === 'personal' ? { tenant: { id: TENANT } } : boardChannelData(),
  });
  const invoke = (person: Person, verb: string, data: Record<string, unknown>) => ({
    ...base(),
    type: 'invoke',
    name: 'adaptiveCard/action',
    from: { id: person.id, name: person.name, aadObjectId: person.aadObjectId },
    conversation: personal(person),
    channelData: { tenant: { id: TENANT } },
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  });
  /** The board channel set as the secretariat sets it, in a thread of its own (replies stay in that thread). */
  const makeBoardChannel = async (person: Person = PEOPLE.sam, team: Team = BOARD_TEAM) => {
    const thread = { id: `${team.general};messageid=setup-${++seq}`, conversationType: 'channel', tenantId: TENANT };
    const from = { id: person.id, name: person.name, aadObjectId: person.aadObjectId };
    const before = connector.sent.length;
    await post({
      ...base(),
      type: 'message',
      text: '<at>Board actions</at> make this the board channel',
      entities: [MENTION],
      from,
      conversation: thread,
      channelData: channelDataOf(team),
    });
    const asked = connector.sent.slice(before).find((x) => x.conversationId === thread.id)?.activity;
    const r = await post({
      ...base(),
      type: 'invoke',
      name: 'adaptiveCard/action',
      from,
      conversation: thread,
      channelData: channelDataOf(team),
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'confirmBoardChannel',
          // What the card's Confirm carries (the board that sent it, where there are several).
          data: { ...confirmDataOf(asked), teamId: team.id, channelId: team.general },
        },
        trigger: 'manual',
      },
    });
    return { asked, confirmed: r.body?.value };
  };
  const addToTeam = (team: Team) =>
    post({
      ...base(),
      type: 'conversationUpdate',
      from: { id: PEOPLE.sam.id, aadObjectId: PEOPLE.sam.aadObjectId },
      conversation: { id: team.general, conversationType: 'channel', tenantId: TENANT },
      membersAdded: [{ id: 'board-chaser-local' }],
      channelData: { ...channelDataOf(team), eventType: 'teamMemberAdded' },
    });
  return {
    app,
    connector,
    now,
    post,
    async installInTeam(opts = {}) {
      const r = await addToTeam(BOARD_TEAM);
      if (r.status >= 300) throw new Error(`install failed: ${r.status} ${JSON.stringify(r.body)}`);
      if (opts.board === false) return;
      const { confirmed } = await makeBoardChannel();
      if (!/This is the board channel/.test(cardText(confirmed)))
        throw new Error(`the board channel was not set: ${cardText(confirmed)}`);
    },
    addToTeam,
    makeBoardChannel,
    async inChannel(p, team, text) {
      const thread = { id: `${team.general};messageid=m-${++seq}-${p.id}`, conversationType: 'channel' };
      const before = connector.sent.length;
      await post({
        ...message(p, `<at>Board actions</at> ${text}`, 'channel'),
        entities: [MENTION],
        conversation: { ...thread, tenantId: TENANT },
        channelData: channelDataOf(team),
      });
      return connector.sent.slice(before).find((s) => s.conversationId === thread.id)?.activity;
    },
    message,
    invoke,
    chatWith: (p) => connector.sent.filter((s) => s.conversationId === personal(p).id).map((s) => s.activity),
    async clickCard(person, verb, data) {
      const r = await post(invoke(person, verb, data));
      if (r.status !== 200) throw new Error(`invoke answered ${r.status}: ${JSON.stringify(r.body)}`);
      return r.body.value;
    },
    async say(person, text, conversationType = 'personal') {
      return (await post(message(person, text, conversationType))).status;
    },
    async stop() {
      await app.stop();
      await connector.stop();
    },
  };
}

/** The data of the Confirm button of a "make this the board channel" card. */
function confirmDataOf(asked: Record<string, any> | undefined): Record<string, unknown> {
  const actions: { verb?: string; data?: Record<string, unknown> }[] = cardOf(asked ?? {})?.actions ?? [];
  return actions.find((a) => a.verb === 'confirmBoardChannel')?.data ?? {};
}

/** All the text a card shows, for assertions on what a person reads. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      for (const k of ['text', 'title', 'value', 'label'])
        if (typeof o[k] === 'string') out.push(asRead(o[k] as string));
      for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
    }
  };
  walk(card);
  return out.join('\n');
}

/** The Adaptive Card inside an activity the bot sent. */
export const cardOf = (activity: Record<string, any>): Record<string, any> => activity.attachments?.[0]?.content;
