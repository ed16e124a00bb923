import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The tab pages: one small HTML shell per page around the bundled script and style sheet that
 * web/build.ts writes (esbuild), served by the bot itself. The shells carry no data: the page asks
 * the data endpoints, with a Teams SSO token, once it has connected to Teams.
 */

/** Where web/build.ts puts the bundle: web/dist from the sources, dist/web/dist from the compiled bot. */
export const WEB_DIST = path.resolve(__dirname, '..', '..', 'web', 'dist');

export const PAGES = {
  board: { path: '/tab/board', title: 'Board report' },
  'my-actions': { path: '/tab/my-actions', title: 'My actions' },
  config: { path: '/tab/config', title: 'Add the board report' },
} as const;
export type PageName = keyof typeof PAGES;

export const ASSETS = { 'tab.js': 'text/javascript; charset=utf-8', 'tab.css': 'text/css; charset=utf-8' } as const;
export type AssetName = keyof typeof ASSETS;

/** Hosts allowed to frame the tabs: Teams on the web, desktop and mobile, and the Microsoft 365 hosts that run Teams apps. */
const TEAMS_FRAME_ANCESTORS = [
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://teams.cloud.microsoft',
  'https://*.cloud.microsoft',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://*.microsoft365.com',
  'https://*.skype.com',
  'https://*.teams.microsoft.us',
  'https://local.teams.office.com',
];

/** Security headers of the pages: scripts and styles only from here, framed only by Teams (or, in local mode, by this computer). */
export function pageHeaders(local: boolean): Record<string, string> {
  const ancestors = [
    "'self'",
    ...TEAMS_FRAME_ANCESTORS,
    ...(local ? ['http://localhost:*', 'http://127.0.0.1:*'] : []),
  ].join(' ');
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy': [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self' https://res.cdn.office.net",
      "base-uri 'none'",
      "form-action 'none'",
      `frame-ancestors ${ancestors}`,
    ].join('; '),
  };
}

interface Asset {
  body: Buffer;
  hash: string;
  mtimeMs: number;
}

/** The built bundle, read once and again whenever a rebuild changes it. */
export class WebBundle {
  private cache = new Map<AssetName, Asset>();
  constructor(readonly dir: string = WEB_DIST) {}

  /** The asset, or undefined when the bundle has not been built. */
  asset(name: AssetName): Asset | undefined {
    const file = path.join(this.dir, name);
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      return undefined;
    }
    const cached = this.cache.get(name);
    if (cached && cached.mtimeMs === mtimeMs) return cached;
    const body = readFileSync(file);
    const asset = { body, hash: createHash('sha256').update(body).digest('hex').slice(0, 12), mtimeMs };
    this.cache.set(name, asset);
    return asset;
  }

  /** The HTML shell of a page, or undefined when the bundle has not been built. */
  page(name: PageName, mode: 'sso' | 'local'): string | undefined {
    const js = this.asset('tab.js');
    const css = this.asset('tab.css');
    if (!js || !css) return undefined;
    return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${PAGES[name].title} · Board Actions</title>
<link rel="stylesheet" href="/tab/assets/tab.css?v=${css.hash}">
<script src="/tab/assets/tab.js?v=${js.hash}" defer></script>
</head>
<body data-page="${name}" data-mode="${mode}">
<main id="main" tabindex="-1"><p class="loading">Loading ${PAGES[name].title.toLowerCase()}…</p></main>
<noscript><p>This page needs JavaScript, which Microsoft Teams provides.</p></noscript>
</body>
</html>
`;
  }
}
