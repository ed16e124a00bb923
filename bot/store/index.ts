import type { TableClient } from '@azure/data-tables';
import type { BoardStore } from '../domain/ports';
import { ActionLedger } from './actionLedger';
import { ImportJournalTable } from './importJournalTable';
import { JobTable } from './jobTable';
import { OwnerTable } from './ownerTable';
import { PersonalDataTable } from './personalDataTable';
import { PromptTable } from './promptTable';
import { CycleTable, PlanTable, SettingsTable } from './smallTables';
import { BOARD_TABLE_NAMES, type StorageTarget, type StoreOptions, type Tables, openTables } from './tables';
import { TurnTable } from './turnTable';
import { UploadTable } from './uploadTable';

/** The tables every board of a deployment shares: people, inbound turns, and the deployment's settings. */
type SharedTables = Pick<Tables, 'Owners' | 'Turns' | 'Settings'>;
type BoardTables = Pick<Tables, (typeof BOARD_TABLE_NAMES)[number]>;

/** The repositories over the shared tables, made once so that every board's store uses the same ones. */
const sharedOf = (t: SharedTables) => ({
  owners: new OwnerTable(t.Owners),
  turns: new TurnTable(t.Turns),
  shared: new SettingsTable(t.Settings),
  tables: t,
});

function storeOf(t: BoardTables, s: ReturnType<typeof sharedOf>): BoardStore {
  const plans = new PlanTable(t.Plans);
  const ledger = new ActionLedger(t, async () => (await plans.list()).map((p) => p.id));
  const settings = t.Settings === s.tables.Settings ? s.shared : new SettingsTable(t.Settings);
  return {
    plans,
    actions: ledger,
    updates: ledger,
    snapshots: ledger,
    owners: s.owners,
    prompts: new PromptTable(t.Prompts),
    cycles: new CycleTable(t.Cycles),
    settings,
    shared: s.shared,
    imports: new ImportJournalTable(t.Settings),
    uploads: new UploadTable(t.Settings),
    turns: s.turns,
    jobs: new JobTable(t.Jobs),
    personalData: new PersonalDataTable({ ...t, Owners: s.tables.Owners, Shared: s.tables.Settings }),
    ping: () => ping(s.tables.Settings),
  };
}

async function ping(settings: TableClient): Promise<void> {
  const pages = settings
    .listEntities({ queryOptions: { filter: `PartitionKey eq 'ping'` }, abortSignal: AbortSignal.timeout(3000) })
    .byPage({ maxPageSize: 1 });
  await pages.next();
}

/** The bot's storage in Azure Table storage (or Azurite): the only user of @azure/data-tables. One board's tables. */
export async function openTableStore(
  connectionString: StorageTarget,
  prefix: string,
  options: StoreOptions = {},
): Promise<BoardStore> {
  const t = await openTables(connectionString, prefix, options);
  const shared = sharedOf(t);
  // Rows from an older version are brought up to date (nothing to write once done).
  await shared.owners.upgradeRows();
  return storeOf(t, shared);
}

/**
 * A deployment of several boards: the shared tables under `prefix`, each board's own under its
 * prefix (a board whose prefix is the deployment's uses the deployment's tables, as a single board does).
 * The stores come back in the order of `boardPrefixes`.
 */
export async function openBoardStores(
  connectionString: StorageTarget,
  prefix: string,
  boardPrefixes: readonly string[],
  options: StoreOptions = {},
): Promise<BoardStore[]> {
  if (boardPrefixes.length === 1 && boardPrefixes[0] === prefix)
    return [await openTableStore(connectionString, prefix, options)];
  const shared = sharedOf(await openTables(connectionString, prefix, options, ['Owners', 'Turns', 'Settings']));
  await shared.owners.upgradeRows();
  return Promise.all(
    boardPrefixes.map(async (p) =>
      storeOf(
        p === prefix
          ? { ...(await openTables(connectionString, p, options, BOARD_TABLE_NAMES)), Settings: shared.tables.Settings }
          : await openTables(connectionString, p, options, BOARD_TABLE_NAMES),
        shared,
      ),
    ),
  );
}
export type { StorageTarget } from './tables';
