/**
 * Offline check of infra/main.bicep and infra/main.parameters.json.
 *
 * There is no Bicep compiler on these machines (no binary in npm or Debian; `az bicep install`
 * downloads one). So this reads the Bicep text with a small lexer (strings, `${}` interpolation,
 * comments) and checks what can be checked without a compiler: that every environment variable
 * the bot's configuration reads (CONFIG_VARIABLES in bot/config.ts) is set by the template or deliberately left to the
 * platform, that secrets only reach the app through Key Vault references, the runtime, health check,
 * bot endpoint, Teams channel, parameters, and that the app settings the template produces pass the
 * bot's own `loadConfig`. What it cannot check (types, property names, API versions against Azure's
 * schemas, what ARM does at deploy time) is listed in infra/README.md.
 *
 * When the npm packages `web-tree-sitter` and `tree-sitter-bicep` are installed (both ship WebAssembly,
 * nothing is downloaded), the template is also parsed with the tree-sitter Bicep grammar; otherwise
 * that one test is skipped.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createServer } from 'node:net';
import { startApp } from '../../bot/app';
import { CONFIG_VARIABLES, loadConfig } from '../../bot/config';
import { silentLogger } from '../../bot/log';
import { serviceClient, TABLE_NAMES } from '../../bot/store/tables';
import { freshPrefix, testConnectionString } from '../support/storage';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (rel: string): string => readFileSync(path.join(ROOT, rel), 'utf8');

// ------------------------------------------------------------------ a small Bicep lexer

interface Scanned {
  /** Comments blanked (newlines kept); strings as written. */
  noComments: string;
  /** Comments and the literal characters of strings blanked; quotes and `${...}` expressions kept. */
  skeleton: string;
  problems: string[];
}

const PAIRS: Record<string, string> = { '{': '}', '[': ']', '(': ')' };

/** Scans Bicep text: strings ('...' with \ escapes and ${} interpolation, '''...''' verbatim), comments, brackets. */
function scanBicep(src: string): Scanned {
  const noc = src.split('');
  const skel = src.split('');
  const problems: string[] = [];
  const stack: { ch: string; at: number }[] = [];
  const lineOf = (i: number): number => src.slice(0, i).split('\n').length;
  const blank = (arr: string[], from: number, to: number): void => {
    for (let k = from; k < to; k++) if (arr[k] !== '\n') arr[k] = ' ';
  };
  let inString = false;
  let stringStart = 0;
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (inString) {
      if (c === '\\') {
        blank(skel, i, i + 2);
        i += 2;
        continue;
      }
      if (c === "'") {
        inString = false;
        i++;
        continue;
      }
      if (c === '$' && src[i + 1] === '{') {
        stack.push({ ch: '${', at: i });
        inString = false;
        i += 2;
        continue;
      }
      if (c === '\n') problems.push(`line ${lineOf(stringStart)}: string not closed on its line`);
      blank(skel, i, i + 1);
      i++;
      continue;
    }
    if (src.startsWith('//', i)) {
      const end = src.indexOf('\n', i);
      const stop = end < 0 ? src.length : end;
      blank(noc, i, stop);
      blank(skel, i, stop);
      i = stop;
      continue;
    }
    if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) {
        problems.push(`line ${lineOf(i)}: comment not closed`);
        break;
      }
      blank(noc, i, end + 2);
      blank(skel, i, end + 2);
      i = end + 2;
      continue;
    }
    if (src.startsWith("'''", i)) {
      const end = src.indexOf("'''", i + 3);
      if (end < 0) {
        problems.push(`line ${lineOf(i)}: ''' string not closed`);
        break;
      }
      blank(skel, i + 3, end);
      i = end + 3;
      continue;
    }
    if (c === "'") {
      inString = true;
      stringStart = i;
      i++;
      continue;
    }
    if (c in PAIRS) stack.push({ ch: c, at: i });
    else if (c === '}' || c === ']' || c === ')') {
      const top = stack.pop();
      if (!top) problems.push(`line ${lineOf(i)}: '${c}' closes nothing`);
      else if (top.ch === '${') {
        if (c !== '}')
          problems.push(`line ${lineOf(i)}: '${c}' closes an interpolation opened on line ${lineOf(top.at)}`);
        inString = true;
      } else if (PAIRS[top.ch] !== c)
        problems.push(`line ${lineOf(i)}: '${c}' closes '${top.ch}' from line ${lineOf(top.at)}`);
    }
    i++;
  }
  if (inString) problems.push(`line ${lineOf(stringStart)}: string not closed`);
  for (const open of stack) problems.push(`line ${lineOf(open.at)}: '${open.ch}' never closed`);
  return { noComments: noc.join(''), skeleton: skel.join(''), problems };
}

interface Entry {
  key: string;
  /** The value's text, comments removed and trimmed. */
  text: string;
  /** Index in the file where the value starts. */
  start: number;
}

interface Param {
  name: string;
  type: string;
  defaultText?: string;
  decorators: string[];
  secure: boolean;
  line: number;
}

interface Resource {
  symbol: string;
  type: string;
  apiVersion: string;
  open: number;
  close: number;
}

class BicepFile {
  readonly src: string;
  readonly scan: Scanned;
  constructor(readonly rel: string) {
    this.src = read(rel);
    this.scan = scanBicep(this.src);
  }

  /** Index of the bracket closing the one at `open` (strings and comments ignored). */
  closeOf(open: number): number {
    const s = this.scan.skeleton;
    let depth = 0;
    for (let i = open; i < s.length; i++) {
      if (s[i] === '{' || s[i] === '[' || s[i] === '(') depth++;
      else if (s[i] === '}' || s[i] === ']' || s[i] === ')') {
        depth--;
        if (depth === 0) return i;
      }
    }
    throw new Error(`${this.rel}: bracket at ${open} is never closed`);
  }

  /** The `key: value` entries directly inside the object whose `{` is at `open`. */
  entries(open: number): Map<string, Entry> {
    const close = this.closeOf(open);
    const s = this.scan.skeleton;
    const out = new Map<string, Entry>();
    let depth = 0;
    let start = open + 1;
    const add = (from: number, to: number): void => {
      const text = this.scan.noComments.slice(from, to);
      const m = /^(\s*)([A-Za-z_][A-Za-z0-9_]*|'[^']*')\s*:\s*/.exec(text);
      if (!m) return;
      const key = m[2].replace(/^'|'$/g, '');
      out.set(key, { key, text: text.slice(m[0].length).trim(), start: from + m[0].length });
    };
    for (let i = open + 1; i < close; i++) {
      const c = s[i];
      if (c === '{' || c === '[' || c === '(') depth++;
      else if (c === '}' || c === ']' || c === ')') depth--;
      else if (c === '\n' && depth === 0) {
        add(start, i);
        start = i + 1;
      }
    }
    add(start, close);
    return out;
  }

  /** Follows `a.b.c` through nested objects from the object at `open`. */
  get(open: number, dotted: string): Entry | undefined {
    let at = open;
    let found: Entry | undefined;
    for (const key of dotted.split('.')) {
      if (found) {
        if (!found.text.startsWith('{')) return undefined;
        at = found.start;
      }
      found = this.entries(at).get(key);
      if (!found) return undefined;
    }
    return found;
  }

  params(): Param[] {
    const lines = this.scan.noComments.split('\n');
    const out: Param[] = [];
    lines.forEach((line, idx) => {
      const m = /^param\s+([A-Za-z_]\w*)\s+([A-Za-z_]\w*(?:\[\])?)\s*(?:=\s*(.+?))?\s*$/.exec(line);
      if (!m) return;
      const decorators: string[] = [];
      let k = idx - 1;
      // Decorators sit directly above; multi-line ones (@allowed([ ... ])) are gathered whole.
      let buffer: string[] = [];
      while (
        k >= 0 &&
        lines[k].trim() !== '' &&
        !/^(param|var|resource|output|module|targetScope|type|func|import)\b/.test(lines[k].trim())
      ) {
        buffer.unshift(lines[k].trim());
        if (lines[k].trim().startsWith('@')) {
          decorators.unshift(buffer.join(' '));
          buffer = [];
        }
        k--;
      }
      out.push({
        name: m[1],
        type: m[2],
        defaultText: m[3],
        decorators,
        secure: decorators.some((d) => d.startsWith('@secure(')),
        line: idx + 1,
      });
    });
    return out;
  }

  resources(): Resource[] {
    const out: Resource[] = [];
    const re = /^resource\s+([A-Za-z_]\w*)\s+'([^'@]+)@([^']+)'\s*(?:existing\s*)?=\s*(\[\s*for\b[^:]*:\s*)?\{/gm;
    for (const m of this.scan.noComments.matchAll(re)) {
      const open = (m.index ?? 0) + m[0].length - 1;
      out.push({ symbol: m[1], type: m[2], apiVersion: m[3], open, close: this.closeOf(open) });
    }
    return out;
  }

  resource(type: string): Resource {
    const all = this.resources().filter((r) => r.type.toLowerCase() === type.toLowerCase());
    if (all.length !== 1) throw new Error(`${this.rel}: expected exactly one ${type}, found ${all.length}`);
    return all[0];
  }

  /** `var name = value` (single-line value, or a bracketed value spanning lines). */
  variable(name: string): string | undefined {
    const m = new RegExp(`^var\\s+${name}\\s*=\\s*`, 'm').exec(this.scan.noComments);
    if (!m) return undefined;
    const start = (m.index ?? 0) + m[0].length;
    const first = this.scan.noComments[start];
    if (first === '[' || first === '{') return this.scan.noComments.slice(start, this.closeOf(start) + 1);
    return this.scan.noComments.slice(start).split('\n')[0].trim();
  }

  outputs(): Map<string, string> {
    const out = new Map<string, string>();
    for (const m of this.scan.noComments.matchAll(/^output\s+([A-Za-z_]\w*)\s+\w+(?:\[\])?\s*=\s*(.+)$/gm))
      out.set(m[1], m[2].trim());
    return out;
  }
}

// ------------------------------------------------------------------ what the template is checked against

/** Settings of bot/config.ts the template leaves alone on purpose, and why. Anything else must be an app setting. */
const NOT_SET_BY_TEMPLATE: Record<string, string> = {
  PORT: 'App Service sets PORT for the Node container and forwards requests to it',
  HOST: 'the bot binds 0.0.0.0 when MicrosoftAppId is set (loopback when it is not, which keeps an unauthenticated bot private)',
  AZURITE_PORT: 'embedded Azurite is only used when STORAGE_CONNECTION_STRING is empty',
  AZURITE_LOCATION: 'embedded Azurite is only used when STORAGE_CONNECTION_STRING is empty',
  STORAGE_CONNECTION_STRING:
    'the account accepts no keys (allowSharedKeyAccess false): STORAGE_ACCOUNT_URL and the managed identity instead',
  BOT_TOKEN_ISSUER: "unset, the public cloud's Bot Framework channel issuer; only sovereign clouds change it",
  SERVICE_URL_HOSTS: "unset, Teams' public-cloud and GCC service hosts; only sovereign clouds change it",
  BOT_OPENID_METADATA_URL:
    "unset, botbuilder uses Microsoft's public-cloud metadata; only sovereign clouds and tests change it",
  FAULT_KILL_AT_WRITE: 'a fault-test hook that kills the process; it must never be set in production',
  GRAPH_BASE_URL: "unset, Microsoft Graph's public-cloud address; only sovereign clouds and tests change it",
  GRAPH_AUTHORITY_HOST: "unset, Entra ID's public-cloud sign-in address; only sovereign clouds and tests change it",
  TEAMS_SERVICE_URL: "unset, the Bot Connector's global address; only sovereign clouds change it",
  GRAPH_MANAGED_IDENTITY_CLIENT_ID: 'the template signs in to Graph with the client secret (GRAPH_CREDENTIAL)',
  GRAPH_MAX_RETRY_AFTER_SECONDS: 'unset, the bot waits at most 30 s for a Graph Retry-After within a chase',
  BOARD: 'read by the command-line tools only (which board they work on), never by the service',
};

/** The settings the brief names; the derivation from config.ts must at least find these (plus App Insights). */
const MUST_BE_SET = [
  'MicrosoftAppId',
  'MicrosoftAppPassword',
  'MicrosoftAppType',
  'MicrosoftAppTenantId',
  'STORAGE_ACCOUNT_URL',
  'EXPORT_LINK_SECRET',
  'INSTANCE_COUNT',
  'RETENTION_YEARS',
  'SECRETARIAT',
  'LOAD_DEMO_PLAN',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
];

/** App settings that carry secrets: they must be Key Vault references. */
const SECRET_SETTINGS = ['MicrosoftAppPassword', 'EXPORT_LINK_SECRET'];
/** Looks secret by name but is not (the App Insights connection string only allows sending telemetry). */
const NOT_SECRET = ['APPLICATIONINSIGHTS_CONNECTION_STRING'];

/**
 * API versions reviewed against Microsoft's template reference. The compiler would flag a version or
 * property that does not exist; without it, a bump means reading the reference and updating this list.
 */
const REVIEWED_API_VERSIONS: Record<string, string> = {
  'Microsoft.Storage/storageAccounts': '2023-05-01',
  'Microsoft.Storage/storageAccounts/tableServices': '2023-05-01',
  'Microsoft.Storage/storageAccounts/tableServices/tables': '2023-05-01',
  'Microsoft.KeyVault/vaults': '2023-07-01',
  'Microsoft.KeyVault/vaults/secrets': '2023-07-01',
  'Microsoft.OperationalInsights/workspaces': '2023-09-01',
  'Microsoft.Insights/components': '2020-02-02',
  'Microsoft.Insights/diagnosticSettings': '2021-05-01-preview',
  'Microsoft.Web/serverfarms': '2023-12-01',
  'Microsoft.Web/sites': '2023-12-01',
  'Microsoft.Web/sites/config': '2023-12-01',
  'Microsoft.Web/sites/basicPublishingCredentialsPolicies': '2023-12-01',
  'Microsoft.Authorization/roleAssignments': '2022-04-01',
  'Microsoft.BotService/botServices': '2022-09-15',
  'Microsoft.BotService/botServices/channels': '2022-09-15',
};

const KEY_VAULT_SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';
const STORAGE_TABLE_DATA_CONTRIBUTOR = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3';

// ------------------------------------------------------------------ values

const unquote = (text: string): string | undefined => {
  const m = /^'((?:[^'\\]|\\.)*)'$/.exec(text.trim());
  if (!m || m[1].includes('${')) return undefined;
  return m[1].replace(/\\(.)/g, '$1');
};

/** A Bicep literal (string, int, bool) as JSON, or undefined for anything else. */
function literal(text: string | undefined): string | number | boolean | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (/^-?\d+$/.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  return unquote(t);
}

function decoratorArg(p: Param, name: string): string | undefined {
  const d = p.decorators.find((x) => x.startsWith(`@${name}(`));
  return d?.slice(name.length + 2, d.lastIndexOf(')')).trim();
}

function allowedValues(p: Param): (string | number)[] | undefined {
  const arg = decoratorArg(p, 'allowed');
  if (!arg) return undefined;
  return arg
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((v) => literal(v) as string | number);
}

/** What ARM would say about `value` for this param (type, @allowed, @minValue/@maxValue, @minLength/@maxLength). */
function paramProblems(p: Param, value: unknown): string[] {
  const problems: string[] = [];
  const typeOk: Record<string, (v: unknown) => boolean> = {
    string: (v) => typeof v === 'string',
    int: (v) => Number.isInteger(v),
    bool: (v) => typeof v === 'boolean',
    object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
    array: (v) => Array.isArray(v),
  };
  if (typeOk[p.type] && !typeOk[p.type](value)) problems.push(`${p.name}: ${JSON.stringify(value)} is not a ${p.type}`);
  const allowed = allowedValues(p);
  if (allowed && !allowed.includes(value as string | number))
    problems.push(`${p.name}: ${JSON.stringify(value)} is not one of ${JSON.stringify(allowed)}`);
  const min = decoratorArg(p, 'minValue');
  const max = decoratorArg(p, 'maxValue');
  if (min !== undefined && typeof value === 'number' && value < Number(min))
    problems.push(`${p.name}: ${value} < @minValue(${min})`);
  if (max !== undefined && typeof value === 'number' && value > Number(max))
    problems.push(`${p.name}: ${value} > @maxValue(${max})`);
  const minLen = decoratorArg(p, 'minLength');
  const maxLen = decoratorArg(p, 'maxLength');
  if (minLen !== undefined && typeof value === 'string' && value.length < Number(minLen))
    problems.push(`${p.name}: shorter than @minLength(${minLen})`);
  if (maxLen !== undefined && typeof value === 'string' && value.length > Number(maxLen))
    problems.push(`${p.name}: longer than @maxLength(${maxLen})`);
  return problems;
}

// ------------------------------------------------------------------ the checks

const main = new BicepFile('infra/main.bicep');
const params = main.params();
const paramByName = new Map(params.map((p) => [p.name, p]));
const parametersFile = JSON.parse(read('infra/main.parameters.json')) as {
  $schema: string;
  contentVersion: string;
  parameters: Record<string, { value?: unknown; reference?: unknown }>;
};

const webApp = main.resource('Microsoft.Web/sites');
const appSettingsResource = (() => {
  const configs = main
    .resources()
    .filter(
      (r) => r.type === 'Microsoft.Web/sites/config' && unquote(main.get(r.open, 'name')?.text ?? '') === 'appsettings',
    );
  if (configs.length !== 1)
    throw new Error(
      `infra/main.bicep: expected one Microsoft.Web/sites/config named 'appsettings', found ${configs.length}`,
    );
  return configs[0];
})();
const appSettingsObject = main.get(appSettingsResource.open, 'properties');
const appSettings = appSettingsObject ? main.entries(appSettingsObject.start) : new Map<string, Entry>();

type ParamSource = { parametersFile: boolean };

/** A param's value: its value in main.parameters.json (when used), else its literal default. */
function paramValue(p: Param, source: ParamSource): unknown {
  if (source.parametersFile && p.name in parametersFile.parameters) return parametersFile.parameters[p.name].value;
  return literal(p.defaultText);
}

/** The value an app setting gets when it is a literal, a param, or string(param); undefined otherwise. */
function settingValue(name: string, source: ParamSource = { parametersFile: true }): string | undefined {
  const entry = appSettings.get(name);
  if (!entry) return undefined;
  const direct = unquote(entry.text);
  if (direct !== undefined) return direct;
  // An interpolated string: each ${...} stands for a value known only in Azure.
  if (/^'.*'$/.test(entry.text)) return entry.text.slice(1, -1).replace(/\$\{[^}]*\}/g, 'placeholder');
  const m = /^(?:string\(\s*([A-Za-z_]\w*)\s*\)|([A-Za-z_]\w*))$/.exec(entry.text);
  const p = m && paramByName.get(m[1] ?? m[2]);
  const value = p ? paramValue(p, source) : undefined;
  return value === undefined ? undefined : String(value);
}

/** What Azure fills in at deploy time for settings the template computes, where the bot checks the value's shape. */
const DEPLOY_TIME_VALUES: Record<string, string> = {
  APPLICATIONINSIGHTS_CONNECTION_STRING:
    'InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=https://uksouth-1.in.applicationinsights.azure.com/',
};

/** The environment the template gives the bot; settings not evaluable here (Key Vault references, tenant()) get placeholders. */
function templateEnv(source: ParamSource = { parametersFile: true }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of appSettings.keys())
    env[name] = settingValue(name, source) ?? DEPLOY_TIME_VALUES[name] ?? `placeholder-for-${name}`;
  return env;
}

describe('infra/main.bicep: offline checks (no Bicep compiler on this machine)', () => {
  describe('text', () => {
    test('brackets, braces, parentheses, strings and comments balance', () => {
      expect(main.scan.problems).toEqual([]);
    });

    test('the template is a single file: any module would also need these checks', () => {
      const modules = existsSync(path.join(ROOT, 'infra', 'modules'))
        ? readdirSync(path.join(ROOT, 'infra', 'modules')).filter((f) => f.endsWith('.bicep'))
        : [];
      expect(modules).toEqual([]);
      expect(main.scan.noComments).not.toMatch(/^module\s/m);
    });

    test('every resource uses an API version reviewed against the template reference', () => {
      const used = main.resources().map((r) => `${r.type}@${r.apiVersion}`);
      expect(used.length).toBeGreaterThan(10);
      for (const r of main.resources()) {
        expect(`${r.type}@${r.apiVersion}`).toBe(`${r.type}@${REVIEWED_API_VERSIONS[r.type] ?? '(not reviewed)'}`);
      }
    });

    test('no hard-coded cloud host names (environment() gives them per cloud)', () => {
      const code = main.scan.noComments
        .split('\n')
        .filter((l) => !l.trim().startsWith('@description('))
        .join('\n');
      expect(code).not.toMatch(/core\.windows\.net|vault\.azure\.net|azurewebsites\.net/);
    });
  });

  describe('parameters', () => {
    test('every declared param is used', () => {
      const unused = params.filter((p) => {
        const lines = main.scan.skeleton.split('\n');
        lines[p.line - 1] = '';
        return !new RegExp(`\\b${p.name}\\b`).test(lines.join('\n'));
      });
      expect(unused.map((p) => p.name)).toEqual([]);
    });

    test('main.parameters.json is an ARM deployment parameters file naming only params of main.bicep', () => {
      expect(parametersFile.$schema).toMatch(/deploymentParameters\.json#$/);
      expect(parametersFile.contentVersion).toBe('1.0.0.0');
      const unknown = Object.keys(parametersFile.parameters).filter((n) => !paramByName.has(n));
      expect(unknown).toEqual([]);
    });

    test('every required non-secret param has an example value, and every value passes the param decorators', () => {
      const missing = params.filter(
        (p) => p.defaultText === undefined && !p.secure && !(p.name in parametersFile.parameters),
      );
      expect(missing.map((p) => p.name)).toEqual([]);
      const problems = Object.entries(parametersFile.parameters).flatMap(([name, v]) => {
        const p = paramByName.get(name);
        return p && 'value' in v ? paramProblems(p, v.value) : [];
      });
      expect(problems).toEqual([]);
    });

    test('every literal default passes its own decorators', () => {
      const problems = params.flatMap((p) => {
        const v = literal(p.defaultText);
        return v === undefined ? [] : paramProblems(p, v);
      });
      expect(problems).toEqual([]);
    });

    test('secrets: the bot password and the export-link key are @secure() params with no default, never given as plain values in the parameters file', () => {
      const secure = params.filter((p) => p.secure);
      expect(secure.map((p) => p.name)).toEqual(['botAppPassword', 'exportLinkSecret']);
      for (const p of secure) {
        expect(p.defaultText).toBeUndefined();
        const given = parametersFile.parameters[p.name];
        if (given) expect(given).not.toHaveProperty('value'); // a Key Vault "reference" is fine
      }
    });

    test('cadence params default to the defaults of bot/config.ts, and their ranges are ones the bot accepts', () => {
      // Defaults: the template's settings, built from param defaults only, give the same chase settings as an empty environment.
      // Everything but what the template sets on purpose (identity, storage, secretariat, demo plan, address, telemetry) must match.
      const fromDefaults = loadConfig(templateEnv({ parametersFile: false }));
      const botDefaults = loadConfig({});
      expect(fromDefaults.storage.tablePrefix).toBe(botDefaults.storage.tablePrefix);
      // The boards carry the secretariat (a placeholder in the template's test parameters).
      const identity = ['credentials', 'homeTenantId', 'host', 'storage', 'secretariat', 'boards'];
      const onPurpose = new Set([
        ...identity,
        'loadDemoPlan',
        'publicUrl',
        'exportLinkSecret',
        'telemetry',
        'instanceCount',
        'teamsAppId', // derived from the bot's app id, which the template sets
      ]);
      const rest = (c: object): Record<string, unknown> =>
        Object.fromEntries(Object.entries(c).filter(([k]) => !onPurpose.has(k)));
      expect(Object.keys(rest(botDefaults))).toEqual(expect.arrayContaining(['chase', 'schedulerEnabled']));
      expect(rest(fromDefaults)).toEqual(rest(botDefaults));

      // Ranges: every @allowed value and every @minValue/@maxValue bound of a param feeding a bot setting passes loadConfig.
      const accepts = (setting: string, value: string): void => {
        const env: NodeJS.ProcessEnv = { [setting]: value };
        if (setting === 'NUDGE_AFTER_WORKING_DAYS') env.ESCALATE_AFTER_WORKING_DAYS = '60';
        if (setting === 'ESCALATE_AFTER_WORKING_DAYS') env.NUDGE_AFTER_WORKING_DAYS = '1';
        if (setting === 'INSTANCE_COUNT') env.EXPORT_LINK_SECRET = 'k'.repeat(32); // as the template always sets it
        expect(() => loadConfig(env)).not.toThrow();
      };
      let checked = 0;
      for (const [setting, entry] of appSettings) {
        const m = /^(?:string\(\s*([A-Za-z_]\w*)\s*\)|([A-Za-z_]\w*))$/.exec(entry.text);
        const p = m && paramByName.get(m[1] ?? m[2]);
        if (!p) continue;
        for (const v of allowedValues(p) ?? []) {
          accepts(setting, String(v));
          checked++;
        }
        for (const bound of [decoratorArg(p, 'minValue'), decoratorArg(p, 'maxValue')]) {
          if (bound !== undefined) {
            accepts(setting, bound);
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThanOrEqual(2 * 5 + 2 * 4); // chase and digest weekdays, 4 int params with both bounds
    });
  });

  describe('app settings', () => {
    const configKeys = CONFIG_VARIABLES;

    test('every setting the bot reads is an app setting, or deliberately left to the platform', () => {
      const missing = configKeys.filter((k) => !appSettings.has(k) && !(k in NOT_SET_BY_TEMPLATE));
      expect(missing).toEqual([]);
      for (const k of MUST_BE_SET) expect([...appSettings.keys()]).toContain(k);
    });

    test('fixed values: single-tenant bot in this tenant, scheduler on, no demo plan, build on deploy', () => {
      expect(settingValue('MicrosoftAppType')).toBe('SingleTenant');
      expect(appSettings.get('MicrosoftAppTenantId')?.text).toBe('tenant().tenantId');
      expect(appSettings.get('MicrosoftAppId')?.text).toBe('botAppId');
      expect(appSettings.get('SECRETARIAT')?.text).toBe('secretariat');
      expect(settingValue('SCHEDULER_ENABLED')).toBe('true');
      expect(settingValue('LOAD_DEMO_PLAN')).toBe('false');
      expect(settingValue('SCM_DO_BUILD_DURING_DEPLOYMENT')).toBe('true');
      expect(appSettings.get('PUBLIC_URL')?.text).toBe(`'https://\${${webApp.symbol}.properties.defaultHostName}'`);
      expect(appSettings.has('WEBSITE_NODE_DEFAULT_VERSION')).toBe(false); // Windows only
    });

    test('secrets reach the app only as Key Vault references to secrets of the RBAC vault', () => {
      const vault = main.resource('Microsoft.KeyVault/vaults');
      expect(main.get(vault.open, 'properties.enableRbacAuthorization')?.text).toBe('true');
      const secrets = main.resources().filter((r) => r.type === 'Microsoft.KeyVault/vaults/secrets');
      for (const s of secrets) expect(main.get(s.open, 'parent')?.text).toBe(vault.symbol);

      const looksSecret = [...appSettings.keys()].filter(
        (k) => /PASSWORD|SECRET(?!ARIAT)|CONNECTION_STRING|(^|_)KEY$/i.test(k) && !NOT_SECRET.includes(k),
      );
      expect(looksSecret.sort()).toEqual([...SECRET_SETTINGS].sort());
      for (const name of SECRET_SETTINGS) {
        const text = appSettings.get(name)?.text ?? '';
        const m = /^'@Microsoft\.KeyVault\(SecretUri=\$\{([A-Za-z_]\w*)\.properties\.secretUri\}\)'$/.exec(text);
        expect({ name, text, isKeyVaultReference: !!m }).toEqual({ name, text, isKeyVaultReference: true });
        expect(secrets.map((s) => s.symbol)).toContain(m![1]);
      }

      // No setting carries a @secure() param or a listKeys()/list*() result in plain text.
      const secureNames = params.filter((p) => p.secure).map((p) => p.name);
      for (const [name, entry] of appSettings) {
        for (const s of secureNames)
          expect({ name, mentions: new RegExp(`\\b${s}\\b`).test(entry.text) }).toEqual({ name, mentions: false });
        expect({ name, callsList: /\blist[A-Z]\w*\(/.test(entry.text) }).toEqual({ name, callsList: false });
      }
    });

    test('the bot secret param and the storage keys go into vault secrets and nowhere else', () => {
      const secrets = main.resources().filter((r) => r.type === 'Microsoft.KeyVault/vaults/secrets');
      const insideSecret = (i: number): boolean => secrets.some((s) => i > s.open && i < s.close);
      const skel = main.scan.skeleton;
      for (const p of params.filter((x) => x.secure)) {
        const lines = skel.split('\n');
        lines[p.line - 1] = '';
        const text = lines.join('\n');
        const uses = [...text.matchAll(new RegExp(`\\b${p.name}\\b`, 'g'))].map((m) => m.index ?? 0);
        expect(uses.length).toBeGreaterThan(0);
        expect(uses.filter((i) => !insideSecret(i))).toEqual([]);
      }
      // No account key is read anywhere: the storage account refuses shared keys.
      expect([...skel.matchAll(/\blist[A-Z]\w*\(/g)].map((m) => m[0])).toEqual([]);
      for (const [name, value] of main.outputs()) {
        expect({ name, leaks: /\blist[A-Z]\w*\(|secretUri|Password/i.test(value) }).toEqual({ name, leaks: false });
      }
    });

    test("the web app's system-assigned identity is a Key Vault Secrets User on the vault before the settings land", () => {
      expect(main.get(webApp.open, 'identity.type')?.text).toBe("'SystemAssigned'");
      const vault = main.resource('Microsoft.KeyVault/vaults');
      const ra = main
        .resources()
        .find(
          (r) =>
            r.type === 'Microsoft.Authorization/roleAssignments' && main.get(r.open, 'scope')?.text === vault.symbol,
        );
      if (!ra) throw new Error('no role assignment on the vault');
      expect(main.get(ra.open, 'scope')?.text).toBe(vault.symbol);
      expect(main.get(ra.open, 'properties.principalId')?.text).toBe(`${webApp.symbol}.identity.principalId`);
      expect(main.get(ra.open, 'properties.principalType')?.text).toBe("'ServicePrincipal'");
      const roleDef = main.get(ra.open, 'properties.roleDefinitionId')?.text ?? '';
      const roleVar = /roleDefinitions'\s*,\s*([A-Za-z_]\w*)\s*\)/.exec(roleDef)?.[1];
      const roleId = roleVar ? unquote(main.variable(roleVar) ?? '') : roleDef;
      expect(roleId).toContain(KEY_VAULT_SECRETS_USER);
      expect(main.get(appSettingsResource.open, 'dependsOn')?.text).toMatch(new RegExp(`\\b${ra.symbol}\\b`));
      expect(main.get(appSettingsResource.open, 'parent')?.text).toBe(webApp.symbol);
    });

    test('Application Insights is workspace-based and its connection string is the app setting', () => {
      const ai = main.resource('Microsoft.Insights/components');
      const law = main.resource('Microsoft.OperationalInsights/workspaces');
      expect(main.get(ai.open, 'properties.WorkspaceResourceId')?.text).toBe(`${law.symbol}.id`);
      expect(appSettings.get('APPLICATIONINSIGHTS_CONNECTION_STRING')?.text).toBe(
        `${ai.symbol}.properties.ConnectionString`,
      );
    });

    test("the template's settings, with the example parameters, pass the bot's own loadConfig", () => {
      const config = loadConfig(templateEnv());
      expect(config.credentials?.appType).toBe('SingleTenant');
      expect(config.credentials?.appId).toBe(parametersFile.parameters.botAppId.value);
      expect(config.credentials?.appPassword).toBeTruthy();
      expect(config.credentials?.tenantId).toBeTruthy();
      expect(config.storage.accountUrl).toMatch(/^https:\/\//); // so no embedded Azurite in production, and no key
      expect(config.storage.connectionString).toBeUndefined();
      expect(config.exportLinkSecret).toBeTruthy();
      expect(config.instanceCount).toBe(parametersFile.parameters.capacity.value);
      expect(config.host).toBe('0.0.0.0'); // reachable by App Service's front end
      expect(config.secretariat.length).toBeGreaterThan(0);
      expect(config.schedulerEnabled).toBe(true);
      expect(config.loadDemoPlan).toBe(false);
    });
    test("with the template's settings (storage pointed at the test Azurite) the bot starts, /healthz answers 200 and it creates exactly the declared tables", async () => {
      const port = await new Promise<number>((resolve, reject) => {
        const probe = createServer();
        probe.listen(0, '127.0.0.1', () => {
          const { port: p } = probe.address() as { port: number };
          probe.close(() => resolve(p));
        });
        probe.on('error', reject);
      });
      const prefix = freshPrefix();
      const env = {
        ...templateEnv(),
        STORAGE_ACCOUNT_URL: undefined,
        STORAGE_CONNECTION_STRING: testConnectionString(),
        TABLE_PREFIX: prefix,
        PORT: String(port),
        HOST: '127.0.0.1',
      };
      const app = await startApp(loadConfig(env), silentLogger);
      try {
        const res = await fetch(`${app.url}/healthz`);
        expect(res.status).toBe(200);
        const created: string[] = [];
        for await (const t of serviceClient(testConnectionString()).listTables())
          if (t.name?.startsWith(prefix)) created.push(t.name.slice(prefix.length));
        const declared = [...(main.variable('tableNames') ?? '').matchAll(/'([^']*)'/g)].map((m) => m[1]);
        expect(created.sort()).toEqual([...declared].sort());
      } finally {
        await app.stop();
      }
    });
  });

  describe('web app', () => {
    test('Linux, Always On, HTTPS only, health check on /healthz, built JS as the start command', () => {
      const plan = main.resource('Microsoft.Web/serverfarms');
      expect(main.get(plan.open, 'kind')?.text).toBe("'linux'");
      expect(main.get(plan.open, 'properties.reserved')?.text).toMatch(/^true\b/);
      expect(main.get(webApp.open, 'properties.serverFarmId')?.text).toBe(`${plan.symbol}.id`);
      expect(main.get(webApp.open, 'kind')?.text).toBe("'app,linux'");
      expect(main.get(webApp.open, 'properties.httpsOnly')?.text).toBe('true');

      expect(main.get(webApp.open, 'properties.siteConfig.alwaysOn')?.text).toBe('true');
      expect(main.get(webApp.open, 'properties.siteConfig.healthCheckPath')?.text).toBe("'/healthz'");
      expect(read('bot/http/server.ts')).toContain("server.get('/healthz'");

      // `npm run build` (which Oryx runs on deploy) compiles bot/main.ts to dist/bot/main.js.
      expect(main.get(webApp.open, 'properties.siteConfig.appCommandLine')?.text).toBe("'node dist/bot/main.js'");
      const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
      expect(pkg.scripts.build).toMatch(/^tsc -p tsconfig\.build\.json\b/);
      const tsconfig = JSON.parse(read('tsconfig.json')) as { compilerOptions: { outDir: string; rootDir: string } };
      expect(tsconfig.compilerOptions).toMatchObject({ outDir: 'dist', rootDir: '.' });
      expect(existsSync(path.join(ROOT, 'bot', 'main.ts'))).toBe(true);
    });

    test('runs the Node major the project requires (package.json engines) and is tested on, whichever value is deployed', () => {
      const pkg = JSON.parse(read('package.json')) as { engines: { node: string }; devDependencies: { node: string } };
      const required = Number(/^>=\s*(\d+)(\.\d+){0,2}$/.exec(pkg.engines.node)?.[1]);
      expect(required).toBeGreaterThan(0);
      // The tests run on the `node` package from the npm registry: the same major as production.
      expect(Number(/(\d+)\./.exec(pkg.devDependencies.node)?.[1])).toBe(required);

      const fx = main.get(webApp.open, 'properties.siteConfig.linuxFxVersion')?.text ?? '';
      const fxParam = /^'NODE\|\$\{([A-Za-z_]\w*)\}'$/.exec(fx)?.[1];
      const p = fxParam ? paramByName.get(fxParam) : undefined;
      const versions = p
        ? [literal(p.defaultText), ...(allowedValues(p) ?? []), parametersFile.parameters[p.name]?.value]
        : [unquote(fx)?.replace(/^NODE\|/, '')];
      const given = versions.filter((v) => v !== undefined).map(String);
      expect(given.length).toBeGreaterThan(0);
      // App Service's Linux Node stacks are named like 24-lts; each value the template can deploy is that major.
      for (const v of given)
        expect({ value: v, major: Number(/^(\d+)-lts$/.exec(v)?.[1]) }).toEqual({ value: v, major: required });
    });

    test('at least 2 instances by default: the bot is built for several instances sharing one storage account', () => {
      const plan = main.resource('Microsoft.Web/serverfarms');
      const cap = main.get(plan.open, 'sku.capacity')?.text ?? '';
      const p = paramByName.get(cap);
      expect(p).toBeDefined();
      expect(literal(p!.defaultText)).toBeGreaterThanOrEqual(2);
      expect(Number(decoratorArg(p!, 'maxValue'))).toBeGreaterThanOrEqual(2);
      expect(main.get(webApp.open, 'properties.clientAffinityEnabled')?.text).toBe('false');
    });
  });

  describe('storage', () => {
    test('StorageV2, TLS 1.2, HTTPS only, no public blob access', () => {
      const st = main.resource('Microsoft.Storage/storageAccounts');
      expect(main.get(st.open, 'kind')?.text).toBe("'StorageV2'");
      expect(main.get(st.open, 'properties.minimumTlsVersion')?.text).toBe("'TLS1_2'");
      expect(main.get(st.open, 'properties.supportsHttpsTrafficOnly')?.text).toBe('true');
      expect(main.get(st.open, 'properties.allowBlobPublicAccess')?.text).toBe('false');
    });

    test("the Table service declares the bot's tables (TABLE_NAMES in bot/store/tables.ts) under TABLE_PREFIX", () => {
      const tables = main.resource('Microsoft.Storage/storageAccounts/tableServices/tables');
      const header = main.scan.noComments.slice(main.scan.noComments.lastIndexOf('resource', tables.open), tables.open);
      const loopVar = /\[\s*for\s+([A-Za-z_]\w*)\s+in\s+([A-Za-z_]\w*)\s*:/.exec(header);
      expect(loopVar).not.toBeNull();
      const list = main.variable(loopVar![2]) ?? '';
      const names = [...list.matchAll(/'([^']*)'/g)].map((m) => m[1]);
      expect(names).toEqual([...TABLE_NAMES]);
      expect(main.get(tables.open, 'name')?.text).toBe(
        `'\${${appSettings.get('TABLE_PREFIX')?.text}}\${${loopVar![1]}}'`,
      );
    });

    test('reached by the managed identity only: shared keys off, the identity a Storage Table Data Contributor, the Table endpoint from environment()', () => {
      const st = main.resource('Microsoft.Storage/storageAccounts');
      expect(main.get(st.open, 'properties.allowSharedKeyAccess')?.text).toBe('false');
      const ra = main
        .resources()
        .find(
          (r) => r.type === 'Microsoft.Authorization/roleAssignments' && main.get(r.open, 'scope')?.text === st.symbol,
        );
      if (!ra) throw new Error('no role assignment on the storage account');
      expect(main.get(ra.open, 'properties.principalId')?.text).toBe(`${webApp.symbol}.identity.principalId`);
      const roleDef = main.get(ra.open, 'properties.roleDefinitionId')?.text ?? '';
      const roleVar = /roleDefinitions'\s*,\s*([A-Za-z_]\w*)\s*\)/.exec(roleDef)?.[1];
      expect(unquote(main.variable(roleVar ?? '') ?? '')).toBe(STORAGE_TABLE_DATA_CONTRIBUTOR);
      expect(main.get(appSettingsResource.open, 'dependsOn')?.text).toMatch(new RegExp(`\\b${ra.symbol}\\b`));
      expect(appSettings.get('STORAGE_ACCOUNT_URL')?.text).toBe(
        `'https://\${${st.symbol}.name}.table.\${environment().suffixes.storage}'`,
      );
      expect(appSettings.has('STORAGE_CONNECTION_STRING')).toBe(false);
    });

    test('network access to storage and the vault is a parameter, with address ranges as network rules', () => {
      for (const type of ['Microsoft.Storage/storageAccounts', 'Microsoft.KeyVault/vaults']) {
        const r = main.resource(type);
        expect({ type, access: main.get(r.open, 'properties.publicNetworkAccess')?.text }).toEqual({
          type,
          access: 'dataPublicNetworkAccess',
        });
        expect({ type, acls: main.get(r.open, 'properties.networkAcls')?.text }).toEqual({
          type,
          acls: expect.stringMatching(/\bdataNetworkAcls\b[\s\S]*for range in allowedIpRanges/),
        });
      }
      expect(main.variable('dataNetworkAcls')).toMatch(/empty\(allowedIpRanges\) \? 'Allow' : 'Deny'/);
      expect(paramByName.get('dataPublicNetworkAccess')?.defaultText).toBe("'Enabled'");
      expect(main.get(webApp.open, 'properties.siteConfig.scmIpSecurityRestrictions')?.text).toMatch(
        /for \(range, i\) in scmAllowedIpRanges/,
      );
    });
  });

  describe('hardening', () => {
    test('Key Vault: soft delete and purge protection on', () => {
      const vault = main.resource('Microsoft.KeyVault/vaults');
      expect(main.get(vault.open, 'properties.enableSoftDelete')?.text).toBe('true');
      expect(main.get(vault.open, 'properties.enablePurgeProtection')?.text).toBe('true');
    });

    test('no basic-auth publishing: the SCM and FTP credential policies are off, FTPS disabled', () => {
      const policies = main
        .resources()
        .filter((r) => r.type === 'Microsoft.Web/sites/basicPublishingCredentialsPolicies');
      const byName = Object.fromEntries(
        policies.map((r) => [
          unquote(main.get(r.open, 'name')?.text ?? ''),
          main.get(r.open, 'properties.allow')?.text,
        ]),
      );
      expect(byName).toEqual({ scm: 'false', ftp: 'false' });
      for (const r of policies) expect(main.get(r.open, 'parent')?.text).toBe(webApp.symbol);
      expect(main.get(webApp.open, 'properties.siteConfig.ftpsState')?.text).toBe("'Disabled'");
    });

    test('diagnostic settings for the web app, the vault and the tables; no HTTP logs (they keep query strings, and so export-link signatures)', () => {
      const diags = main.resources().filter((r) => r.type === 'Microsoft.Insights/diagnosticSettings');
      const scopes = diags.map((d) => main.get(d.open, 'scope')?.text);
      const vault = main.resource('Microsoft.KeyVault/vaults');
      const tables = main.resource('Microsoft.Storage/storageAccounts/tableServices');
      expect(scopes.sort()).toEqual([webApp.symbol, vault.symbol, tables.symbol].sort());
      for (const d of diags) {
        expect(main.get(d.open, 'properties.workspaceId')?.text).toMatch(/\.id$/);
        const logs = main.get(d.open, 'properties.logs')?.text ?? '';
        expect(logs).not.toContain('AppServiceHTTPLogs');
        expect(logs).toMatch(/enabled: true/);
      }
      const logsOf = (symbol: string) =>
        main.get(diags.find((d) => main.get(d.open, 'scope')?.text === symbol)!.open, 'properties.logs')?.text;
      expect(logsOf(vault.symbol)).toContain('AuditEvent');
      expect(logsOf(tables.symbol)).toMatch(/StorageRead[\s\S]*StorageWrite[\s\S]*StorageDelete/);
    });
  });

  describe('Azure Bot and Teams', () => {
    const bot = main.resource('Microsoft.BotService/botServices');

    test('an Azure Bot for the same single-tenant app registration as the web app', () => {
      expect(main.get(bot.open, 'kind')?.text).toBe("'azurebot'");
      expect(main.get(bot.open, 'properties.msaAppType')?.text).toBe("'SingleTenant'");
      expect(main.get(bot.open, 'properties.msaAppTenantId')?.text).toBe('tenant().tenantId');
      expect(main.get(bot.open, 'properties.msaAppId')?.text).toBe(appSettings.get('MicrosoftAppId')?.text);
      const sku = paramByName.get(main.get(bot.open, 'sku.name')?.text ?? '');
      expect(sku && allowedValues(sku)).toEqual(['F0', 'S1']);
    });

    test('its messaging endpoint is https://<web app host>/api/messages, the route the bot serves', () => {
      let endpoint = main.get(bot.open, 'properties.endpoint')?.text ?? '';
      if (/^[A-Za-z_]\w*$/.test(endpoint)) endpoint = main.variable(endpoint) ?? '';
      expect(endpoint).toBe(`'https://\${${webApp.symbol}.properties.defaultHostName}/api/messages'`);
      expect(read('bot/http/server.ts')).toContain("server.post('/api/messages'");
    });

    test('the Microsoft Teams channel is declared and enabled', () => {
      const channels = main.resources().filter((r) => r.type === 'Microsoft.BotService/botServices/channels');
      const teams = channels.find((c) => unquote(main.get(c.open, 'name')?.text ?? '') === 'MsTeamsChannel');
      expect(teams).toBeDefined();
      expect(main.get(teams!.open, 'parent')?.text).toBe(bot.symbol);
      expect(main.get(teams!.open, 'properties.channelName')?.text).toBe("'MsTeamsChannel'");
      expect(main.get(teams!.open, 'properties.properties.isEnabled')?.text).toBe('true');
    });
  });

  test('outputs: the web app host name and the bot endpoint', () => {
    const outputs = main.outputs();
    expect(outputs.get('webAppHostName')).toBe(`${webApp.symbol}.properties.defaultHostName`);
    const endpoint = outputs.get('botEndpoint') ?? '';
    const resolved = /^[A-Za-z_]\w*$/.test(endpoint) ? (main.variable(endpoint) ?? '') : endpoint;
    expect(resolved).toMatch(/\/api\/messages'$/);
  });

  // A real parse with the tree-sitter Bicep grammar (syntax only: no types, no Azure schemas), when installed.
  const optionalRequire = (name: string): any => {
    try {
      return require(name);
    } catch {
      return undefined;
    }
  };
  const treeSitter = optionalRequire('web-tree-sitter');
  const grammar = (() => {
    try {
      return require.resolve('tree-sitter-bicep/tree-sitter-bicep.wasm');
    } catch {
      return undefined;
    }
  })();
  (treeSitter && grammar ? test : test.skip)(
    'parses with the tree-sitter Bicep grammar (needs web-tree-sitter and tree-sitter-bicep)',
    async () => {
      const { Parser, Language } = treeSitter;
      await Parser.init();
      const parser = new Parser();
      parser.setLanguage(await Language.load(new Uint8Array(readFileSync(grammar as string)))); // bytes: loading by path needs a dynamic import, which jest refuses
      const tree = parser.parse(main.src);
      const errors: string[] = [];
      const walk = (n: any): void => {
        if (n.type === 'ERROR' || n.isMissing)
          errors.push(
            `line ${n.startPosition.row + 1}: ${n.isMissing ? `missing ${n.type}` : `cannot parse ${JSON.stringify(n.text.slice(0, 60))}`}`,
          );
        for (const c of n.children) walk(c);
      };
      walk(tree.rootNode);
      expect(errors).toEqual([]);
      const kinds = tree.rootNode.children.map((c: any) => c.type);
      expect(kinds.filter((k: string) => k === 'resource_declaration').length).toBe(main.resources().length);
      expect(kinds.filter((k: string) => k === 'parameter_declaration').length).toBe(params.length);
    },
  );
});
