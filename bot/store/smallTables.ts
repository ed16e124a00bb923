import type { TableClient } from '@azure/data-tables';
import type { ChaseCycle, Plan } from '../domain/types';
import {
  ConcurrencyConflict,
  type CycleRepository,
  type PlanRepository,
  type SettingsRepository,
  type Versioned,
} from '../domain/ports';
import { encodeKey, guarded, isStatus, listAll, toEntityProps } from './tables';

/** Plans: PartitionKey 'plan', RowKey = plan id. A handful of rows. */
export class PlanTable implements PlanRepository {
  constructor(private readonly table: TableClient) {}

  async list(): Promise<Plan[]> {
    return (await listAll<Plan & { rowKey: string }>(this.table, `PartitionKey eq 'plan'`)).map((e) => ({
      id: e.id,
      name: e.name,
      createdAt: e.createdAt,
      historyMovedUntil: e.historyMovedUntil,
    }));
  }

  async upsert(plan: Plan): Promise<void> {
    await this.table.upsertEntity(
      { partitionKey: 'plan', rowKey: encodeKey(plan.id), ...toEntityProps(plan) },
      'Replace',
    );
  }

  async markHistoryMoved(planId: string, week: string): Promise<void> {
    await this.table.upsertEntity(
      { partitionKey: 'plan', rowKey: encodeKey(planId), historyMovedUntil: week },
      'Merge',
    );
  }
}

/** Chase cycles: PartitionKey 'cycle', RowKey = cycle id (its London date, plus a suffix when started by hand). */
export class CycleTable implements CycleRepository {
  constructor(private readonly table: TableClient) {}

  async create(cycle: ChaseCycle): Promise<boolean> {
    try {
      await guarded(`Cycle ${cycle.id}`, () =>
        this.table.createEntity({ partitionKey: 'cycle', rowKey: encodeKey(cycle.id), ...toEntityProps(cycle) }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConcurrencyConflict) return false;
      throw e;
    }
  }

  async get(id: string): Promise<Versioned<ChaseCycle> | undefined> {
    try {
      const e = await this.table.getEntity<ChaseCycle>('cycle', encodeKey(id));
      return { value: pickCycle(e), etag: e.etag };
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
  }

  async list(): Promise<ChaseCycle[]> {
    return (await listAll<ChaseCycle>(this.table, `PartitionKey eq 'cycle'`)).map(pickCycle);
  }

  async replace(cycle: ChaseCycle, etag: string): Promise<string> {
    const r = await guarded(`Cycle ${cycle.id}`, () =>
      this.table.updateEntity(
        { partitionKey: 'cycle', rowKey: encodeKey(cycle.id), ...toEntityProps(cycle) },
        'Replace',
        { etag },
      ),
    );
    return r.etag ?? '';
  }
}

const pickCycle = (e: ChaseCycle): ChaseCycle => ({
  id: e.id,
  trigger: e.trigger,
  startedAt: e.startedAt,
  planned: e.planned,
  completedAt: e.completedAt,
});

/** Settings the bot learns at run time (e.g. the board channel): PartitionKey 'setting', RowKey = name. */
export class SettingsTable implements SettingsRepository {
  constructor(private readonly table: TableClient) {}

  async get(name: string): Promise<string | undefined> {
    try {
      return (await this.table.getEntity<{ value: string }>('setting', encodeKey(name))).value;
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
  }

  async set(name: string, value: string): Promise<void> {
    await this.table.upsertEntity({ partitionKey: 'setting', rowKey: encodeKey(name), value }, 'Replace');
  }

  async getVersioned(name: string): Promise<Versioned<string> | undefined> {
    try {
      const e = await this.table.getEntity<{ value: string }>('setting', encodeKey(name));
      return { value: e.value, etag: e.etag };
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
  }

  async replace(name: string, value: string, etag: string): Promise<string> {
    const r = await guarded(`Setting ${name}`, () =>
      this.table.updateEntity({ partitionKey: 'setting', rowKey: encodeKey(name), value }, 'Replace', { etag }),
    );
    return r.etag ?? '';
  }

  async listPrefix(prefix: string): Promise<{ name: string; value: string }[]> {
    const from = encodeKey(prefix);
    const to = from.slice(0, -1) + String.fromCharCode(from.charCodeAt(from.length - 1) + 1);
    const q = (s: string) => s.replace(/'/g, "''");
    // No prefix: every setting (a range to the character after '' would be empty).
    const rows = await listAll<{ rowKey: string; value: string }>(
      this.table,
      from === ''
        ? `PartitionKey eq 'setting'`
        : `PartitionKey eq 'setting' and RowKey ge '${q(from)}' and RowKey lt '${q(to)}'`,
    );
    return rows.map((r) => ({ name: decodeURIComponent(r.rowKey), value: r.value }));
  }

  async release(name: string): Promise<void> {
    try {
      await this.table.deleteEntity('setting', encodeKey(name));
    } catch (err) {
      if (!isStatus(err, 404)) throw err;
    }
  }

  async claim(name: string, value: string): Promise<boolean> {
    try {
      await guarded(`Setting ${name}`, () =>
        this.table.createEntity({ partitionKey: 'setting', rowKey: encodeKey(name), value }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConcurrencyConflict) return false;
      throw e;
    }
  }
}
