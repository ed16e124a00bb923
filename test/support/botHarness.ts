import { type App, startApp } from '../../bot/app';
import { importPlanRows } from '../../bot/import/importPlan';
import { parsePlanCsv } from '../../bot/import/planCsv';
import type { Clock } from '../../bot/domain/ports';
import type { Config } from '../../bot/config';
import { silentLogger } from '../../bot/log';
import { ConnectorStandIn } from './connectorStandIn';
import { type CsvRow, PEOPLE, type Person, SEED_ROWS, TENANT, memberOf, planCsv, testConfig } from './fixtures';
import { freshPrefix, testConnectionString } from './storage';
import { asRead } from './cardTree';

/** The real bot on real Azurite tables, a Bot Connector stand-in, and a clock the test moves. */
export interface Harness {
  app: App;
  connector: ConnectorStandIn;
  now: { value: Date };
  post(activity: Record<string, unknown>): Promise<{ status: number; body: any }>;
  installInTeam(): Promise<void>;
  clickCard(person: Person, verb: string, data: Record<string, unknown>): Promise<any>;
  say(person: Person, text: string, conversationType?: 'personal' | 'channel'): Promise<number>;
  /** A chat message from this person as Teams would POST it (a fresh activity id each call). */
  message(person: Person, text: string, conversationType?: 'personal' | 'channel'): Record<string, unknown>;
  /** A card button press (Action.Execute) from this person as Teams would POST it. */
  invoke(person: Person, verb: string, data: Record<string, unknown>): Record<string, unknown>;
  /** What the bot sent into this person's 1:1 chat, replies and proactive messages alike. */
  chatWith(person: Person): Record<string, any>[];
  stop(): Promise<void>;
}

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
  opts: { rows?: CsvRow[]; at?: string; members?: Person[]; config?: Partial<Config>; connectionString?: string } = {},
): Promise<Harness> {
  const connector = await new ConnectorStandIn().start();
  connector.members = (opts.members ?? [PEOPLE.amira, PEOPLE.ben, PEOPLE.carys, PEOPLE.sam]).map(memberOf);
  const now = { value: new Date(opts.at ?? '2026-11-23T09:00:00Z') };
  const clock: Clock = () => now.value;
  const app = await startApp(
    testConfig(opts.connectionString ?? testConnectionString(), freshPrefix(), opts.config),
    silentLogger,
    clock,
  );
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
        : { id: '19:board-general@thread.tacv2', conversationType: 'channel', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
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
  return {
    app,
    connector,
    now,
    post,
    async installInTeam() {
      const r = await post({
        ...base(),
        type: 'conversationUpdate',
        from: { id: PEOPLE.sam.id, aadObjectId: PEOPLE.sam.aadObjectId },
        conversation: { id: '19:board-general@thread.tacv2', conversationType: 'channel', tenantId: TENANT },
        membersAdded: [{ id: 'board-chaser-local' }],
        channelData: {
          team: { id: '19:board-team@thread.tacv2', name: 'Transformation Advisory Board' },
          channel: { id: '19:board-general@thread.tacv2' },
          tenant: { id: TENANT },
          eventType: 'teamMemberAdded',
        },
      });
      if (r.status >= 300) throw new Error(`install failed: ${r.status} ${JSON.stringify(r.body)}`);
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
