import type { FlagSettings } from '../domain/challengeFlags';
import type restify from 'restify';
import type { Logger } from '../log';
import type { BoardStore, Clock } from '../domain/ports';
import { loadBoardPaper } from '../digest/boardPaper';
import { PAPER_FORMATS, type PaperFormat, verifyPaperLink } from '../digest/paperLinks';
import { isBoardBotError } from '../errors';

/** GET /exports/paper/board-paper.{docx|html}: a board paper for the period its signed link names. */
export function registerPaperRoute(
  server: restify.Server,
  deps: {
    storeFor(board: string | undefined): BoardStore | undefined;
    flagsFor(board: string | undefined): FlagSettings;
    secret: string;
    clock: Clock;
  },
  log: Logger,
): void {
  server.get('/exports/paper/:file', async (req, res) => {
    const format = String(req.params.file ?? '').replace(/^board-paper\./, '');
    if (!(PAPER_FORMATS as readonly string[]).includes(format)) {
      res.send(400, { error: 'unknown export' });
      return;
    }
    const checked = verifyPaperLink(deps.secret, (req.query ?? {}) as Record<string, unknown>, deps.clock());
    if (!checked.ok) {
      res.send(checked.status, { error: checked.reason });
      return;
    }
    const store = deps.storeFor(checked.board);
    if (!store) {
      res.send(404, { error: 'no such board' });
      return;
    }
    try {
      const paper = await loadBoardPaper(
        store,
        checked.period,
        format as PaperFormat,
        deps.clock(),
        deps.flagsFor(checked.board),
        log,
      );
      res.writeHead(200, {
        'content-type': paper.contentType,
        'content-disposition': `${format === 'docx' ? 'attachment' : 'inline'}; filename="${paper.fileName}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        ...(format === 'html'
          ? { 'content-security-policy': "default-src 'none'; img-src data:; style-src 'unsafe-inline'" }
          : {}),
      });
      res.end(paper.body);
    } catch (e) {
      if (isBoardBotError(e)) res.send(404, { error: e.message });
      else {
        log.error('board paper failed', { error: e });
        res.send(500, { error: 'internal error' });
      }
    }
  });
}
