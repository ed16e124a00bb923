import './tab.css';
import type { MeResponse } from '../../bot/tab/tabApi';
import { type Credentials, createApi } from './api';
import { renderBoard } from './board';
import { renderConfig } from './configPage';
import { h, replace } from './dom';
import { renderMyActions } from './myActions';
import { showError } from './notices';
import { applyTheme, connectToTeams, ssoToken } from './teamsHost';

/**
 * The tab pages' entry point: connect to Teams (context and theme), say clearly when the page is not
 * inside Teams, then show the page the server named in <body data-page>.
 */
async function start(): Promise<void> {
  const main = document.getElementById('main') as HTMLElement;
  const page = document.body.dataset.page;
  const local = document.body.dataset.mode === 'local';
  const params = new URLSearchParams(location.search);
  const host = await connectToTeams();
  applyTheme(host?.theme ?? params.get('theme'));
  if (page === 'config') return renderConfig(main, host);

  if (!host && !local) {
    replace(
      main,
      h('h1', {}, page === 'board' ? 'Board report' : 'My actions'),
      h(
        'div',
        { class: 'notice notice-warning', role: 'alert' },
        h('p', {}, h('strong', {}, 'Open this inside Microsoft Teams.')),
        h(
          'p',
          {},
          "This page is a tab of the Board Actions app: it needs Teams to sign you in. In Teams, open the Board report tab in the board's channel, or My actions in the Board Actions app.",
        ),
      ),
    );
    return;
  }
  const who = host
    ? host.context.user?.userPrincipalName || host.context.user?.loginHint || undefined
    : params.get('as') || undefined;
  const asked: Record<string, string> = who ? { 'x-board-as': who } : {};
  // Where the deployment serves several boards, the page's address names its board (?board=).
  // Else, in a channel tab, the board whose channel this is.
  const board = params.get('board');
  const channel = host?.context.channel?.id;
  const scope: Record<string, string> = board ? { 'x-board': board } : channel ? { 'x-board-channel': channel } : {};
  const credentials: Credentials = local
    ? async () => ({ ...asked, ...scope })
    : async () => ({ authorization: `Bearer ${await ssoToken()}`, ...scope });
  const api = createApi(credentials);
  try {
    const me = await api.get<MeResponse>('/api/tab/me');
    if (!host) {
      document.body.prepend(
        h(
          'header',
          { class: 'banner' },
          h('strong', {}, 'Not inside Microsoft Teams. '),
          `Local mode: showing this computer's board as ${me.user.name ?? me.user.email ?? 'nobody'}${who ? '' : ' (add ?as=someone@example.org to the address to be someone else)'}.`,
        ),
      );
    }
    if (me.boards && me.boards.length > 1) document.body.prepend(boardSwitcher(me, params));
    if (page === 'board') await renderBoard(main, api, me);
    else await renderMyActions(main, api, me);
  } catch (e) {
    replace(main, h('h1', {}, page === 'board' ? 'Board report' : 'My actions'));
    showError(main, e);
  }
}

/** A deployment of several boards: which board this page shows, and links to the others. */
function boardSwitcher(me: MeResponse, params: URLSearchParams): HTMLElement {
  const links = (me.boards ?? []).map((b) => {
    const q = new URLSearchParams(params);
    q.set('board', b.id);
    return b.id === me.board?.id
      ? h('strong', { 'aria-current': 'page' }, b.name)
      : h('a', { href: `${location.pathname}?${q}` }, b.name);
  });
  return h(
    'nav',
    { class: 'boards', 'aria-label': 'Boards' },
    'Board: ',
    ...links.flatMap((l, i) => (i ? [' · ', l] : [l])),
  );
}

void start();
