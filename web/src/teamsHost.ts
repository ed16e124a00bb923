import { app, authentication } from '@microsoft/teams-js';

export type Theme = 'default' | 'dark' | 'contrast';

/** The page inside Teams: who is looking and how Teams is themed. */
export interface TeamsHost {
  context: app.Context;
  theme: Theme;
}

const asTheme = (t: string | null | undefined): Theme => (t === 'dark' || t === 'contrast' ? t : 'default');

/** Follows the Teams theme (default, dark, high contrast) with the CSS variables of tab.css. */
export function applyTheme(theme: string | null | undefined): void {
  document.documentElement.dataset.theme = asTheme(theme);
}

/**
 * Connects to the Teams host. Outside Teams (a plain browser) there is no parent window and
 * teams-js fails at once; in a frame that is not Teams it would wait a minute, so give up sooner.
 */
export async function connectToTeams(timeoutMs = 4000): Promise<TeamsHost | undefined> {
  if (window.parent === window && !window.opener) return undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      app.initialize(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), timeoutMs))),
    ]);
    const context = await app.getContext();
    app.registerOnThemeChangeHandler((t) => applyTheme(t));
    app.notifySuccess();
    return { context, theme: asTheme(context.app.theme) };
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** A Teams SSO token for the bot's app (Teams caches and refreshes it). */
export const ssoToken = (): Promise<string> => authentication.getAuthToken();
