import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { COMMANDS } from '../../bot/commands/parseCommand';
import { renderColorIcon, renderOutlineIcon } from '../../manifest/icons';
import { PAGES } from '../../bot/tab/tabPages';
import { loadConfig } from '../../bot/config';
import {
  COMMAND_DESCRIPTION_MAX,
  COMMAND_TITLE_MAX,
  COMMANDS_PER_LIST_MAX,
  buildManifest,
  commandLimitErrors,
  iconErrors,
  readSettings,
  uuidV5,
  validateAgainstOfficialSchema,
  type Settings,
} from '../../manifest/package';

// @microsoft/app-manifest requires strip-bom@5, which is ESM only. Node 20.19+ loads it
// (require(esm)), so `npm run package` works, but Jest's module loader on Node < 24.9 does not;
// so in this test process only, that one module is replaced by the same one-liner in CommonJS.
// (The `npm run package` tests below run the real thing in a child process.)
jest.mock(
  require.resolve('strip-bom', { paths: [require('node:path').dirname(require.resolve('@microsoft/app-manifest'))] }),
  () => ({ __esModule: true, default: (s: string) => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s) }),
);

const ROOT = join(__dirname, '..', '..');
const BOT_ID = '8e0f3a2b-1c4d-4e5f-9a6b-7c8d9e0f1a2b';
const BOT_DOMAIN = 'board-actions.example.org';

function settings(): Settings {
  const read = readSettings({ BOT_ID, BOT_DOMAIN });
  if (!read.ok) throw new Error(read.errors.join('; '));
  return read.settings;
}

function png(file: string): PNG {
  return PNG.sync.read(readFileSync(join(ROOT, 'manifest', file)));
}

/** Runs `npm run package` with exactly the given variables (plus PATH/HOME) and collects its output. */
function runPackage(
  vars: Record<string, string>,
  out: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...vars };
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'package', '--', '--out', out],
      { cwd: ROOT, env, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The script's own lines: npm may add its own diagnostics (e.g. "npm warn ...") depending on the machine's npmrc. */
const ownLines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^npm (warn|notice|error)\b/i.test(l));

describe('Teams app manifest template', () => {
  const manifest = buildManifest(settings());

  test('the filled template passes the official v1.30 schema offline', async () => {
    expect(manifest.manifestVersion).toBe('1.30');
    expect(await validateAgainstOfficialSchema(manifest)).toEqual([]);
  });

  test('the schema check is not vacuous: a bad scope is reported', async () => {
    const bad = JSON.parse(JSON.stringify(manifest)) as { bots: { scopes: string[] }[] };
    bad.bots[0].scopes = ['everyone'];
    const errors = await validateAgainstOfficialSchema(bad as unknown as typeof manifest);
    expect(errors.join('\n')).toMatch(/\/bots\/0\/scopes\/0/);
  });

  test('ids, domain and names are filled in and no placeholder is left', () => {
    const text = JSON.stringify(manifest);
    expect(text).not.toContain('${{');
    expect(manifest.id).toBe(uuidV5(BOT_ID));
    expect(manifest.bots?.[0].botId).toBe(BOT_ID);
    expect(manifest.validDomains).toEqual([BOT_DOMAIN]);
    expect(manifest.developer.privacyUrl).toBe(`https://${BOT_DOMAIN}/privacy`);
    expect(manifest.developer.termsOfUseUrl).toBe(`https://${BOT_DOMAIN}/terms`);
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
  });

  test('one conversational bot in personal, team and group chat, taking files in the 1:1 chat', () => {
    expect(manifest.bots).toHaveLength(1);
    const bot = manifest.bots![0];
    expect([...bot.scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot.isNotificationOnly).toBe(false);
    expect(bot.supportsFiles).toBe(true);
  });

  test('one command list per scope, within Teams limits, no duplicates', () => {
    const lists = manifest.bots![0].commandLists ?? [];
    expect(lists.map((l) => l.scopes)).toEqual([['personal'], ['team'], ['groupChat']]);
    for (const list of lists) {
      expect(list.commands.length).toBeGreaterThan(0);
      expect(list.commands.length).toBeLessThanOrEqual(COMMANDS_PER_LIST_MAX);
      const titles = list.commands.map((c) => c.title);
      expect(new Set(titles).size).toBe(titles.length);
      for (const c of list.commands) {
        expect(c.title.length).toBeLessThanOrEqual(COMMAND_TITLE_MAX);
        expect(c.description).toBeTruthy();
        expect((c.description ?? '').length).toBeLessThanOrEqual(COMMAND_DESCRIPTION_MAX);
      }
    }
    expect(commandLimitErrors(manifest)).toEqual([]);
  });

  test('every command offered in Teams is one the bot parses, and every command the bot parses is offered somewhere', () => {
    const lists = manifest.bots![0].commandLists ?? [];
    const understood = new Set<string>(COMMANDS.map((c) => c.name));
    const offered = new Set(lists.flatMap((l) => l.commands.map((c) => c.title)));
    expect([...offered].filter((t) => !understood.has(t))).toEqual([]);
    expect([...understood].filter((t) => !offered.has(t))).toEqual([]);
  });

  test('a command only the secretariat may use says so in the Teams menu, and no other command does', () => {
    const secretariatOnly = new Set<string>(COMMANDS.filter((c) => c.secretariat).map((c) => c.name));
    for (const list of manifest.bots![0].commandLists ?? [])
      for (const c of list.commands) {
        const says = /\(secretariat\)$/.test(c.description ?? '');
        expect({ scope: list.scopes[0], title: c.title, says }).toEqual({
          scope: list.scopes[0],
          title: c.title,
          says: secretariatOnly.has(c.title),
        });
      }
  });

  test('the limit check reports long titles, long descriptions, too many and duplicated commands', () => {
    const bad = JSON.parse(JSON.stringify(manifest)) as typeof manifest;
    const list = bad.bots![0].commandLists![0];
    list.commands.push({
      title: 'x'.repeat(COMMAND_TITLE_MAX + 1),
      description: 'y'.repeat(COMMAND_DESCRIPTION_MAX + 1),
    });
    list.commands.push(...Array.from({ length: 6 }, () => ({ title: 'help', description: 'again' })));
    const errors = commandLimitErrors(bad).join('\n');
    expect(errors).toMatch(/title is over 32/);
    expect(errors).toMatch(/description is over 128/);
    expect(errors).toMatch(new RegExp(`has ${list.commands.length} commands; Teams allows 12`));
    expect(errors).toMatch(/"help" twice/);
  });

  test('the tabs: My actions as a personal tab and the Board report as a channel tab, both pages the bot serves', () => {
    const served = new Set(Object.values(PAGES).map((p) => `https://${BOT_DOMAIN}${p.path}`));
    const myActions = manifest.staticTabs?.find((t) => t.name === PAGES['my-actions'].title);
    expect(myActions?.scopes).toEqual(['personal']);
    expect(served.has(myActions?.contentUrl ?? '')).toBe(true);
    const boardTabs = manifest.configurableTabs ?? [];
    expect(boardTabs.map((t) => t.context)).toEqual([['channelTab']]);
    expect(served.has(boardTabs[0].configurationUrl)).toBe(true);
    for (const url of served) expect(manifest.validDomains).toContain(new URL(url).host);
  });

  test('Teams SSO: the token audience the manifest asks for is one the bot accepts when given the same app id and address', () => {
    const config = loadConfig({
      MicrosoftAppId: BOT_ID,
      MicrosoftAppPassword: 'not-used-here',
      MicrosoftAppTenantId: '6f1b2c3d-0000-4000-8000-0000000000aa',
      PUBLIC_URL: `https://${BOT_DOMAIN}`,
    });
    expect(manifest.webApplicationInfo?.id).toBe(BOT_ID);
    expect(config.credentials?.tabSso.audiences).toContain(manifest.webApplicationInfo?.resource);
  });
});

describe('settings', () => {
  test('MicrosoftAppId stands in for BOT_ID; TEAMS_APP_ID defaults to a stable id derived from it', () => {
    const a = readSettings({ MicrosoftAppId: BOT_ID.toUpperCase(), BOT_DOMAIN: 'Board-Actions.Example.org' });
    const b = readSettings({ BOT_ID, BOT_DOMAIN });
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.settings).toEqual(b.settings);
    expect(a.settings.teamsAppId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.settings.teamsAppId).not.toBe(BOT_ID);
  });

  test('uuidV5 matches the RFC 9562 example (DNS namespace, www.example.com)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  test('an explicit TEAMS_APP_ID is used', () => {
    const id = '11111111-2222-4333-8444-555555555555';
    const r = readSettings({ BOT_ID, BOT_DOMAIN, TEAMS_APP_ID: id });
    expect(r.ok && r.settings.teamsAppId).toBe(id);
  });

  test.each([
    [{ BOT_DOMAIN }, /^BOT_ID is required/],
    [{ BOT_ID: 'not-a-guid', BOT_DOMAIN }, /^BOT_ID must be .*GUID.*\(got "not-a-guid"\)/],
    [{ BOT_ID }, /^BOT_DOMAIN is required/],
    [{ BOT_ID, BOT_DOMAIN: `https://${BOT_DOMAIN}` }, /^BOT_DOMAIN must be a host name without scheme/],
    [{ BOT_ID, BOT_DOMAIN: `${BOT_DOMAIN}/api` }, /^BOT_DOMAIN must be a host name only/],
    [{ BOT_ID, BOT_DOMAIN, TEAMS_APP_ID: 'x' }, /^TEAMS_APP_ID must be a GUID/],
    [
      { BOT_ID, MicrosoftAppId: '11111111-2222-4333-8444-555555555555', BOT_DOMAIN },
      /^BOT_ID .* and MicrosoftAppId .* differ/,
    ],
  ])('%j gives one line naming the variable', (env, message) => {
    const r = readSettings(env);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(message);
  });
});

describe('icons', () => {
  test('color.png is 192x192 and opaque', () => {
    const color = png('color.png');
    expect([color.width, color.height]).toEqual([192, 192]);
    for (let i = 3; i < color.data.length; i += 4)
      if (color.data[i] !== 255) throw new Error(`pixel ${(i - 3) / 4} is not opaque`);
  });

  test('outline.png is 32x32, has an alpha channel, and every pixel is fully transparent or white', () => {
    const outline = png('outline.png');
    expect([outline.width, outline.height]).toEqual([32, 32]);
    expect(readFileSync(join(ROOT, 'manifest', 'outline.png'))[25]).toBe(6); // IHDR colour type 6: RGBA
    let visible = 0;
    let transparent = 0;
    for (let p = 0; p < 32 * 32; p++) {
      const [r, g, b, a] = outline.data.subarray(p * 4, p * 4 + 4);
      if (a === 0) transparent++;
      else if (r === 255 && g === 255 && b === 255) visible++;
      else
        throw new Error(
          `pixel ${p % 32},${Math.floor(p / 32)} is rgba(${r},${g},${b},${a}), neither transparent nor white`,
        );
    }
    expect(visible).toBeGreaterThan(50);
    expect(transparent).toBeGreaterThan(500);
  });

  test('the checked-in icons are what manifest/icons.ts draws', () => {
    expect(Buffer.from(png('color.png').data).equals(Buffer.from(renderColorIcon().data))).toBe(true);
    expect(Buffer.from(png('outline.png').data).equals(Buffer.from(renderOutlineIcon().data))).toBe(true);
    expect(iconErrors()).toEqual([]);
  });
});

describe('npm run package', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'app-package-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('writes a zip with manifest.json, color.png and outline.png at its root, filled in', async () => {
    const out = join(dir, 'appPackage.zip');
    const run = await runPackage({ BOT_ID, BOT_DOMAIN }, out);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Wrote');
    const zip = await JSZip.loadAsync(readFileSync(out));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const text = await zip.file('manifest.json')!.async('string');
    expect(text).not.toContain('${{');
    const m = JSON.parse(text) as {
      id: string;
      bots: { botId: string }[];
      validDomains: string[];
      developer: { websiteUrl: string };
    };
    expect(m.bots[0].botId).toBe(BOT_ID);
    expect(m.id).toBe(uuidV5(BOT_ID));
    expect(m.validDomains).toEqual([BOT_DOMAIN]);
    expect(m.developer.websiteUrl).toBe(`https://${BOT_DOMAIN}/`);
    const color = PNG.sync.read(await zip.file('color.png')!.async('nodebuffer'));
    expect([color.width, color.height]).toEqual([192, 192]);
  });

  test('with BOT_DOMAIN missing it exits 2 with one line naming BOT_DOMAIN', async () => {
    const out = join(dir, 'missing-domain.zip');
    const run = await runPackage({ MicrosoftAppId: BOT_ID }, out);
    expect(run.code).toBe(2);
    const lines = ownLines(run.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^BOT_DOMAIN is required/);
    expect(ownLines(run.stdout)).toEqual([]);
  });
});
