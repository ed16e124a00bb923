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
  const credentials: Credentials = local
    ? async () => asked
    : async () => ({ authorization: `Bearer ${await ssoToken()}` });
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
    if (page === 'board') await renderBoard(main, api, me);
    else await renderMyActions(main, api, me);
  } catch (e) {
    replace(main, h('h1', {}, page === 'board' ? 'Board report' : 'My actions'));
    showError(main, e);
  }
}

void start();
