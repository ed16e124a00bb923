/**
 * A stand-in for the Teams host, for the tab's browser tests: a page (served at
 * https://teams.microsoft.com by request interception, an origin teams-js trusts) that frames the
 * tab and answers teams-js the way Teams does, over postMessage: `initialize` (frame context, host
 * client type, runtime), `getContext` (the user, the theme, the tab's entity), and
 * `authentication.getAuthToken` (an SSO token the test signed). It can change the theme
 * (`themeChange`) and press the configuration dialog's Save (`settings.save`), and it records every
 * call the tab made, in `window.__teams`.
 */

/** The Teams context (the host's v1 shape, which teams-js turns into app.Context). */
export interface HostContext {
  theme: 'default' | 'dark' | 'contrast';
  userPrincipalName: string;
  loginHint: string;
  userObjectId: string;
  userDisplayName?: string;
  tid: string;
  entityId?: string;
  channelId?: string;
  teamId?: string;
  groupId?: string;
  locale?: string;
}

export interface HostOptions {
  tabUrl: string;
  context: HostContext;
  /** 'content' for a tab, 'settings' for the configuration page. */
  frameContext?: 'content' | 'settings';
  /** What authentication.getAuthToken answers; undefined: the host refuses. */
  token?: string;
}

/** The runtime capabilities a Teams web client announces (teams-js runtime API version 4). */
const RUNTIME = {
  apiVersion: 4,
  hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
  isLegacyTeams: false,
  supports: {
    appInitialization: {},
    appEntity: {},
    authentication: {},
    dialog: { card: { bot: {} }, url: { bot: {} }, update: {} },
    pages: { appButton: {}, backStack: {}, config: {}, currentApp: {}, fullTrust: {}, tabs: {} },
    teamsCore: {},
  },
};

export function hostPage(o: HostOptions): string {
  const context = { locale: 'en-gb', hostClientType: 'web', frameContext: o.frameContext ?? 'content', ...o.context };
  const config = JSON.stringify({
    tabUrl: o.tabUrl,
    context,
    token: o.token ?? null,
    frameContext: o.frameContext ?? 'content',
    runtime: JSON.stringify(RUNTIME),
  }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Microsoft Teams (test host)</title>
<style>html,body{margin:0;height:100%;background:#ebebeb}iframe{border:0;width:100%;height:100%;display:block}</style></head>
<body><iframe id="tab" title="Board Actions" src="${o.tabUrl}"></iframe>
<script>
const cfg = ${config};
const frame = document.getElementById('tab');
window.__teams = { calls: [], settings: [], validity: undefined, saved: undefined };
window.addEventListener('message', (e) => {
  if (e.source !== frame.contentWindow) return;
  const m = e.data;
  if (!m || typeof m !== 'object' || typeof m.func !== 'string') return;
  window.__teams.calls.push(m.func);
  const reply = (args) => frame.contentWindow.postMessage({ id: m.id, uuidAsString: m.uuidAsString, args }, e.origin);
  switch (m.func) {
    case 'initialize': return reply([cfg.frameContext, 'web', cfg.runtime, '2.58.0']);
    case 'getContext': return reply([cfg.context]);
    case 'authentication.getAuthToken': return cfg.token ? reply([true, cfg.token]) : reply([false, 'The user has not consented']);
    case 'settings.setValidityState': window.__teams.validity = m.args[0]; return;
    case 'settings.setSettings': window.__teams.settings.push(m.args[0]); return reply([true]);
    case 'settings.save.success': window.__teams.saved = true; return;
    case 'settings.save.failure': window.__teams.saved = m.args[0] || false; return;
    default: return; // notifications (appInitialization.*, registerHandler...) need no answer
  }
});
window.setTheme = (theme) => frame.contentWindow.postMessage({ func: 'themeChange', args: [theme] }, '*');
window.pressSave = () => frame.contentWindow.postMessage({ func: 'settings.save', args: [{}] }, '*');
</script></body></html>`;
}
