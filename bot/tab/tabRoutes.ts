import type { Request, Response, Server } from 'restify';
import type { Logger } from '../log';
import { BoardBotError, ErrorCode, isBoardBotError } from '../errors';
import { parse } from './parseInput';
import type { ErrorResponse, MeResponse } from './tabApi';
import type { TabAuthenticator, TabIdentity } from './tabAuth';
import {
  type Viewer,
  canReadRegister,
  requireActionReader,
  requireKnown,
  requireRegisterReader,
  requireSecretariat,
  viewerOf,
} from './tabAccess';
import type { BoardAccess } from '../board/boardAccess';
import { uploadApply, uploadBodySchema, uploadPreview } from './planUpload';
import { type TabDataDeps, loadAction, loadMe, loadMyActions, loadRegister, loadSummary } from './tabData';
import { updateMyAction } from './myActionUpdate';
import { actionKeySchema, awayBodySchema, registerQuerySchema, updateBodySchema } from './tabQuery';
import { setAway } from '../commands/away';
import { closeActions, closeBodySchema } from './closeActions';
import { SECRETARIAT_ROUTES } from './secretariatRoutes';
import { ASSETS, type AssetName, PAGES, type PageName, WebBundle, pageHeaders } from './tabPages';

/** What the tab routes need: the data, who may see it, and the built pages. */
export interface TabDeps extends TabDataDeps {
  log: Logger;
  auth: TabAuthenticator;
  /** Who is in the secretariat and who may read the board: the chat's rule. */
  access: BoardAccess;
  /** SECRETARIAT as configured: in local mode only, whom the page is for when `?as=` is absent. */
  localSecretariat: readonly string[];
  bundle?: WebBundle;
}

/**
 * Where one deployment serves several boards: which board's deps answer a tab request. The page names
 * its board (the `x-board` header or `?board=`); a request naming none is for the board the person
 * uses in chat (bot/domain/boardChoice.ts).
 */
export interface TabBoards {
  list: readonly { id: string; name: string; deps: TabDeps }[];
  /** The board for a person who named none: their Entra object id and email, as the first board's store knows them. */
  choose(asker: { aadObjectId?: string; email?: string }): Promise<string>;
  /** The board whose channel this is (a channel tab says which channel it is in), if any. */
  ofChannel(channelId: string): Promise<string | undefined>;
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.BoardNotFound]: 404,
  [ErrorCode.NotSignedIn]: 401,
  [ErrorCode.NoAccess]: 403,
  [ErrorCode.UnknownUser]: 403,
  [ErrorCode.NotYourAction]: 403,
  [ErrorCode.ActionNotFound]: 404,
  [ErrorCode.InvalidSubmit]: 400,
};

type Answer = { status?: number; body: unknown };

/** The board a request names: the page's `x-board` header, else `?board=`. */
function boardNamed(req: Request): string | undefined {
  const header = req.headers['x-board'];
  const named =
    (Array.isArray(header) ? header[0] : header) ?? (req.query as Record<string, unknown> | undefined)?.board;
  return typeof named === 'string' && named !== '' ? named : undefined;
}

/**
 * The tab: its pages (GET /tab/board, /tab/my-actions, /tab/config and /tab/assets/*) and its data
 * (GET /api/tab/me, /summary, /register, /actions/:planId/:ref, /my-actions and
 * POST /api/tab/my-actions/:planId/:ref). Every data request is authenticated and authorised first.
 */
export function registerTabRoutes(server: Server, deps: TabDeps, boards?: TabBoards): void {
  const bundle = deps.bundle ?? new WebBundle();
  const local = deps.auth.mode === 'local';

  for (const [name, page] of Object.entries(PAGES) as [PageName, (typeof PAGES)[PageName]][]) {
    server.get(page.path, async (_req: Request, res: Response) => {
      const html = bundle.page(name, deps.auth.mode);
      if (!html) {
        deps.log.error('tab page requested but the web bundle is not built', { dir: bundle.dir });
        res.send(503, {
          code: 'not_built',
          error: 'The tab pages are not built: run npm run build:web (npm start does it).',
        });
        return;
      }
      res.writeHead(200, pageHeaders(local));
      res.end(html);
    });
  }

  server.get('/tab/assets/:file', async (req: Request, res: Response) => {
    const name = String(req.params.file ?? '') as AssetName;
    const asset = Object.hasOwn(ASSETS, name) ? bundle.asset(name) : undefined;
    if (!asset) {
      res.send(404, { code: 'not_found', error: 'no such asset' });
      return;
    }
    const versioned = (req.query as Record<string, unknown> | undefined)?.v === asset.hash;
    res.writeHead(200, {
      'content-type': ASSETS[name],
      'cache-control': versioned ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    res.end(asset.body);
  });

  /** The deps of the board the request is for (the only board, where there is one). */
  const boardFor = async (req: Request, identity: TabIdentity): Promise<{ id?: string; deps: TabDeps }> => {
    if (!boards) return { deps };
    const channel = req.headers['x-board-channel'];
    const named =
      boardNamed(req) ?? (typeof channel === 'string' && channel ? await boards.ofChannel(channel) : undefined);
    if (named === undefined) {
      const someone = await viewerOf(deps.store, deps.access, deps.localSecretariat, identity);
      const chosen = await boards.choose({ aadObjectId: someone.aadObjectId, email: someone.email });
      return boards.list.find((b) => b.id === chosen) ?? boards.list[0];
    }
    const board = boards.list.find((b) => b.id === named);
    if (!board) throw new BoardBotError(ErrorCode.BoardNotFound, `There is no board "${named}" here.`);
    return board;
  };

  const data =
    (handler: (req: Request, viewer: Viewer, deps: TabDeps, board?: string) => Promise<Answer>) =>
    async (req: Request, res: Response) => {
      try {
        const identity = await deps.auth.authenticate({
          headers: req.headers,
          query: (req.query ?? {}) as Record<string, unknown>,
          remoteAddress: req.socket?.remoteAddress,
        });
        const board = await boardFor(req, identity);
        const viewer = await viewerOf(board.deps.store, board.deps.access, board.deps.localSecretariat, identity);
        const answer = await handler(req, viewer, board.deps, board.id);
        res.header('cache-control', 'no-store');
        res.send(answer.status ?? 200, answer.body);
      } catch (e) {
        const status = isBoardBotError(e) ? STATUS[e.code] : undefined;
        if (isBoardBotError(e) && status) {
          if (status === 401 || status === 403)
            deps.log.warn('tab request refused', { code: e.code, path: req.path(), detail: e.detail });
          if (status === 401) res.header('www-authenticate', 'Bearer');
          res.header('cache-control', 'no-store');
          res.send(status, { code: e.code, error: e.message } satisfies ErrorResponse);
          return;
        }
        deps.log.error('tab request failed', { error: e, path: req.path() });
        if (!res.headersSent)
          res.send(500, {
            code: 'internal',
            error: 'Something went wrong on our side; please try again in a minute.',
          } satisfies ErrorResponse);
      }
    };

  server.get(
    '/api/tab/me',
    data(async (_req, v, deps) => {
      if (!v.secretariat) requireKnown(v);
      const me = await loadMe(deps, v, deps.auth.mode);
      if (!boards) return { body: me };
      const here = boards.list.find((b) => b.deps === deps) ?? boards.list[0];
      const list = boards.list.map((b) => ({ id: b.id, name: b.name }));
      return { body: { ...me, board: { id: here.id, name: here.name }, boards: list } satisfies MeResponse };
    }),
  );

  server.get(
    '/api/tab/summary',
    data(async (_req, v, deps) => {
      requireRegisterReader(v);
      return { body: await loadSummary(deps, v) };
    }),
  );

  server.get(
    '/api/tab/register',
    data(async (req, v, deps) => {
      requireRegisterReader(v);
      return { body: await loadRegister(deps, parse(registerQuerySchema, req.query ?? {}, 'filter')) };
    }),
  );

  server.get(
    '/api/tab/actions/:planId/:ref',
    data(async (req, v, deps) => {
      const key = parse(actionKeySchema, req.params, 'action');
      // Board readers read every action; an owner the history of their own (and learns nothing of others').
      if (!canReadRegister(v)) requireActionReader(v, (await deps.store.actions.get(key))?.value.ownerEmail);
      return { body: await loadAction(deps, key) };
    }),
  );

  server.get(
    '/api/tab/my-actions',
    data(async (_req, v, deps) => {
      requireKnown(v);
      return { body: await loadMyActions(deps, v) };
    }),
  );

  server.post(
    '/api/tab/my-actions/:planId/:ref',
    data(async (req, v, deps) => {
      requireKnown(v);
      const key = parse(actionKeySchema, req.params, 'action');
      const body = parse(updateBodySchema, req.body ?? {}, 'update');
      const result = await updateMyAction(deps, v.email, key, body);
      deps.log.info(`tab update ${result.body.outcome}`, { ref: key.ref, planId: key.planId, by: v.email });
      return result;
    }),
  );

  // "Away until" from My actions, through the chat command's own rules (bot/commands/away.ts).
  server.post(
    '/api/tab/my-actions/away',
    data(async (req, v, deps) => {
      requireKnown(v);
      const { until, cover } = parse(awayBodySchema, req.body ?? {}, 'away');
      const me = (await deps.store.owners.get(v.email))?.value ?? {
        email: v.email,
        reachability: 'unknown' as const,
        updatedAt: '',
      };
      return { body: { message: await setAway(deps.store, me, until, cover, deps.clock()) } };
    }),
  );

  // Closure by the board, several at once (the secretariat).
  server.post(
    '/api/tab/closure',
    data(async (req, v, deps) => {
      requireSecretariat(v);
      return closeActions(deps, v, parse(closeBodySchema, req.body ?? {}, 'closure'));
    }),
  );

  // A plan file from the Board report tab (secretariat only): a preview that writes nothing, then Apply.
  for (const [path, run] of [
    ['/api/tab/plan-upload/preview', uploadPreview],
    ['/api/tab/plan-upload/apply', uploadApply],
  ] as const)
    server.post(
      path,
      data(async (req, v, deps) => {
        requireSecretariat(v);
        const result = await run(deps, v, parse(uploadBodySchema, req.body ?? {}, 'plan file'));
        deps.log.info(`tab plan upload ${path.split('/').pop()}`, { status: result.status, by: v.email });
        return result;
      }),
    );

  // The secretariat's edits: add, change and retire actions, minutes, board meetings (bot/tab/secretariatRoutes.ts).
  for (const r of SECRETARIAT_ROUTES)
    server[r.method](
      r.path,
      data(async (req, v, deps) => {
        requireSecretariat(v, r.what);
        const answer = await r.run(deps, v, req);
        deps.log.info(`tab ${r.method} ${r.path}`, { status: answer.status ?? 200, by: v.email });
        return answer;
      }),
    );
}
