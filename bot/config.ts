import { z } from 'zod';
import { BoardBotError, ErrorCode } from './errors';
import { FLAG_DEFAULTS, type FlagSettings } from './domain/challengeFlags';
import { isLoopbackHost } from './loopback';
import { TEAMS_SERVICE_HOSTS } from './teams/serviceUrls';
import { BOARD_ID, type BoardConfig, WEEKDAYS, boardsOf, boardsSchema } from './boardsConfig';
import { teamsAppIdOf } from './teamsAppId';

const blankToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalText = z.preprocess(blankToUndefined, z.string().trim().optional());
const int = (min: number, max: number, fallback: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number()
      .int(`must be a whole number`)
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`)
      .default(fallback),
  );
/** true/false (any case: ARM's string() of a Bicep bool gives "True"), 1/0 or yes/no. */
const bool = (fallback: boolean) =>
  z
    .preprocess(
      (v) => {
        const b = blankToUndefined(v);
        return typeof b === 'string' ? b.trim().toLowerCase() : b;
      },
      z
        .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
        .default(fallback ? 'true' : 'false'),
    )
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Microsoft Graph's addresses in the public cloud, and the Bot Connector's global address for a first message. */
export const GRAPH_DEFAULTS = {
  baseUrl: 'https://graph.microsoft.com/v1.0',
  authorityHost: 'https://login.microsoftonline.com',
  serviceUrl: 'https://smba.trafficmanager.net/teams/',
  maxRetryAfterMs: 30_000,
} as const;
/** Years a plan's record is kept after its last change once nothing in it is open (and chase cycles after they started). */
export const RETENTION_YEARS_DEFAULT = 6;

/** Background job settings when none are given. */
export const JOB_DEFAULTS = { leaseMs: 30_000, pollMs: 2_000, chaseAgainAfterMinutes: 10 } as const;
/** An Application Insights connection string: `Key=value;` pairs with an InstrumentationKey GUID, endpoints as URLs. */
const appInsightsConnectionString = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .refine(
      (s) => /(^|;)\s*InstrumentationKey=[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\s*(;|$)/.test(s),
      "must contain InstrumentationKey=<the resource's GUID, lower case>",
    )
    .refine(
      (s) =>
        s
          .split(';')
          .map((p) => /^\s*(IngestionEndpoint|LiveEndpoint)=(.*)$/i.exec(p)?.[2])
          .every((u) => u === undefined || URL.canParse(u)),
      'must name its IngestionEndpoint and LiveEndpoint as URLs',
    )
    .optional(),
);

const envSchema = z
  .object({
    PORT: int(1, 65535, 3978),
    HOST: optionalText,
    STORAGE_CONNECTION_STRING: optionalText,
    STORAGE_ACCOUNT_URL: z.preprocess(
      blankToUndefined,
      z
        .url({ message: "must be the account's Table endpoint, e.g. https://myaccount.table.core.windows.net" })
        .refine((u) => u.startsWith('https://'), 'must be an https:// address')
        .optional(),
    ),
    AZURITE_PORT: int(1, 65535, 10002),
    AZURITE_LOCATION: z.preprocess(blankToUndefined, z.string().default('.data/azurite')),
    TABLE_PREFIX: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^[A-Za-z][A-Za-z0-9]{0,19}$/, 'must be a letter then up to 19 letters or digits')
        .default('board'),
    ),
    MicrosoftAppId: optionalText,
    MicrosoftAppPassword: optionalText,
    MicrosoftAppType: z.preprocess(
      blankToUndefined,
      z
        .enum(['SingleTenant', 'UserAssignedMSI'], {
          message:
            'must be SingleTenant or UserAssignedMSI (the bot serves its home tenant only; MultiTenant is not offered)',
        })
        .default('SingleTenant'),
    ),
    MicrosoftAppTenantId: optionalText,
    TAB_SSO_AUDIENCE: z.preprocess(blankToUndefined, z.string().default('')).transform((s) =>
      s
        .split(/[,;\s]+/)
        .map((x) => x.trim())
        .filter(Boolean),
    ),
    BOT_OPENID_METADATA_URL: z.preprocess(blankToUndefined, z.url({ message: 'must be a URL' }).optional()),
    /** The `iss` every inbound Bot Framework token must carry (the channel's); another cloud's for sovereign clouds. */
    BOT_TOKEN_ISSUER: z.preprocess(
      blankToUndefined,
      z.url({ message: 'must be a URL' }).default('https://api.botframework.com'),
    ),
    SERVICE_URL_HOSTS: z
      .preprocess(blankToUndefined, z.string().default(TEAMS_SERVICE_HOSTS.join(',')))
      .transform((s) =>
        s
          .split(/[,;\s]+/)
          .map((x) => x.trim().toLowerCase())
          .filter(Boolean),
      )
      .pipe(
        z
          .array(
            z
              .string()
              .regex(/^(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, 'must list host names, e.g. smba.trafficmanager.net'),
          )
          .min(1, 'must name at least one host'),
      ),
    INSTANCE_COUNT: int(1, 30, 1),
    RETENTION_YEARS: int(1, 50, RETENTION_YEARS_DEFAULT),
    SECRETARIAT: z.preprocess(blankToUndefined, z.string().default('')).transform((s) =>
      s
        .split(/[,;\s]+/)
        .map((x) => x.trim().toLowerCase())
        .filter(Boolean),
    ),
    BOARDS: z.preprocess(blankToUndefined, boardsSchema.optional()),
    BOARD: z.preprocess(blankToUndefined, z.string().regex(BOARD_ID, 'must be the id of a board in BOARDS').optional()),
    CHASE_DAY: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v) || undefined,
      z.enum(WEEKDAYS, { message: `must be one of ${WEEKDAYS.join(', ')}` }).default('monday'),
    ),
    CHASE_TIME: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM on the 24-hour clock, e.g. 09:00')
        .default('09:00'),
    ),
    CHASE_INTERVAL_WEEKS: int(1, 8, 1),
    SKIP_IF_REPLIED_WITHIN_DAYS: int(0, 60, 3),
    NUDGE_AFTER_WORKING_DAYS: int(1, 30, 2),
    ESCALATE_AFTER_WORKING_DAYS: int(1, 60, 5),
    DIGEST_DAY: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v) || undefined,
      z.enum(WEEKDAYS, { message: `must be one of ${WEEKDAYS.join(', ')}` }).default('friday'),
    ),
    DIGEST_TIME: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM on the 24-hour clock, e.g. 12:00')
        .default('12:00'),
    ),
    PUBLIC_URL: z.preprocess(
      blankToUndefined,
      z.url({ message: 'must be the https:// address the bot is reached at' }).optional(),
    ),
    EXPORT_LINK_SECRET: z.preprocess(blankToUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
    TENANT_RATE_PER_SECOND: int(1, 50, 50),
    FAULT_KILL_AT_WRITE: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).optional()),
    CHASE_CONCURRENCY: int(1, 64, 8),
    JOB_LEASE_MS: int(1_000, 600_000, JOB_DEFAULTS.leaseMs),
    JOB_POLL_MS: int(100, 60_000, JOB_DEFAULTS.pollMs),
    CHASE_AGAIN_AFTER_MINUTES: int(0, 1_440, JOB_DEFAULTS.chaseAgainAfterMinutes),
    OUTBOUND_HEADROOM_PERCENT: int(50, 100, 95),
    SEND_TIMEOUT_MS: int(1_000, 60_000, 7_000),
    CLAIM_LEASE_MS: int(0, 3_600_000, 60_000),
    INSTANCE_HEARTBEAT_MS: int(100, 60_000, 5_000),
    STOP_GRACE_MS: int(1_000, 60_000, 9_000),
    FLAG_STALE_WEEKS: int(1, 52, FLAG_DEFAULTS.staleWeeks),
    FLAG_STUCK_RED_WEEKS: int(1, 52, FLAG_DEFAULTS.stuckRedWeeks),
    FLAG_SLIPPING_DATES: int(1, 10, FLAG_DEFAULTS.slippingDates),
    FLAG_EVIDENCE_REQUIRED: bool(FLAG_DEFAULTS.evidenceRequired),
    SCHEDULER_ENABLED: bool(true),
    LOAD_DEMO_PLAN: bool(true),
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString,
    GRAPH_INSTALL_ENABLED: bool(false),
    TEAMS_CATALOG_APP_ID: optionalText,
    TEAMS_APP_ID: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .regex(/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i, "must be the Teams app's id (the manifest's id), a GUID")
        .optional(),
    ),
    GRAPH_CREDENTIAL: z.preprocess(
      blankToUndefined,
      z
        .enum(['client-secret', 'managed-identity'], { message: 'must be client-secret or managed-identity' })
        .optional(),
    ),
    GRAPH_MANAGED_IDENTITY_CLIENT_ID: optionalText,
    GRAPH_BASE_URL: z.preprocess(
      blankToUndefined,
      z
        .url({ message: 'must be an https:// URL' })
        .refine((u) => u.startsWith('https://'), 'must be an https:// URL')
        .default(GRAPH_DEFAULTS.baseUrl),
    ),
    GRAPH_AUTHORITY_HOST: z.preprocess(
      blankToUndefined,
      z
        .url({ message: 'must be an https:// URL' })
        .refine((u) => u.startsWith('https://'), 'must be an https:// URL')
        .default(GRAPH_DEFAULTS.authorityHost),
    ),
    TEAMS_SERVICE_URL: z.preprocess(
      blankToUndefined,
      z.url({ message: 'must be a URL' }).default(GRAPH_DEFAULTS.serviceUrl),
    ),
    GRAPH_MAX_RETRY_AFTER_SECONDS: int(0, 300, GRAPH_DEFAULTS.maxRetryAfterMs / 1000),
  })
  .superRefine((e, ctx) => {
    if (e.ESCALATE_AFTER_WORKING_DAYS <= e.NUDGE_AFTER_WORKING_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['ESCALATE_AFTER_WORKING_DAYS'],
        message: `must be greater than NUDGE_AFTER_WORKING_DAYS (${e.NUDGE_AFTER_WORKING_DAYS})`,
      });
    }
    if (e.MicrosoftAppId && !e.MicrosoftAppPassword && e.MicrosoftAppType !== 'UserAssignedMSI') {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppPassword'],
        message: 'is required when MicrosoftAppId is set (or set MicrosoftAppType=UserAssignedMSI)',
      });
    }
    if (e.MicrosoftAppId && !e.MicrosoftAppTenantId) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppTenantId'],
        message: 'is required: the home tenant, the only one whose activities and sign-ins are accepted',
      });
    }
    if (e.GRAPH_INSTALL_ENABLED) {
      const need = (name: keyof typeof e, why: string) => {
        if (!e[name])
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: `is required when GRAPH_INSTALL_ENABLED is on (${why})`,
          });
      };
      need('TEAMS_CATALOG_APP_ID', "the app's id in the organisation's Teams app catalogue");
      need('MicrosoftAppTenantId', 'the tenant whose users the app is installed for');
      if (graphCredentialOf(e) === 'client-secret') {
        need('MicrosoftAppId', 'the Entra app that signs in to Microsoft Graph');
        need('MicrosoftAppPassword', "that app's client secret (or set GRAPH_CREDENTIAL=managed-identity)");
      }
    }
    if (!e.MicrosoftAppId && e.HOST && !isLoopbackHost(e.HOST)) {
      ctx.addIssue({
        code: 'custom',
        path: ['HOST'],
        message:
          'must be a loopback address (127.0.0.1, ::1 or localhost) without app credentials: local mode has no authentication, so it listens only on this computer (set MicrosoftAppId to serve other hosts)',
      });
    }
    if (e.STORAGE_ACCOUNT_URL && e.STORAGE_CONNECTION_STRING) {
      ctx.addIssue({
        code: 'custom',
        path: ['STORAGE_ACCOUNT_URL'],
        message: 'and STORAGE_CONNECTION_STRING are both set: name the storage one way',
      });
    }
    if (e.INSTANCE_COUNT > 1 && !e.EXPORT_LINK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['EXPORT_LINK_SECRET'],
        message: `is required with INSTANCE_COUNT=${e.INSTANCE_COUNT}: every instance must sign and check export links with the same key`,
      });
    }
  });

/** How the bot signs in to Graph: as set, else the managed identity when the bot itself is one, else its client secret. */
const graphCredentialOf = (e: {
  GRAPH_CREDENTIAL?: 'client-secret' | 'managed-identity';
  MicrosoftAppType: string;
}): 'client-secret' | 'managed-identity' =>
  e.GRAPH_CREDENTIAL ?? (e.MicrosoftAppType === 'UserAssignedMSI' ? 'managed-identity' : 'client-secret');

/** Every environment variable the configuration reads (the docs' settings table and the infra check use it). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

/** Microsoft Entra ID's sign-in address in the public cloud. */
export const ENTRA_AUTHORITY = 'https://login.microsoftonline.com/';

/** How the tab pages check a Teams SSO token (Entra ID v2 access token for the bot's app). */
export interface TabSsoConfig {
  /** Accepted `aud` values: TAB_SSO_AUDIENCE, else api://{PUBLIC_URL host}/{app id}, and always the app id. */
  audiences: string[];
  /** The Entra sign-in address (public cloud): issuer {authority}{tenant}/v2.0, keys at {authority}{tenant}/discovery/v2.0/keys. */
  authority: string;
}

/** Every setting of the bot, read once from the environment and validated. */
export interface Config {
  port: number;
  host: string;
  storage: {
    connectionString?: string;
    /** The account's Table endpoint, reached with a Microsoft Entra token (managed identity): no key at all. */
    accountUrl?: string;
    azuritePort: number;
    azuriteLocation: string;
    tablePrefix: string;
    /** Fault tests only: the process kills itself (SIGKILL) just before its Nth write to an entity. */
    killAtWrite?: number;
  };
  credentials?: {
    appId: string;
    appPassword?: string;
    appType: 'SingleTenant' | 'UserAssignedMSI';
    /** The home tenant: the only one whose activities and tab sign-ins are accepted. */
    tenantId: string;
    /** Where the keys that sign Bot Framework tokens are published; Microsoft's public cloud when unset. */
    openIdMetadataUrl?: string;
    /** How the tab pages check Teams SSO tokens. */
    tabSso: TabSsoConfig;
  };
  /** The home tenant (MicrosoftAppTenantId): activities from any other are refused; unset in local mode, none are. */
  homeTenantId?: string;
  /** SECRETARIAT: the first secretariat (emails or Entra object ids), before any change made in Teams. */
  secretariat: string[];
  /** The boards this deployment serves (BOARDS); unset, one board on the settings above (see boardsIn). */
  boards?: BoardConfig[];
  /** BOARD: the board the command-line tools (import, chase, digest) work on; the first when unset. */
  cliBoard?: string;
  /**
   * What inbound activities must be: the token issuer (with credentials, on every path botbuilder
   * has, the emulator's included) and the service URL hosts the bot will post to. Defaults: INBOUND_DEFAULTS.
   */
  inbound?: { tokenIssuer: string; serviceUrlHosts: string[] };
  /** How many instances serve the bot (INSTANCE_COUNT); more than one needs EXPORT_LINK_SECRET. */
  instanceCount?: number;
  /** RETENTION_YEARS (default RETENTION_YEARS_DEFAULT): applied daily by bot/jobs/retention.ts. */
  retentionYears?: number;
  chase: {
    weekday: number;
    time: string;
    intervalWeeks: number;
    skipIfRepliedWithinDays: number;
    nudgeAfterWorkingDays: number;
    escalateAfterWorkingDays: number;
  };
  digest: { weekday: number; time: string };
  /** Where people reach the bot's HTTP routes (export links); the local address when unset. */
  publicUrl?: string;
  /** The Teams app's id (the manifest's `id`), for cards' deep links to its tabs; none in local mode. */
  teamsAppId?: string;
  /** Signs export links (EXPORT_LINK_SECRET, never the app password); random per process when unset (one instance only). */
  exportLinkSecret?: string;
  /** Outbound pace: requests per second for the app in the tenant (Teams allows 50), and owners prompted at once. */
  outbound: {
    tenantPerSecond: number;
    concurrency: number;
    /** The share of the tenant rate all instances together use (0.95: 5% headroom for timer and network jitter). */
    headroom: number;
    /** An HTTP attempt to Teams unanswered after this long is abandoned (a send then counts as "delivery unknown"). */
    sendTimeoutMs: number;
    /** A claim on a prompt is a lease renewed by its live sender; one not renewed for this long is a dead sender's. */
    claimLeaseMs: number;
    /** How often an instance says it is alive, so the live instances can split the tenant budget. */
    heartbeatMs: number;
    /** On SIGTERM, how long the bot waits for in-flight sends before exiting (App Service allows 10 s). */
    stopGraceMs: number;
  };
  /**
   * Background jobs: how long an instance's lease on a job lasts (another takes the job over once it
   * lapses), how often instances look for jobs, and how long after a chase a second one needs "again".
   */
  jobs?: { leaseMs: number; pollMs: number; chaseAgainAfterMinutes: number };
  schedulerEnabled: boolean;
  loadDemoPlan: boolean;
  /** The board's thresholds for challenge flags (stale, stuck Red, slipping) and whether it asks for evidence. */
  flags?: FlagSettings;
  /** Application Insights (APPLICATIONINSIGHTS_CONNECTION_STRING); unset: telemetry is off. */
  telemetry?: { connectionString: string };
  /** Installing the app for owners through Microsoft Graph (GRAPH_INSTALL_ENABLED); unset: off. */
  graph?: GraphConfig;
}

/** How the bot reaches owners who have no chat with it: Microsoft Graph installs the app for them. */
export interface GraphConfig {
  /** The app's id in the organisation's Teams app catalogue (not the manifest id). */
  catalogAppId: string;
  /** Microsoft Graph, with its version: https://graph.microsoft.com/v1.0 in the public cloud. */
  baseUrl: string;
  /** Where Entra ID issues tokens: https://login.microsoftonline.com in the public cloud. */
  authorityHost: string;
  tenantId: string;
  credential:
    | { kind: 'client-secret'; clientId: string; clientSecret: string }
    | { kind: 'managed-identity'; clientId?: string };
  /** The Bot Connector address for the first message into a chat Graph created. */
  serviceUrl: string;
  /** The longest Retry-After the bot waits for inside a chase; a longer one leaves the owner for the next tick. */
  maxRetryAfterMs: number;
  /** Extra certificate authority (PEM) to trust for the token and Graph endpoints: the tests' stand-in only, never from the environment. */
  trustedCa?: string;
}

/** The Bot Framework channel's token issuer in the public cloud, and Teams' service URL hosts. */
export const INBOUND_DEFAULTS: NonNullable<Config['inbound']> = {
  tokenIssuer: 'https://api.botframework.com',
  serviceUrlHosts: [...TEAMS_SERVICE_HOSTS],
};

/** The outbound settings' defaults, for configurations built in code (tests, benchmarks). */
export const OUTBOUND_DEFAULTS: Config['outbound'] = {
  tenantPerSecond: 50,
  concurrency: 8,
  headroom: 0.95,
  sendTimeoutMs: 7_000,
  claimLeaseMs: 60_000,
  heartbeatMs: 5_000,
  stopGraceMs: 9_000,
};

/** Settings whose values are secrets: a configuration error names them but never shows what they were set to. */
const isSecretName = (name: string): boolean => /PASSWORD|SECRET|CONNECTION/i.test(name);

/** Reads the configuration; a bad setting throws one error naming the variable and what is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? 'environment');
      const got = env[name];
      return `${name} ${i.message}${got !== undefined && !isSecretName(name) ? ` (got "${got}")` : ''}`;
    });
    throw new BoardBotError(ErrorCode.ConfigInvalid, `Configuration error: ${lines.join('; ')}`);
  }
  const e = parsed.data;
  const credentials = e.MicrosoftAppId
    ? {
        appId: e.MicrosoftAppId,
        appPassword: e.MicrosoftAppPassword,
        appType: e.MicrosoftAppType,
        tenantId: e.MicrosoftAppTenantId ?? '',
        openIdMetadataUrl: e.BOT_OPENID_METADATA_URL,
        tabSso: tabSsoOf(e.MicrosoftAppId, e.TAB_SSO_AUDIENCE, e.PUBLIC_URL),
      }
    : undefined;
  const flags = {
    staleWeeks: e.FLAG_STALE_WEEKS,
    stuckRedWeeks: e.FLAG_STUCK_RED_WEEKS,
    slippingDates: e.FLAG_SLIPPING_DATES,
    evidenceRequired: e.FLAG_EVIDENCE_REQUIRED,
  };
  const chase = { weekday: WEEKDAYS.indexOf(e.CHASE_DAY) + 1, time: e.CHASE_TIME };
  const digest = { weekday: WEEKDAYS.indexOf(e.DIGEST_DAY) + 1, time: e.DIGEST_TIME };
  let boards: BoardConfig[];
  try {
    boards = boardsOf(e.BOARDS, { tablePrefix: e.TABLE_PREFIX, secretariat: e.SECRETARIAT, chase, digest, flags });
  } catch (err) {
    throw new BoardBotError(ErrorCode.ConfigInvalid, `Configuration error: ${(err as Error).message}`);
  }
  return {
    port: e.PORT,
    host: e.HOST ?? (credentials ? '0.0.0.0' : '127.0.0.1'),
    storage: {
      connectionString: e.STORAGE_CONNECTION_STRING,
      accountUrl: e.STORAGE_ACCOUNT_URL,
      azuritePort: e.AZURITE_PORT,
      azuriteLocation: e.AZURITE_LOCATION,
      tablePrefix: e.TABLE_PREFIX,
      killAtWrite: e.FAULT_KILL_AT_WRITE,
    },
    credentials,
    homeTenantId: e.MicrosoftAppTenantId,
    secretariat: e.SECRETARIAT,
    boards,
    cliBoard: e.BOARD,
    inbound: { tokenIssuer: e.BOT_TOKEN_ISSUER, serviceUrlHosts: e.SERVICE_URL_HOSTS },
    instanceCount: e.INSTANCE_COUNT,
    retentionYears: e.RETENTION_YEARS,
    chase: {
      ...chase,
      intervalWeeks: e.CHASE_INTERVAL_WEEKS,
      skipIfRepliedWithinDays: e.SKIP_IF_REPLIED_WITHIN_DAYS,
      nudgeAfterWorkingDays: e.NUDGE_AFTER_WORKING_DAYS,
      escalateAfterWorkingDays: e.ESCALATE_AFTER_WORKING_DAYS,
    },
    digest,
    publicUrl: e.PUBLIC_URL,
    teamsAppId: e.MicrosoftAppId ? teamsAppIdOf(e.MicrosoftAppId, e.TEAMS_APP_ID) : e.TEAMS_APP_ID?.toLowerCase(),
    exportLinkSecret: e.EXPORT_LINK_SECRET,
    outbound: {
      tenantPerSecond: e.TENANT_RATE_PER_SECOND,
      concurrency: e.CHASE_CONCURRENCY,
      headroom: e.OUTBOUND_HEADROOM_PERCENT / 100,
      sendTimeoutMs: e.SEND_TIMEOUT_MS,
      claimLeaseMs: e.CLAIM_LEASE_MS,
      heartbeatMs: e.INSTANCE_HEARTBEAT_MS,
      stopGraceMs: e.STOP_GRACE_MS,
    },
    jobs: { leaseMs: e.JOB_LEASE_MS, pollMs: e.JOB_POLL_MS, chaseAgainAfterMinutes: e.CHASE_AGAIN_AFTER_MINUTES },
    schedulerEnabled: e.SCHEDULER_ENABLED,
    loadDemoPlan: e.LOAD_DEMO_PLAN,
    flags,
    telemetry: e.APPLICATIONINSIGHTS_CONNECTION_STRING
      ? { connectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING }
      : undefined,
    graph: e.GRAPH_INSTALL_ENABLED
      ? {
          catalogAppId: e.TEAMS_CATALOG_APP_ID as string,
          baseUrl: e.GRAPH_BASE_URL.replace(/\/+$/, ''),
          authorityHost: e.GRAPH_AUTHORITY_HOST.replace(/\/+$/, ''),
          tenantId: e.MicrosoftAppTenantId as string,
          credential:
            graphCredentialOf(e) === 'managed-identity'
              ? {
                  kind: 'managed-identity',
                  clientId:
                    e.GRAPH_MANAGED_IDENTITY_CLIENT_ID ??
                    (e.MicrosoftAppType === 'UserAssignedMSI' ? e.MicrosoftAppId : undefined),
                }
              : {
                  kind: 'client-secret',
                  clientId: e.MicrosoftAppId as string,
                  clientSecret: e.MicrosoftAppPassword as string,
                },
          serviceUrl: e.TEAMS_SERVICE_URL,
          maxRetryAfterMs: e.GRAPH_MAX_RETRY_AFTER_SECONDS * 1000,
        }
      : undefined,
  };
}

/**
 * Just the Application Insights connection string, valid or undefined; read before anything else
 * loads (telemetry must start first). An invalid one is reported by loadConfig, which stops the bot.
 */
export function telemetryConnectionString(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const parsed = appInsightsConnectionString.safeParse(env.APPLICATIONINSIGHTS_CONNECTION_STRING);
  return parsed.success ? parsed.data : undefined;
}

/** The tab's SSO audiences: as configured, else the manifest's webApplicationInfo.resource (api://{host}/{app id}); v2 tokens carry the app id itself. */
function tabSsoOf(appId: string, audiences: string[], publicUrl?: string): TabSsoConfig {
  const derived = audiences.length ? audiences : publicUrl ? [`api://${new URL(publicUrl).host}/${appId}`] : [];
  return { audiences: [...new Set([...derived, appId])], authority: ENTRA_AUTHORITY };
}

/**
 * The secret values in the environment (app password, export-link key, storage account key or SAS),
 * for the logger to keep out of every line. Read from the raw environment: a log line may be written
 * before the configuration is validated.
 */
export function secretsIn(env: NodeJS.ProcessEnv = process.env): string[] {
  const storage = env.STORAGE_CONNECTION_STRING ?? '';
  const fromStorage = [...storage.matchAll(/(?:AccountKey|SharedAccessSignature)=([^;]+)/gi)].map((m) => m[1]);
  return [env.MicrosoftAppPassword, env.EXPORT_LINK_SECRET, ...fromStorage]
    .map((s) => s?.trim())
    .filter((s): s is string => Boolean(s));
}
