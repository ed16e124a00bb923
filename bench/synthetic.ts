/**
 * A synthetic board for the benchmarks: one plan of N actions across M owners, with a realistic
 * append-only history (an import 26 weeks ago, then owners' replies spread over the weeks since),
 * loaded through the store's own batch APIs. Deterministic for a given seed.
 */
import { TableTransaction } from '@azure/data-tables';
import { type Action, type ActionUpdate, type Owner, RAGS, type Rag, type Status, planIdOf } from '../bot/domain/types';
import type { BoardStore } from '../bot/domain/ports';
import { actionAt, historyByRef } from '../bot/domain/history';
import { encodeKey, tableClient, toEntityProps } from '../bot/store/tables';
import { inParallel } from '../bot/inParallel';
import { aadLinkRow } from '../bot/store/ownerTable';

export { inParallel };

export const BENCH_TENANT = '6f1b2c3d-0000-4000-8000-0000000000be';
const DAY = 86_400_000;
const WEEK = 7 * DAY;

/** A small fast PRNG (mulberry32), so every run builds the same board. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)];

const SUBJECTS = [
  'The project board',
  'Finance',
  'Legal',
  'The service lead',
  'HR',
  'Procurement',
  'The portfolio holder',
  'The programme office',
  'Partners',
  'The working group',
  'Internal audit',
  'The digital team',
];
const VERBS = [
  'has signed off',
  'is reviewing',
  'has asked for changes to',
  'is still waiting on',
  'has agreed',
  'has circulated',
  'has scoped',
  'has costed',
  'is consulting on',
  'has paused',
];
const OBJECTS = [
  'the business case',
  'the draft policy',
  'the delivery plan',
  'the terms of reference',
  'the training schedule',
  'the data baseline',
  'the equality impact assessment',
  'the tender specification',
  'the communications plan',
  'the savings profile',
];
const TAILS = [
  'Next step is the February Cabinet report.',
  'Two of four workshops are done.',
  'Resourcing remains the main risk.',
  'A revised timeline goes to the next board.',
  'Staff side have been briefed.',
  'Member briefing is booked for next month.',
  'Slippage is within tolerance.',
  'Budget pressure may delay the second phase.',
  'The supplier has confirmed capacity.',
  'Dependencies on the ICT refresh are being tracked.',
];
const THEME_NAMES = [
  'Governance and decision making',
  'Financial sustainability',
  'Workforce and culture',
  'Partnerships',
  'Digital and data',
  'Customer experience',
  'Housing and regeneration',
  'Climate and environment',
  'Children and families',
  'Adult social care',
];

export function narrative(r: () => number): string {
  const n = 1 + Math.floor(r() * 3);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(`${pick(r, SUBJECTS)} ${pick(r, VERBS)} ${pick(r, OBJECTS)}.`);
  parts.push(pick(r, TAILS));
  return parts.join(' ');
}

export interface SyntheticOptions {
  actions: number;
  owners: number;
  /** History rows in all, imports included (at least one per action). */
  updates: number;
  now: Date;
  seed?: number;
  planName?: string;
  /** History spans this many weeks back from `now`. */
  weeks?: number;
  /** No reply in the last this many days (so every owner is due a chase). */
  quietDays?: number;
  /** Index of this plan's first action across the whole board (owners are dealt actions round-robin across plans). */
  offset?: number;
}

export interface SyntheticPerson {
  email: string;
  name: string;
  aadObjectId: string;
  teamsUserId: string;
}

export interface SyntheticBoard {
  planId: string;
  planName: string;
  createdAt: string;
  actions: Action[];
  updates: ActionUpdate[];
  owners: SyntheticPerson[];
}

export const personOf = (i: number, domain = 'example.org'): SyntheticPerson => ({
  email: `owner${String(i).padStart(5, '0')}@${domain}`,
  name: `Owner ${i}`,
  aadObjectId: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
  teamsUserId: `29:owner-${i}`,
});

/** Builds the board in memory: history first, then every action's current state rebuilt from it (by the bot's own rules). */
export function syntheticBoard(o: SyntheticOptions): SyntheticBoard {
  const r = rng(o.seed ?? 20261123);
  const planName = o.planName ?? 'Synthetic Improvement Plan';
  const planId = planIdOf(planName);
  const weeks = o.weeks ?? 26;
  const nowMs = o.now.getTime();
  const t0 = nowMs - weeks * WEEK;
  const importAt = new Date(t0).toISOString();
  const lastReply = nowMs - (o.quietDays ?? 4) * DAY;
  const owners = Array.from({ length: o.owners }, (_, i) => personOf(i + 1));
  const offset = o.offset ?? 0;
  const themeCount = Math.max(1, Math.min(40, Math.round(o.actions / 50)));
  const themes = Array.from(
    { length: themeCount },
    (_, k) =>
      `Theme ${k + 1}: ${THEME_NAMES[k % THEME_NAMES.length]}${k >= THEME_NAMES.length ? ` (${Math.floor(k / THEME_NAMES.length) + 1})` : ''}`,
  );
  const drafts: Omit<ActionUpdate, 'revision'>[] = [];
  const bases: Action[] = [];
  const perTheme = new Map<number, number>();
  // How many replies each action gets: spread at random over the actions.
  const replies = new Array<number>(o.actions).fill(0);
  for (let i = 0; i < o.updates - o.actions; i++) replies[Math.floor(r() * o.actions)]++;
  let id = 0;
  const uuid = () => `00000000-0000-4000-9000-${(++id).toString(16).padStart(12, '0')}`;
  for (let j = 0; j < o.actions; j++) {
    const owner = owners[(offset + j) % o.owners];
    /** Each owner's first action stays open and unflagged, so every owner is due a chase. */
    const anchor = offset + j < o.owners;
    const k = Math.floor(r() * themeCount);
    const n = (perTheme.get(k) ?? 0) + 1;
    perTheme.set(k, n);
    const ref = `T${k + 1}.${n}`;
    const due = new Date(nowMs + (r() * 48 - 8) * WEEK).toISOString().slice(0, 10);
    const title = `${pick(r, ['Review', 'Deliver', 'Publish', 'Agree', 'Implement', 'Embed', 'Refresh', 'Consult on'])} ${pick(r, OBJECTS)} for ${themes[k].split(': ')[1].toLowerCase()} (${ref}).`;
    const startStatus: Status = r() < 0.5 ? 'Not started' : 'In progress';
    const startRag: Rag | undefined = startStatus === 'In progress' ? 'Green' : undefined;
    const base: Action = {
      planId,
      ref,
      planName,
      theme: themes[k],
      title,
      ownerEmail: owner.email,
      dueDate: due,
      status: startStatus,
      rag: startRag,
      revision: 0,
    };
    bases.push(base);
    drafts.push({
      planId,
      ref,
      id: uuid(),
      at: importAt,
      kind: 'import',
      byEmail: 'plan import',
      status: startStatus,
      rag: startRag,
      narrative: startStatus === 'In progress' ? narrative(r) : undefined,
      ownerEmail: owner.email,
      dueDate: due,
      theme: themes[k],
      title,
      note: 'created by plan import',
    });
    const times = Array.from({ length: replies[j] }, () => t0 + 3_600_000 + r() * (lastReply - t0 - 3_600_000)).sort(
      (a, b) => a - b,
    );
    let percent = 0;
    let proposed = false;
    times.forEach((t, i) => {
      const at = new Date(Math.round(t)).toISOString();
      const last = i === times.length - 1;
      const roll = r();
      const cycleId = new Date(t - ((t - t0) % WEEK)).toISOString().slice(0, 10);
      if (roll < 0.36) {
        drafts.push({
          planId,
          ref,
          id: uuid(),
          at,
          kind: 'noChange',
          byEmail: owner.email,
          status: 'In progress',
          cycleId,
        });
      } else if (roll < 0.37 && !anchor && !last) {
        drafts.push({
          planId,
          ref,
          id: uuid(),
          at,
          kind: 'notMine',
          byEmail: owner.email,
          status: 'In progress',
          note: 'Moved to another directorate',
          cycleId,
        });
      } else if (roll < 0.39 && proposed) {
        drafts.push({
          planId,
          ref,
          id: uuid(),
          at,
          kind: 'dateDecision',
          byEmail: 'secretariat@example.org',
          status: 'In progress',
          decision: r() < 0.7 ? 'approved' : 'rejected',
        });
        proposed = false;
      } else {
        const done = last && !anchor && r() < 0.3;
        const deferred = !done && last && !anchor && r() < 0.03;
        percent = done ? 100 : Math.min(95, percent + Math.floor(r() * 20));
        const rag: Rag | undefined =
          done || deferred
            ? undefined
            : ((): Rag => {
                const x = r();
                return x < 0.62 ? 'Green' : x < 0.87 ? 'Amber' : 'Red';
              })();
        const propose = !done && !deferred && r() < 0.05;
        if (propose) proposed = true;
        drafts.push({
          planId,
          ref,
          id: uuid(),
          at,
          kind: 'update',
          byEmail: owner.email,
          status: done ? 'Complete' : deferred ? 'Deferred' : 'In progress',
          rag,
          narrative: narrative(r),
          percentComplete: percent,
          cycleId,
          ...(propose
            ? {
                proposedDate: new Date(Date.parse(due) + 8 * WEEK).toISOString().slice(0, 10),
                proposedDateReason: 'Resourcing over the winter',
              }
            : {}),
        });
      }
    });
  }
  // Each action's rows in time order are its revisions 1, 2, 3…, as commits would have numbered them.
  const updates: ActionUpdate[] = [];
  for (const rows of historyByRef(drafts.map((d) => ({ ...d, revision: 0 }))).values()) {
    rows.sort((a, b) => a.at.localeCompare(b.at));
    for (const [n, u] of rows.entries()) updates.push({ ...u, revision: n + 1 });
  }
  const history = historyByRef(updates);
  const nowIso = o.now.toISOString();
  const actions = bases.map((b) => {
    const a = actionAt(b, history.get(b.ref) ?? [], nowIso) as Action;
    const imp = (history.get(b.ref) ?? [])[0];
    return { ...a, importedProgress: JSON.stringify([imp.status, imp.rag ?? '', imp.narrative ?? '']) };
  });
  return { planId, planName, createdAt: importAt, actions, updates, owners };
}

/** A board of several plans (each its own partition, as the bot stores them), owners dealt actions across all of them. */
export function syntheticPlans(
  o: Omit<SyntheticOptions, 'planName' | 'offset'> & { plans: number; name?: string },
): SyntheticBoard[] {
  const per = Math.ceil(o.actions / o.plans);
  return Array.from({ length: o.plans }, (_, p) => {
    const actions = Math.min(per, o.actions - p * per);
    return syntheticBoard({
      ...o,
      actions,
      updates: Math.round((o.updates * actions) / o.actions),
      offset: p * per,
      seed: (o.seed ?? 20261123) + p,
      planName: `${o.name ?? 'Synthetic Improvement Plan'}${o.plans > 1 ? ` ${String.fromCharCode(65 + (p % 26))}${p >= 26 ? Math.floor(p / 26) : ''}` : ''}`,
    });
  });
}

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * Writes the board through the store's batch APIs (history 100 rows per transaction, several transactions in
 * flight). With `archivedUntil`, the history up to then is written where the weekly move would have left it.
 */
export async function loadBoard(store: BoardStore, b: SyntheticBoard, archivedUntil?: string): Promise<void> {
  await store.plans.upsert({ id: b.planId, name: b.planName, createdAt: b.createdAt });
  const history = historyByRef(b.updates);
  await inParallel(chunks(b.actions, 500), 6, (c) =>
    store.actions.restore(
      b.planId,
      c,
      c.flatMap((a) => history.get(a.ref) ?? []),
      archivedUntil,
    ),
  );
}

/**
 * Registers owners as the roster read would (Entra object id, Teams user id, tenant, service URL),
 * in the Owners table's own layout, 100 rows per transaction. `conversation` set = a 1:1 chat already exists.
 */
export async function loadOwners(
  connectionString: string,
  prefix: string,
  people: SyntheticPerson[],
  serviceUrl: string,
  withConversation = false,
): Promise<void> {
  const table = tableClient(connectionString, `${prefix}Owners`);
  const now = new Date().toISOString();
  const owners: Owner[] = people.map((p) => ({
    email: p.email,
    name: p.name,
    aadObjectId: p.aadObjectId,
    teamsUserId: p.teamsUserId,
    tenantId: BENCH_TENANT,
    serviceUrl,
    conversation: withConversation ? conversationRef(p, serviceUrl) : undefined,
    reachability: withConversation ? 'reachable' : 'unknown',
    updatedAt: now,
  }));
  const ownerRows = owners.map((o) => ({ partitionKey: 'owner', rowKey: encodeKey(o.email), ...toEntityProps(o) }));
  const aadRows = owners.map((o) => aadLinkRow(o.aadObjectId as string, o.email, o.name));
  await inParallel([...chunks(ownerRows, 100), ...chunks(aadRows, 100)], 6, async (rows) => {
    const tx = new TableTransaction();
    for (const row of rows) tx.upsertEntity(row, 'Replace');
    await table.submitTransaction(tx.actions);
  });
}

/** The stored 1:1 conversation reference the bot keeps after its first send to a person. */
export const conversationRef = (p: SyntheticPerson, serviceUrl: string): string =>
  JSON.stringify({
    activityId: undefined,
    user: { id: p.teamsUserId, aadObjectId: p.aadObjectId },
    bot: { id: 'board-chaser-local', name: 'Board actions' },
    conversation: {
      id: `a:1on1-${p.teamsUserId}`,
      conversationType: 'personal',
      tenantId: BENCH_TENANT,
      isGroup: false,
    },
    channelId: 'msteams',
    locale: undefined,
    serviceUrl,
  });

const q = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** A plan file of the board's current state, in the columns `npm run import` reads (UK and ISO dates mixed). */
export function planCsvOf(b: SyntheticBoard): string {
  const lines = ['plan,theme,reference,action,owner email,due date,status,RAG,narrative'];
  b.actions.forEach((a, i) => {
    const due = i % 2 ? a.dueDate : `${a.dueDate.slice(8, 10)}/${a.dueDate.slice(5, 7)}/${a.dueDate.slice(0, 4)}`;
    const rag = a.status === 'Complete' || a.status === 'Deferred' ? '' : (a.rag ?? '');
    lines.push(
      [a.planName, a.theme, a.ref, a.title, a.ownerEmail, due, a.status, rag, a.narrative ?? ''].map(q).join(','),
    );
  });
  return `${lines.join('\r\n')}\r\n`;
}

export { RAGS };
