import { FLAG_DEFAULTS } from '../../bot/domain/challengeFlags';
import { mkdtempSync, rmSync } from 'node:fs';
import { BoardAccess } from '../../bot/board/boardAccess';
import { tmpdir } from 'node:os';
import path from 'node:path';
import restify from 'restify';
import { buildWeb } from '../../web/build';
import { registerTabRoutes } from '../../bot/tab/tabRoutes';
import { WebBundle } from '../../bot/tab/tabPages';
import { localAuthenticator } from '../../bot/tab/tabAuth';
import { silentLogger } from '../../bot/log';
import { freshStore } from '../support/storage';
import { type TabApp, startTabApp } from './support/tabApp';
import { EntraStandIn } from './support/entraStandIn';
import { TENANT } from '../support/fixtures';
import { APP_ID } from './support/tabApp';

/** The pages themselves: served by the bot, built by esbuild, locked down by their headers. */
describe('the tab pages', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'tab-web-'));
  let built: Awaited<ReturnType<typeof buildWeb>>;
  let t: TabApp;
  beforeAll(async () => {
    built = await buildWeb(out);
    t = await startTabApp();
  });
  afterAll(async () => {
    await t.stop();
    rmSync(out, { recursive: true, force: true });
  });

  test('the bundle is small: script and styles under 40 KB gzipped together', () => {
    const gzip = built.reduce((n, f) => n + f.gzipBytes, 0);
    console.log(`tab bundle: ${built.map((f) => `${f.file} ${f.bytes} B (${f.gzipBytes} B gzip)`).join(', ')}`);
    expect(built.map((f) => f.file)).toEqual(['tab.js', 'tab.css']);
    expect(gzip).toBeLessThan(40 * 1024);
  });

  test.each([
    ['/tab/board', 'board', 'Board report'],
    ['/tab/my-actions', 'my-actions', 'My actions'],
    ['/tab/config', 'config', 'Add the board report'],
  ])('%s is an HTML shell naming its page, with the hashed bundle and no data', async (url, page, title) => {
    const r = await fetch(`${t.app.url}${url}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await r.text();
    expect(html).toContain(`<body data-page="${page}" data-mode="local">`);
    expect(html).toContain(`<title>${title} · Board Actions</title>`);
    expect(html).toMatch(/<script src="\/tab\/assets\/tab\.js\?v=[0-9a-f]{12}" defer><\/script>/);
    expect(html).not.toContain('example.org');
  });

  test('the pages may be framed only by Teams (and this computer in local mode), and run only their own script', async () => {
    const csp = (await fetch(`${t.app.url}/tab/board`)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(
      /frame-ancestors 'self' https:\/\/teams\.microsoft\.com https:\/\/\*\.teams\.microsoft\.com .*http:\/\/127\.0\.0\.1:\*/,
    );
    expect(csp).not.toContain('unsafe');
  });

  test('assets: long-lived when asked for by hash, revalidated otherwise; nothing else is served', async () => {
    const html = await (await fetch(`${t.app.url}/tab/board`)).text();
    const js = /src="(\/tab\/assets\/tab\.js\?v=[0-9a-f]+)"/.exec(html)![1];
    const hashed = await fetch(`${t.app.url}${js}`);
    expect(hashed.status).toBe(200);
    expect(hashed.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(hashed.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${t.app.url}/tab/assets/tab.css`)).headers.get('cache-control')).toBe('no-cache');
    for (const bad of [
      '/tab/assets/..%2F..%2Fpackage.json',
      '/tab/assets/tab.js.map',
      '/tab/assets/main.ts',
      '/tab/assets/toString',
    ])
      expect((await fetch(`${t.app.url}${bad}`)).status).toBe(404);
  });

  test('a bot whose bundle was never built answers its pages 503 with what to run', async () => {
    const server = restify.createServer();
    const store = await freshStore();
    registerTabRoutes(server, {
      store,
      clock: () => new Date(),
      chart: async () => undefined,
      flags: FLAG_DEFAULTS,
      exportLink: () => '',
      log: silentLogger,
      auth: localAuthenticator(),
      access: new BoardAccess(store, [], () => new Date()),
      localSecretariat: [],
      bundle: new WebBundle(path.join(out, 'nowhere')),
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const r = await fetch(`http://127.0.0.1:${server.address().port}/tab/board`);
      expect(r.status).toBe(503);
      expect(((await r.json()) as { error: string }).error).toContain('npm run build:web');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  test('with app credentials the pages say data-mode="sso" and allow no local framing', async () => {
    const entra = await new EntraStandIn(TENANT, APP_ID).start();
    const sso = await startTabApp({ sso: entra });
    try {
      const r = await fetch(`${sso.app.url}/tab/my-actions`);
      expect(await r.text()).toContain('data-mode="sso"');
      expect(r.headers.get('content-security-policy')).not.toContain('127.0.0.1');
    } finally {
      await sso.stop();
      await entra.stop();
    }
  });
});
