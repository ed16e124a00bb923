/**
 * Builds the Teams app package: `npm run package` (or `npm run package -- --out some/file.zip`).
 *
 * Reads BOT_ID (or MicrosoftAppId), BOT_DOMAIN and optionally TEAMS_APP_ID from the
 * environment, fills manifest/manifest.template.json, validates the result offline against
 * Microsoft's official JSON schema (shipped in @microsoft/app-manifest) and writes
 * manifest/build/appPackage.zip holding manifest.json, color.png and outline.png at its root.
 *
 * Exit codes: 0 written; 2 a setting or argument is missing or bad (one line per variable
 * on stderr, naming it); 1 the filled manifest or the icons failed validation.
 *
 * Dependencies: @microsoft/app-manifest, jszip and pngjs are devDependencies: packaging is a
 * developer / CI step run from a full checkout, and the bot itself (npm start, npm run
 * build) never loads them. fs-extra is a devDependency too only because @microsoft/app-manifest
 * 1.1.2 requires it at run time without declaring it (it is listed as its devDependency).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { AppManifestUtils, type TeamsManifestLatest } from '@microsoft/app-manifest';
// jszip rather than adm-zip: it is among the most used zip libraries on npm, pure JavaScript
// (nothing native to build), ships its own TypeScript types (adm-zip needs @types/adm-zip),
// lets every entry carry a fixed date so the same inputs give a byte-identical package, and
// reads zips back, which the tests use to check what was written.
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { z } from 'zod';
import { teamsAppIdOf, uuidV5 } from '../bot/teamsAppId';

export { uuidV5 };

export const MANIFEST_DIR = __dirname;
export const TEMPLATE_PATH = join(MANIFEST_DIR, 'manifest.template.json');
export const DEFAULT_OUT = join(MANIFEST_DIR, 'build', 'appPackage.zip');
export const ICONS = { color: { file: 'color.png', size: 192 }, outline: { file: 'outline.png', size: 32 } } as const;

/** Teams limits that the JSON schema does not enforce (Teams app manifest docs: bot commands). */
export const COMMAND_TITLE_MAX = 32;
export const COMMAND_DESCRIPTION_MAX = 128;
export const COMMANDS_PER_LIST_MAX = 12;

/** The pattern the manifest schema uses for ids (`definitions.guid`). */
const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
/** A DNS host name: letters, digits and hyphens in dot-separated labels, no scheme, port or path. */
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

const blank = (v: string | undefined): string | undefined =>
  v === undefined || v.trim() === '' ? undefined : v.trim();
const required = (what: string) => ({
  error: (iss: { input: unknown }) => (iss.input === undefined ? `is required: ${what}` : 'must be text'),
});

const settingsSchema = z.object({
  BOT_ID: z
    .string(
      required("the bot's Microsoft App ID (Entra app registration client id), a GUID; MicrosoftAppId is read too"),
    )
    .regex(GUID, "must be the bot's Microsoft App ID, a GUID such as 00000000-0000-0000-0000-000000000000"),
  BOT_DOMAIN: z
    .string(required('the public host name the bot is served from, e.g. board-actions.azurewebsites.net'))
    .refine((v) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(v), {
      message: 'must be a host name without scheme, e.g. board-actions.azurewebsites.net',
    })
    .refine((v) => HOST_NAME.test(v), {
      message: 'must be a host name only (no scheme, port or path), e.g. board-actions.azurewebsites.net',
    })
    .transform((v) => v.toLowerCase()),
  TEAMS_APP_ID: z.string().regex(GUID, 'must be a GUID (or leave it unset to derive one from BOT_ID)').optional(),
});

export interface Settings {
  botId: string;
  botDomain: string;
  teamsAppId: string;
  appVersion: string;
}

export type SettingsResult = { ok: true; settings: Settings } | { ok: false; errors: string[] };

/** The app version: package.json's, which is semver as the manifest requires. */
export function appVersion(): string {
  const pkg = JSON.parse(readFileSync(join(MANIFEST_DIR, '..', 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string') throw new Error('package.json has no version');
  return pkg.version;
}

/**
 * Reads the settings from the environment. BOT_ID wins over MicrosoftAppId; if both are set
 * they must agree. Each bad variable gives one line naming it.
 */
export function readSettings(env: NodeJS.ProcessEnv = process.env): SettingsResult {
  const botId = blank(env.BOT_ID);
  const appId = blank(env.MicrosoftAppId);
  if (botId && appId && botId.toLowerCase() !== appId.toLowerCase()) {
    return {
      ok: false,
      errors: [`BOT_ID (${botId}) and MicrosoftAppId (${appId}) differ: set one of them, or make them the same`],
    };
  }
  const input = { BOT_ID: botId ?? appId, BOT_DOMAIN: blank(env.BOT_DOMAIN), TEAMS_APP_ID: blank(env.TEAMS_APP_ID) };
  const parsed = settingsSchema.safeParse(input);
  if (!parsed.success) {
    const seen = new Set<string>();
    const errors: string[] = [];
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'environment');
      if (seen.has(name)) continue;
      seen.add(name);
      const got = input[name as keyof typeof input];
      const label = name === 'BOT_ID' && !botId && appId ? 'BOT_ID (from MicrosoftAppId)' : name;
      errors.push(`${label} ${issue.message}${got !== undefined ? ` (got "${got}")` : ''}`);
    }
    return { ok: false, errors };
  }
  const s = parsed.data;
  const id = s.BOT_ID.toLowerCase();
  return {
    ok: true,
    settings: {
      botId: id,
      botDomain: s.BOT_DOMAIN,
      teamsAppId: teamsAppIdOf(id, s.TEAMS_APP_ID),
      appVersion: appVersion(),
    },
  };
}

/** The values for the template's `${{NAME}}` placeholders. */
export function placeholders(s: Settings): Record<string, string> {
  return { BOT_ID: s.botId, BOT_DOMAIN: s.botDomain, TEAMS_APP_ID: s.teamsAppId, APP_VERSION: s.appVersion };
}

/** Replaces every `${{NAME}}` in the template's strings; an unknown name throws. */
export function fillTemplate(template: unknown, values: Record<string, string>): unknown {
  const fill = (v: unknown): unknown => {
    if (typeof v === 'string') {
      return v.replace(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_m, name: string) => {
        const value = values[name];
        if (value === undefined)
          throw new Error(`manifest template uses \${{${name}}}, which package.ts does not fill`);
        return value;
      });
    }
    if (Array.isArray(v)) return v.map(fill);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
  };
  const filled = fill(template);
  const left = JSON.stringify(filled).match(/\$\{\{[^}]*\}\}/);
  if (left) throw new Error(`manifest still has a placeholder after filling: ${left[0]}`);
  return filled;
}

export function readTemplate(path: string = TEMPLATE_PATH): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

/** Builds the filled manifest for the given settings. */
export function buildManifest(settings: Settings, template: unknown = readTemplate()): TeamsManifestLatest {
  return fillTemplate(template, placeholders(settings)) as TeamsManifestLatest;
}

/**
 * Validates against the schema named by `$schema`, offline: the schema must be one that
 * @microsoft/app-manifest ships, otherwise the library would download it, so we refuse.
 * Returns the schema's messages (empty when valid).
 */
export async function validateAgainstOfficialSchema(manifest: TeamsManifestLatest): Promise<string[]> {
  const url = manifest.$schema ?? '';
  const prefix = 'https://developer.microsoft.com/';
  const local = url.startsWith(prefix)
    ? join(dirname(require.resolve('@microsoft/app-manifest')), url.slice(prefix.length))
    : undefined;
  if (!local || !existsSync(local)) {
    return [
      `$schema ${url || '(none)'} is not one that @microsoft/app-manifest ships, so it cannot be checked offline`,
    ];
  }
  return AppManifestUtils.validateAgainstSchema(manifest);
}

/** Teams limits on bot commands that the schema leaves out. */
export function commandLimitErrors(manifest: TeamsManifestLatest): string[] {
  const errors: string[] = [];
  (manifest.bots ?? []).forEach((bot, b) => {
    (bot.commandLists ?? []).forEach((list, l) => {
      const where = `/bots/${b}/commandLists/${l} (${list.scopes.join(', ')})`;
      if (list.commands.length > COMMANDS_PER_LIST_MAX)
        errors.push(`${where} has ${list.commands.length} commands; Teams allows ${COMMANDS_PER_LIST_MAX}`);
      const titles = new Set<string>();
      for (const c of list.commands) {
        if (c.title.length > COMMAND_TITLE_MAX)
          errors.push(`${where} command "${c.title}" title is over ${COMMAND_TITLE_MAX} characters`);
        if ((c.description ?? '').length > COMMAND_DESCRIPTION_MAX)
          errors.push(`${where} command "${c.title}" description is over ${COMMAND_DESCRIPTION_MAX} characters`);
        if (titles.has(c.title.toLowerCase())) errors.push(`${where} lists command "${c.title}" twice`);
        titles.add(c.title.toLowerCase());
      }
    });
  });
  return errors;
}

/** Checks the icon files exist, are PNGs and have the sizes Teams requires. */
export function iconErrors(dir: string = MANIFEST_DIR): string[] {
  const errors: string[] = [];
  for (const { file, size } of Object.values(ICONS)) {
    const path = join(dir, file);
    if (!existsSync(path)) {
      errors.push(`${file} is missing: run npx tsx manifest/icons.ts`);
      continue;
    }
    try {
      const png = PNG.sync.read(readFileSync(path));
      if (png.width !== size || png.height !== size)
        errors.push(`${file} is ${png.width}x${png.height}; Teams requires ${size}x${size}`);
    } catch (e) {
      errors.push(`${file} is not a readable PNG: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return errors;
}

/** A fixed date for every zip entry, so the same inputs give the same bytes. */
const ZIP_DATE = new Date(Date.UTC(2024, 0, 1));

/** The zip's bytes: manifest.json, color.png and outline.png at its root. */
export async function zipPackage(manifest: TeamsManifestLatest, iconDir: string = MANIFEST_DIR): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date: ZIP_DATE });
  for (const { file } of Object.values(ICONS)) zip.file(file, readFileSync(join(iconDir, file)), { date: ZIP_DATE });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

/** Parses `--out FILE` (or `--out=FILE`); anything else is an error. */
export function parseArgs(argv: string[]): { ok: true; out: string } | { ok: false; error: string } {
  let out = DEFAULT_OUT;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out' && argv[i + 1] !== undefined) out = argv[++i];
    else if (a.startsWith('--out=') && a.length > '--out='.length) out = a.slice('--out='.length);
    else
      return { ok: false, error: `unknown argument "${a}": usage npm run package [-- --out path/to/appPackage.zip]` };
  }
  return { ok: true, out };
}

/** The command line: returns the exit code. */
export async function main(
  argv: string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const args = parseArgs(argv);
  if (!args.ok) {
    console.error(args.error);
    return 2;
  }
  const read = readSettings(env);
  if (!read.ok) {
    for (const line of read.errors) console.error(line);
    return 2;
  }
  const manifest = buildManifest(read.settings);
  const problems = [
    ...(await validateAgainstOfficialSchema(manifest)).map((m) => `manifest.json${m.startsWith('/') ? '' : ' '}${m}`),
    ...commandLimitErrors(manifest),
    ...iconErrors(),
  ];
  if (problems.length > 0) {
    console.error(`The Teams app package was not written: ${problems.length} problem(s):`);
    for (const p of problems) console.error(`  ${p}`);
    return 1;
  }
  const zip = await zipPackage(manifest);
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, zip);
  const shown = relative(process.cwd(), args.out) || args.out;
  console.log(
    `Wrote ${shown} (Teams app id ${read.settings.teamsAppId}, bot id ${read.settings.botId}, domain ${read.settings.botDomain}, version ${read.settings.appVersion})`,
  );
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exitCode = 1;
    },
  );
}
