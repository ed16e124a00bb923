import { type TableClient, TableTransaction } from '@azure/data-tables';
import { ConcurrencyConflict, type PersonalDataRepository } from '../domain/ports';
import { type Person, type Pseudonym, pseudonymised } from '../domain/personalData';
import { encodeKey, guarded, isStatus, listAll, parseJson, pk } from './tables';
import { forgetPointers, ownersNaming } from './standInIndex';
import { WeekStates } from './weekStates';

/** Operations per entity group transaction (Azure's limit). */
const BATCH = 100;
/** Attempts at one plan's rewrite when a commit lands between the read and the write. */
const ATTEMPTS = 5;

type Entity = Record<string, unknown> & { partitionKey: string; rowKey: string; etag: string };

/** The entity with the person replaced in every string property (JSON-valued ones included); undefined when nothing named them. */
function rewritten(e: Entity, person: Person, as: Pseudonym): Entity | undefined {
  const { etag: _etag, timestamp: _ts, ...props } = e as Entity & { timestamp?: unknown };
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    if (typeof v === 'string' && k !== 'partitionKey' && k !== 'rowKey') {
      const next = pseudonymised(v, person, as);
      if (next !== v) changed = true;
      out[k] = next;
    } else out[k] = v;
  }
  return changed ? ({ ...out, etag: e.etag } as Entity) : undefined;
}

/** Writes entity group transactions of at most 100 operations built by `add`. */
async function inBatches<T>(client: TableClient, items: T[], add: (tx: TableTransaction, item: T) => void) {
  for (let i = 0; i < items.length; i += BATCH) {
    const tx = new TableTransaction();
    for (const item of items.slice(i, i + BATCH)) add(tx, item);
    await client.submitTransaction(tx.actions);
  }
}

/**
 * Erasure and retention over the bot's tables. History rows are insert-only everywhere else
 * (docs/storage.md); an erasure is the one deliberate rewrite of them, and retention the one delete.
 */
export class PersonalDataTable implements PersonalDataRepository {
  constructor(
    private readonly t: {
      Ledger: TableClient;
      History: TableClient;
      Weeks: TableClient;
      Plans: TableClient;
      Owners: TableClient;
      Prompts: TableClient;
      Cycles: TableClient;
      Settings: TableClient;
      /** The settings every board of the deployment shares (team rosters, welcomes); may be Settings itself. */
      Shared: TableClient;
    },
  ) {}

  async pseudonymisePlan(planId: string, person: Person, as: Pseudonym): Promise<number> {
    // The Ledger before the History table, as history is read: a row moved meanwhile is rewritten where it went.
    const rows =
      (await this.rewriteIn(this.t.Ledger, planId, person, as)) +
      (await this.rewriteIn(this.t.History, planId, person, as));
    // The plan's kept week states are derived from its history: they go, and are rebuilt from it when asked for.
    await new WeekStates(this.t.Weeks).forget(planId);
    return rows;
  }

  /** Rewrites the plan's rows of one table that name the person; how many. */
  private async rewriteIn(table: TableClient, planId: string, person: Person, as: Pseudonym): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const rows = (await listAll<Entity>(table, pk(planId)))
        .map((e) => rewritten(e, person, as))
        .filter((e): e is Entity => e !== undefined);
      try {
        await guarded(`erasure in ${planId}`, () =>
          inBatches(table, rows, (tx, e) => {
            const { etag, ...entity } = e;
            tx.updateEntity(entity, 'Replace', { etag });
          }),
        );
        return rows.length;
      } catch (e) {
        // A commit landed, or a row moved to the History table, meanwhile: read again.
        if (attempt >= ATTEMPTS || !(e instanceof ConcurrencyConflict || isStatus(e, 404))) throw e;
      }
    }
  }

  async pseudonymiseOutsideLedger(person: Person, as: Pseudonym): Promise<number> {
    let changed = 0;
    const email = person.email.toLowerCase();
    // Owners: the person's row and the row mapping their Entra object id back to it go.
    const owner = await this.t.Owners.getEntity<{ aadObjectId?: string; delegate?: string; away?: string }>(
      'owner',
      encodeKey(email),
    ).catch((e) => {
      if (isStatus(e, 404)) return undefined;
      throw e;
    });
    // Owners who named them delegate or cover name the pseudonym instead.
    for (const named of await ownersNaming(this.t.Owners, email)) {
      const row = await this.t.Owners.getEntity<Entity>('owner', encodeKey(named)).catch((e) => {
        if (isStatus(e, 404)) return undefined;
        throw e;
      });
      const next = row && rewritten(row, person, as);
      if (next) {
        const { etag, ...entity } = next;
        await this.t.Owners.updateEntity(entity, 'Replace', { etag });
        changed++;
      }
    }
    // Who they named delegate or cover stops pointing to them; the row pointing to whoever named them goes.
    changed += await forgetPointers(this.t.Owners, {
      email,
      delegate: parseJson(owner?.delegate),
      away: parseJson(owner?.away),
    });
    if (owner?.aadObjectId) changed += await this.deleteIfThere(this.t.Owners, 'aad', encodeKey(owner.aadObjectId));
    changed += await this.deleteIfThere(this.t.Owners, 'owner', encodeKey(email));
    // Their kept changes of reachability (RowKey email|instant) go too.
    const from = `${encodeKey(email)}|`.replace(/'/g, "''");
    const reach = await listAll<Entity>(
      this.t.Owners,
      `PartitionKey eq 'reach' and RowKey ge '${from}' and RowKey lt '${from}~'`,
    );
    await inBatches(this.t.Owners, reach, (tx, e) => tx.deleteEntity(e.partitionKey, e.rowKey));
    changed += reach.length;
    // Prompts are keyed by email: each becomes the pseudonym's row in the same cycle (one transaction per cycle).
    const prompts = await listAll<Entity>(this.t.Prompts, `RowKey eq '${encodeKey(email).replace(/'/g, "''")}'`);
    for (const p of prompts) {
      const { etag: _etag, timestamp: _ts, ...entity } = p as Entity & { timestamp?: unknown };
      const tx = new TableTransaction();
      tx.createEntity({ ...entity, rowKey: encodeKey(as.email), ownerEmail: as.email });
      tx.deleteEntity(p.partitionKey, p.rowKey);
      await this.t.Prompts.submitTransaction(tx.actions);
      changed++;
    }
    // Settings: rows named after the person, by email or by Entra object id (their welcome claim, their
    // board choice, their row of a team's roster), go; values that name them are rewritten.
    const keys = [email, owner?.aadObjectId?.toLowerCase()].filter((k): k is string => Boolean(k));
    for (const table of new Set([this.t.Settings, this.t.Shared]))
      for (const s of await listAll<Entity>(table)) {
        const key = decodeURIComponent(s.rowKey).toLowerCase();
        if (keys.some((k) => key.includes(k))) changed += await this.deleteIfThere(table, s.partitionKey, s.rowKey);
        else {
          const next = rewritten(s, person, as);
          if (next) {
            const { etag, ...entity } = next;
            await table.updateEntity(entity, 'Replace', { etag });
            changed++;
          }
        }
      }
    return changed;
  }

  async deletePlan(planId: string): Promise<number> {
    let rows = 0;
    for (const table of [this.t.Ledger, this.t.History]) {
      const found = await listAll<Entity>(table, pk(planId));
      await inBatches(table, found, (tx, e) => tx.deleteEntity(e.partitionKey, e.rowKey));
      rows += found.length;
    }
    rows += await new WeekStates(this.t.Weeks).forget(planId);
    await this.deleteIfThere(this.t.Plans, 'plan', encodeKey(planId));
    return rows;
  }

  async deleteCyclesBefore(before: string): Promise<number> {
    const cycles = (await listAll<Entity & { startedAt?: string }>(this.t.Cycles, `PartitionKey eq 'cycle'`)).filter(
      (c) => typeof c.startedAt === 'string' && c.startedAt < before,
    );
    for (const c of cycles) {
      const prompts = await listAll<Entity>(this.t.Prompts, pk(decodeURIComponent(c.rowKey)));
      await inBatches(this.t.Prompts, prompts, (tx, e) => tx.deleteEntity(e.partitionKey, e.rowKey));
      await this.deleteIfThere(this.t.Cycles, c.partitionKey, c.rowKey);
    }
    return cycles.length;
  }

  private async deleteIfThere(client: TableClient, partitionKey: string, rowKey: string): Promise<number> {
    try {
      await client.deleteEntity(partitionKey, rowKey);
      return 1;
    } catch (e) {
      if (isStatus(e, 404)) return 0;
      throw e;
    }
  }
}
