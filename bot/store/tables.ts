import { RestError, TableClient, TableServiceClient } from '@azure/data-tables';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { DefaultAzureCredential } from '@azure/identity';
import { ConcurrencyConflict } from '../domain/ports';

export const TABLE_NAMES = [
  'Plans',
  'Ledger',
  'History',
  'Weeks',
  'Owners',
  'Prompts',
  'Cycles',
  'Settings',
  'Turns',
  'Jobs',
] as const;
/** The tables each board has of its own; the others (people, turns, shared settings) serve every board. */
export const BOARD_TABLE_NAMES = [
  'Plans',
  'Ledger',
  'History',
  'Weeks',
  'Prompts',
  'Cycles',
  'Settings',
  'Jobs',
] as const;
/** One TableClient per table of the bot. */
export type Tables = Record<(typeof TABLE_NAMES)[number], TableClient>;

const insecure = (connectionString: string): boolean =>
  /TableEndpoint=http:|UseDevelopmentStorage=true/i.test(connectionString);

/** How the store is opened: fault tests can make the process die just before its Nth write to an entity. */
export interface StoreOptions {
  killAtWrite?: number;
}

/**
 * A pipeline policy that kills this process (SIGKILL, as a power cut would) just before its Nth write
 * to an entity (creating tables does not count), so a test can crash it between any two writes.
 */
function killAtWritePolicy(n: number): PipelinePolicy {
  const writes = { count: 0 };
  return {
    name: 'faultKillAtWrite',
    sendRequest: async (request, next) => {
      const isTableCreate = /\/Tables(\(|\?|$)/.test(new URL(request.url).pathname);
      if (request.method !== 'GET' && !isTableCreate && ++writes.count === n) process.kill(process.pid, 'SIGKILL');
      return next(request);
    },
  };
}

/**
 * Where the tables are: a connection string (the embedded Azurite, tests, an account key), or an
 * account's Table endpoint reached with a Microsoft Entra token (the web app's managed identity in
 * Azure, `az login` on a developer's machine), so that the account can refuse shared keys.
 */
export type StorageTarget = string | { accountUrl: string };

let credential: DefaultAzureCredential | undefined;

export function tableClient(target: StorageTarget, name: string, policy?: PipelinePolicy): TableClient {
  const options = { additionalPolicies: policy ? [{ policy, position: 'perCall' as const }] : undefined };
  if (typeof target !== 'string') {
    credential ??= new DefaultAzureCredential();
    return new TableClient(target.accountUrl, name, credential, options);
  }
  return TableClient.fromConnectionString(target, name, { ...options, allowInsecureConnection: insecure(target) });
}

/** Opens (and creates when missing) every table, names prefixed so several boards can share an account. */
export async function openTables<N extends (typeof TABLE_NAMES)[number] = (typeof TABLE_NAMES)[number]>(
  connectionString: StorageTarget,
  prefix: string,
  options: StoreOptions = {},
  names: readonly N[] = TABLE_NAMES as unknown as readonly N[], // N defaults to every name
): Promise<Record<N, TableClient>> {
  const policy = options.killAtWrite ? killAtWritePolicy(options.killAtWrite) : undefined;
  const entries = await Promise.all(
    names.map(async (n) => {
      const client = tableClient(connectionString, `${prefix}${n}`, policy);
      await client.createTable();
      return [n, client] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<N, TableClient>;
}

export function serviceClient(connectionString: string): TableServiceClient {
  return TableServiceClient.fromConnectionString(connectionString, {
    allowInsecureConnection: insecure(connectionString),
  });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what Table storage keys forbid
const FORBIDDEN = /[/\\#?%\u0000-\u001f\u007f-\u009f]/g;

/** Makes any text safe as a PartitionKey or RowKey (which forbid / \ # ? and control characters). */
export function encodeKey(text: string): string {
  return text.replace(FORBIDDEN, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export const isStatus = (e: unknown, ...codes: number[]): boolean =>
  e instanceof RestError && codes.includes(e.statusCode ?? 0);

/** Runs a conditional write; a 412 (ETag moved on) or 409 (already exists) becomes ConcurrencyConflict. */
export async function guarded<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (isStatus(e, 409, 412)) throw new ConcurrencyConflict(what);
    throw e;
  }
}

/** Drops undefined properties and turns objects into JSON text, as Table storage wants. */
export function toEntityProps(value: object): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue;
    out[k] = typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean);
  }
  return out;
}

export const parseJson = <T>(text: unknown): T | undefined =>
  typeof text === 'string' && text.length > 0 ? (JSON.parse(text) as T) : undefined;

export const pk = (value: string): string => `PartitionKey eq '${value.replace(/'/g, "''")}'`;

export async function listAll<T extends object>(
  client: TableClient,
  filter?: string,
): Promise<(T & { etag: string })[]> {
  const out: (T & { etag: string })[] = [];
  for await (const e of client.listEntities<T>({ queryOptions: { filter } })) out.push(e as T & { etag: string });
  return out;
}
