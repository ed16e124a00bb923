import type { FlagSettings } from '../domain/challengeFlags';
import restify from 'restify';
import { z } from 'zod';
import type { Logger } from '../log';
import type { BoardStore, Clock } from '../domain/ports';
import type { Digest } from '../domain/digest';
import { londonDate } from '../domain/calendar';
import { verifyExportLink } from '../digest/exportLinks';
import { registerWorkbook, templateWorkbook } from '../digest/exportXlsx';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
import { loadBoard } from '../digest/loadDigest';
import { actionsCsv } from '../digest/exportCsv';
import { htmlReport } from '../digest/htmlReport';
import { isBoardBotError } from '../errors';
import { registerPaperRoute } from './paperRoute';
import { type RequestGuardPolicy, refusalOf } from './requestGuard';

/** The routes of the service and what they call. */
export interface Routes {
  /** Bot Framework activities from Teams (authenticated by the adapter when credentials are set). */
  messages(req: restify.Request, res: restify.Response): Promise<void>;
  /** Resolves when storage answers. */
  storageReachable(): Promise<void>;
  /** What signed export links need. */
  exports: {
    /** The store of the board a signed link names (a link naming none: the first board's); undefined if none such. */
    storeFor(board: string | undefined): BoardStore | undefined;
    secret: string;
    clock: Clock;
    chart(d: Digest): Promise<string | undefined>;
    /** The board's thresholds for challenge flags (FLAG_* settings); each board's where a link names it. */
    flagsFor(board: string | undefined): FlagSettings;
  };
  /** Which requests are refused before any route: see ./requestGuard.ts. */
  guard: RequestGuardPolicy;
}

/** The least an inbound activity must be before the Bot Framework sees it. */
const activitySchema = z.looseObject({ type: z.string().min(1).max(64), id: z.string().max(512).optional() });

/** restify server: POST /api/messages and GET /healthz. */
export function createServer(routes: Routes, log: Logger): restify.Server {
  const server = restify.createServer({ name: 'board-chaser', handleUncaughtExceptions: false });
  server.pre((req, res, next) => {
    const refused = refusalOf({ method: req.method ?? 'GET', headers: req.headers }, routes.guard);
    if (!refused) return next();
    log.warn('request refused before routing', { status: refused.status, method: req.method, path: req.path() });
    res.send(refused.status, { error: refused.error });
    return next(false);
  });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // JSON only: no urlencoded or multipart bodies, which any web page can post across sites without a preflight.
  server.use(restify.plugins.bodyReader({ maxBodySize: 512 * 1024 }));
  server.use(restify.plugins.jsonBodyParser({ mapParams: false }));

  server.post('/api/messages', async (req, res) => {
    const shape = activitySchema.safeParse(req.body);
    if (!shape.success) {
      res.send(400, {
        error: 'the body is not a Bot Framework activity',
        issues: shape.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'body'}: ${i.message}`),
      });
      return;
    }
    try {
      await routes.messages(req, res);
    } catch (e) {
      log.error('request failed', { error: e, path: req.path() });
      if (!res.headersSent) res.send(500, { error: 'internal error' });
    }
  });

  server.get('/healthz', async (_req, res) => {
    const started = Date.now();
    try {
      await routes.storageReachable();
      res.send(200, { status: 'ok', storage: 'reachable', ms: Date.now() - started });
    } catch (e) {
      // The reason is for the logs: whoever can reach /healthz learns only that storage is unreachable.
      log.warn('health check failed', { error: e });
      res.send(503, { status: 'unhealthy', storage: 'unreachable' });
    }
  });
  registerPaperRoute(server, routes.exports, log);
  // The blank plan template holds no data, so it needs no signed link.
  server.get('/exports/plan-template.xlsx', async (_req, res) => {
    const body = await templateWorkbook();
    res.writeHead(200, {
      'content-type': XLSX_TYPE,
      'content-disposition': 'attachment; filename="plan-template.xlsx"',
      'x-content-type-options': 'nosniff',
    });
    res.end(body);
  });
  server.get('/exports/:file', async (req, res) => {
    const kind = String(req.params.file ?? '').replace(/^board\./, '');
    const checked = verifyExportLink(
      routes.exports.secret,
      kind,
      (req.query ?? {}) as Record<string, unknown>,
      routes.exports.clock(),
    );
    if (!checked.ok) {
      res.send(checked.status, { error: checked.reason });
      return;
    }
    const store = routes.exports.storeFor(checked.board);
    if (!store) {
      res.send(404, { error: 'no such board' });
      return;
    }
    try {
      const { digest, actions, flags, names } = await loadBoard(store, checked.query, routes.exports.clock(), {
        flags: routes.exports.flagsFor(checked.board),
      });
      const name = `board-${digest.week}`;
      const body =
        kind === 'csv'
          ? actionsCsv(actions, digest.asOf, londonDate(new Date(digest.asOf)), flags, names)
          : kind === 'xlsx'
            ? await registerWorkbook(actions, names)
            : htmlReport(digest, await routes.exports.chart(digest));
      res.writeHead(200, {
        'content-type':
          kind === 'csv' ? 'text/csv; charset=utf-8' : kind === 'xlsx' ? XLSX_TYPE : 'text/html; charset=utf-8',
        'content-disposition': `${kind === 'html' ? 'inline' : 'attachment'}; filename="${name}.${kind}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        ...(kind === 'html'
          ? { 'content-security-policy': "default-src 'none'; img-src data:; style-src 'unsafe-inline'" }
          : {}),
      });
      res.end(body);
    } catch (e) {
      if (isBoardBotError(e)) res.send(404, { error: e.message });
      else {
        log.error('export failed', { error: e });
        res.send(500, { error: 'internal error' });
      }
    }
  });
  return server;
}
