import { type TableClient, TableTransaction, type TransactionAction } from '@azure/data-tables';
import { type Action, type ActionKey, type ActionUpdate, type Rag, type Status, refOf } from '../domain/types';
import type { ActionCommit, ActionRepository, SnapshotRepository, UpdateRepository, Versioned } from '../domain/ports';
import type { ThemeMixes, WeekSnapshot } from '../domain/snapshots';
import { encodeKey, guarded, isStatus, listAll, parseJson, pk, toEntityProps } from './tables';
import { inParallel } from '../inParallel';
import { recordAfter } from '../domain/actionRecord';
import { actionAt, historyByRef } from '../domain/history';
import { HistoryArchive } from './historyArchive';
import { WeekStates } from './weekStates';

/**
 * The Ledger table: an action's current state and its whole history in one partition per plan, so
 * that every change is one entity group transaction (all or nothing, ETag-checked):
 *
 * | RowKey                     | what                                                              |
 * |----------------------------|-------------------------------------------------------------------|
 * | `a|{REF}`                  | the action's current state (REF: the reference in upper case)     |
 * | `h|{REF}|{revision:8}`     | the change that produced that revision (insert only, never twice) |
 * | `t|{at}|{REF}|{revision:8}`| the same row again, ordered by time: "everything known by T"      |
 * | `f|{week}`                 | a closed ISO week's figures per theme (written once the week is over) |
 *
 * A commit inserts the `h` and `t` rows and replaces (or inserts) the `a` row together. Two commits
 * made against the same revision can never both land: the second's `h` insert and `a` ETag both fail.
 * Once a closed week is folded into a snapshot its `h` and `t` rows move to the History table
 * (HistoryArchive), and every action's state at its end is kept in the Weeks table (WeekStates), so the
 * Ledger holds the board and its recent history, not its whole past.
 */
const ACTION = 'a|';
const HISTORY = 'h|';
const TIMELINE = 't|';
/** Operations per entity group transaction (Azure's limit is 100); a commit takes three. */
const OPS_PER_TRANSACTION = 99;
/** How many transactions one batch write keeps in flight. */
const TRANSACTIONS_IN_FLIGHT = 4;

/** An action reference as a key: case-insensitive, so `hr1.1` and `HR1.1` are one action. */
export const refKey = (ref: string): string => encodeKey(refOf(ref));
const revKey = (revision: number): string => String(revision).padStart(8, '0');
const actionRow = (ref: string): string => `${ACTION}${refKey(ref)}`;
const historyRow = (ref: string, revision: number): string => `${HISTORY}${refKey(ref)}|${revKey(revision)}`;
const timelineRow = (u: ActionUpdate): string => `${TIMELINE}${u.at}|${refKey(u.ref)}|${revKey(u.revision)}`;

interface ActionEntity {
  partitionKey: string;
  rowKey: string;
  ref: string;
  planName: string;
  theme: string;
  title: string;
  ownerEmail: string;
  dueDate: string;
  status: string;
  rag?: string;
  narrative?: string;
  percentComplete?: number;
  revisedDate?: string;
  lastReplyAt?: string;
  notMine?: string;
  importedProgress?: string;
  retired?: string;
  completedAt?: string;
  record?: string;
  closure?: string;
  evidenceUrl?: string;
  revision: number;
}

type UpdateEntity = Omit<ActionUpdate, 'planId'> & { partitionKey: string; rowKey: string };

const actionEntity = (a: Action) => {
  const { planId, ref, ...rest } = a;
  return { partitionKey: planId, rowKey: actionRow(ref), ref, ...toEntityProps(rest) };
};

const fromActionEntity = (e: ActionEntity): Action => ({
  planId: e.partitionKey,
  ref: e.ref,
  planName: e.planName,
  theme: e.theme,
  title: e.title,
  ownerEmail: e.ownerEmail,
  dueDate: e.dueDate,
  status: e.status as Status,
  rag: e.rag as Rag | undefined,
  narrative: e.narrative,
  percentComplete: e.percentComplete,
  revisedDate: parseJson(e.revisedDate),
  lastReplyAt: e.lastReplyAt,
  notMine: parseJson(e.notMine),
  importedProgress: e.importedProgress,
  retired: parseJson(e.retired),
  completedAt: e.completedAt,
  record: parseJson(e.record),
  closure: parseJson(e.closure),
  evidenceUrl: e.evidenceUrl,
  revision: e.revision ?? 0,
});

const updateEntity = (u: ActionUpdate, rowKey: string) => {
  const { planId, ...rest } = u;
  return { partitionKey: planId, rowKey, ...toEntityProps(rest) };
};

const fromUpdateEntity = (e: UpdateEntity & { etag?: string; timestamp?: string }): ActionUpdate => {
  const {
    partitionKey,
    rowKey: _rk,
    etag: _e,
    timestamp: _t,
    'odata.metadata': _m,
    ...fields
  } = e as typeof e & {
    'odata.metadata'?: string;
  };
  return { planId: partitionKey, ...fields, revision: fields.revision ?? 0 };
};

const range = (planId: string, from: string, to: string): string =>
  `${pk(planId)} and RowKey ge '${from.replace(/'/g, "''")}' and RowKey lt '${to.replace(/'/g, "''")}'`;

/** The three operations of one commit. */
function commitOps(c: ActionCommit): TransactionAction[] {
  const tx = new TableTransaction();
  const update = { ...c.update, planId: c.action.planId, ref: c.action.ref, revision: c.action.revision };
  // The state row carries the record of its history, folded with this row (the new state spreads the old record).
  const action = { ...c.action, record: recordAfter(c.etag ? c.action.record : undefined, c.action, update) };
  tx.createEntity(updateEntity(update, historyRow(action.ref, action.revision)));
  tx.createEntity(updateEntity(update, timelineRow(update)));
  if (c.etag) tx.updateEntity(actionEntity(action), 'Replace', { etag: c.etag });
  else tx.createEntity(actionEntity(action));
  return tx.actions;
}

const FIGURES = 'f|';
const STATES = 's|';

/** The tables an ActionLedger keeps a board's actions in. */
export interface LedgerTables {
  Ledger: TableClient;
  History: TableClient;
  Weeks: TableClient;
}

/** Actions and their history: the Ledger table, with closed weeks' history and states kept beside it. */
export class ActionLedger implements ActionRepository, UpdateRepository, SnapshotRepository {
  private readonly table: TableClient;
  private readonly archiveTable: TableClient;
  private readonly archive: HistoryArchive;
  private readonly weeks: WeekStates;

  constructor(
    tables: LedgerTables,
    /** The plans there are: each is one partition, so listing every action reads no history. */
    private readonly planIds: () => Promise<string[]>,
  ) {
    this.table = tables.Ledger;
    this.archiveTable = tables.History;
    this.archive = new HistoryArchive(tables.Ledger, tables.History);
    this.weeks = new WeekStates(tables.Weeks);
  }

  async get(key: ActionKey): Promise<Versioned<Action> | undefined> {
    try {
      const e = await this.table.getEntity<ActionEntity>(key.planId, actionRow(key.ref));
      return { value: fromActionEntity(e), etag: e.etag };
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
  }

  async listByPlan(planId: string): Promise<Versioned<Action>[]> {
    const rows = await listAll<ActionEntity>(this.table, range(planId, ACTION, 'a}'));
    return rows.map((e) => ({ value: fromActionEntity(e), etag: e.etag }));
  }

  async listAll(): Promise<Action[]> {
    const plans = await Promise.all((await this.planIds()).map((id) => this.listByPlan(id)));
    return plans.flat().map((v) => v.value);
  }

  async commit(c: ActionCommit): Promise<string> {
    const r = await guarded(`Action ${c.action.ref}`, () => this.table.submitTransaction(commitOps(c)));
    // Sub-responses come in the order of the operations (the state row is the last); an update's carries no RowKey.
    return r.subResponses.at(-1)?.etag ?? '';
  }

  async commitMany(planId: string, commits: ActionCommit[]): Promise<void> {
    const perTransaction = Math.floor(OPS_PER_TRANSACTION / 3);
    const batches = Array.from({ length: Math.ceil(commits.length / perTransaction) }, (_, i) =>
      commits.slice(i * perTransaction, (i + 1) * perTransaction),
    );
    // Each transaction is atomic on its own: several go at once (an import's journal makes the whole all or nothing).
    await inParallel(batches, TRANSACTIONS_IN_FLIGHT, async (batch) => {
      const ops = batch.flatMap((c) => commitOps({ ...c, action: { ...c.action, planId } }));
      await guarded(`Actions of ${planId}`, () => this.table.submitTransaction(ops));
    });
  }

  async restore(planId: string, actions: Action[], updates: ActionUpdate[], archivedUntil?: string): Promise<void> {
    const history = historyByRef(updates);
    const rows = (u: ActionUpdate) => {
      const row = { ...u, planId };
      return [updateEntity(row, historyRow(u.ref, u.revision)), updateEntity(row, timelineRow(row))];
    };
    const archived = (u: ActionUpdate) => archivedUntil !== undefined && u.at <= archivedUntil;
    const ledger = [
      ...updates.filter((u) => !archived(u)).flatMap(rows),
      // Each state with the record of its history, as a replay makes it.
      ...actions.map((a) =>
        actionEntity({ ...a, planId, record: actionAt(a, history.get(a.ref) ?? [], '~')?.record ?? a.record }),
      ),
    ];
    for (const [table, entities] of [
      [this.table, ledger],
      [this.archiveTable, updates.filter(archived).flatMap(rows)],
    ] as const)
      for (let i = 0; i < entities.length; i += 100) {
        const tx = new TableTransaction();
        for (const e of entities.slice(i, i + 100)) tx.upsertEntity(e, 'Replace');
        await table.submitTransaction(tx.actions);
      }
  }

  async getUpdate(key: ActionKey, revision: number): Promise<ActionUpdate | undefined> {
    const row = await this.archive.get<UpdateEntity>(key.planId, historyRow(key.ref, revision));
    return row && fromUpdateEntity(row);
  }

  async listForAction(key: ActionKey): Promise<ActionUpdate[]> {
    const prefix = `${HISTORY}${refKey(key.ref)}|`;
    return (await this.archive.range<UpdateEntity>(range(key.planId, prefix, `${prefix}~`))).map(fromUpdateEntity);
  }

  async figures(planId: string, from: string, to: string): Promise<Map<string, ThemeMixes>> {
    const rows = await listAll<{ rowKey: string; mixes: string }>(
      this.table,
      range(planId, `${FIGURES}${from}`, `${FIGURES}${to}~`),
    );
    return new Map(rows.map((r) => [r.rowKey.slice(FIGURES.length), parseJson<ThemeMixes>(r.mixes) ?? {}]));
  }

  async board(planId: string): Promise<{ actions: Action[]; figures: Map<string, ThemeMixes> }> {
    // 'a|' (states) to 'f|' (figures): no other kind of row sorts between them.
    const rows = await listAll<ActionEntity & { mixes?: string }>(this.table, range(planId, ACTION, `${FIGURES}~`));
    const actions: Action[] = [];
    const figures = new Map<string, ThemeMixes>();
    for (const r of rows) {
      if (r.rowKey.startsWith(FIGURES))
        figures.set(r.rowKey.slice(FIGURES.length), parseJson<ThemeMixes>(r.mixes) ?? {});
      else if (r.rowKey.startsWith(ACTION)) actions.push(fromActionEntity(r));
    }
    return { actions, figures };
  }

  async latestWeek(planId: string, week: string): Promise<string | undefined> {
    const rows = await listAll<{ rowKey: string }>(this.table, range(planId, FIGURES, `${FIGURES}${week}~`));
    return rows.at(-1)?.rowKey.slice(FIGURES.length);
  }

  async states(planId: string, week: string): Promise<Action[] | undefined> {
    return this.weeks.get(planId, week);
  }

  async put(planId: string, snapshot: WeekSnapshot): Promise<void> {
    if (snapshot.states) await this.weeks.put(planId, snapshot.week, snapshot.states);
    await this.table.upsertEntity(
      { partitionKey: planId, rowKey: `${FIGURES}${snapshot.week}`, mixes: JSON.stringify(snapshot.mixes) },
      'Replace',
    );
  }

  async historyBetween(planId: string, after: string | undefined, until: string): Promise<ActionUpdate[]> {
    const from = after ? `${TIMELINE}${after}~` : TIMELINE;
    return (await this.archive.range<UpdateEntity>(range(planId, from, `${TIMELINE}${until}~`))).map(fromUpdateEntity);
  }

  async listForPlan(planId: string, until?: string): Promise<ActionUpdate[]> {
    const to = until ? `${TIMELINE}${until}~` : 't}';
    return (await this.archive.range<UpdateEntity>(range(planId, TIMELINE, to))).map(fromUpdateEntity);
  }

  async archiveUntil(planId: string, until: string): Promise<number> {
    await this.keepLegacyStates(planId);
    type Row = UpdateEntity & { etag: string; at: string };
    return this.archive.move(planId, async () => {
      const timeline = await listAll<Row>(this.table, range(planId, TIMELINE, `${TIMELINE}${until}~`));
      const changes = await listAll<Row>(this.table, range(planId, HISTORY, 'h}'));
      return [...changes.filter((r) => r.at <= until), ...timeline];
    });
  }

  /** Week states an older version kept in the Ledger (`s|{week}|{REF}` rows) go to the Weeks table. */
  private async keepLegacyStates(planId: string): Promise<void> {
    const rows = await listAll<{ rowKey: string; state: string }>(this.table, range(planId, STATES, 's}'));
    const byWeek = new Map<string, Action[]>();
    for (const r of rows) {
      const week = r.rowKey.split('|')[1];
      byWeek.set(week, [...(byWeek.get(week) ?? []), JSON.parse(r.state) as Action]);
    }
    for (const [week, states] of byWeek)
      if (!(await this.weeks.get(planId, week))) await this.weeks.put(planId, week, states);
    for (let i = 0; i < rows.length; i += 100) {
      const tx = new TableTransaction();
      for (const r of rows.slice(i, i + 100)) tx.deleteEntity(planId, r.rowKey);
      await this.table.submitTransaction(tx.actions);
    }
  }
}
