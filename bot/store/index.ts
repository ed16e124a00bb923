import type { BoardStore } from '../domain/ports';
import { ActionLedger } from './actionLedger';
import { ImportJournalTable } from './importJournalTable';
import { JobTable } from './jobTable';
import { OwnerTable } from './ownerTable';
import { PersonalDataTable } from './personalDataTable';
import { PromptTable } from './promptTable';
import { CycleTable, PlanTable, SettingsTable } from './smallTables';
import { type StorageTarget, type StoreOptions, openTables } from './tables';
import { TurnTable } from './turnTable';

/** The bot's storage in Azure Table storage (or Azurite): the only user of @azure/data-tables. */
export async function openTableStore(
  connectionString: StorageTarget,
  prefix: string,
  options: StoreOptions = {},
): Promise<BoardStore> {
  const t = await openTables(connectionString, prefix, options);
  const plans = new PlanTable(t.Plans);
  const ledger = new ActionLedger(t.Ledger, async () => (await plans.list()).map((p) => p.id));
  const owners = new OwnerTable(t.Owners);
  // Rows from an older version are brought up to date (nothing to write once done).
  await owners.upgradeRows();
  return {
    plans,
    actions: ledger,
    updates: ledger,
    snapshots: ledger,
    owners,
    prompts: new PromptTable(t.Prompts),
    cycles: new CycleTable(t.Cycles),
    settings: new SettingsTable(t.Settings),
    imports: new ImportJournalTable(t.Settings),
    turns: new TurnTable(t.Turns),
    jobs: new JobTable(t.Jobs),
    personalData: new PersonalDataTable(t),
    ping: async () => {
      const pages = t.Settings.listEntities({
        queryOptions: { filter: `PartitionKey eq 'ping'` },
        abortSignal: AbortSignal.timeout(3000),
      }).byPage({ maxPageSize: 1 });
      await pages.next();
    },
  };
}
export type { StorageTarget } from './tables';
