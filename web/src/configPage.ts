import { pages } from '@microsoft/teams-js';
import { h, replace } from './dom';
import type { TeamsHost } from './teamsHost';

/** The configuration page Teams shows when the Board report tab is added to a channel. */
export function renderConfig(main: HTMLElement, host: TeamsHost | undefined): void {
  replace(
    main,
    h('h1', {}, 'Add the board report'),
    h(
      'p',
      {},
      "This tab shows the board's weekly digest, the 8-week chart and the whole action register, with each action's history. The board secretariat and the members of this team can read it.",
    ),
    h(
      'p',
      {},
      host
        ? 'Select Save to add it to this channel.'
        : 'Teams shows this page when the Board report tab is added to a channel. Open it inside Microsoft Teams.',
    ),
  );
  if (!host) return;
  const url = `${location.origin}/tab/board`;
  pages.config.registerOnSaveHandler((event) => {
    pages.config
      .setConfig({ entityId: 'board-report', contentUrl: url, websiteUrl: url, suggestedDisplayName: 'Board report' })
      .then(
        () => event.notifySuccess(),
        (e: unknown) => event.notifyFailure(e instanceof Error ? e.message : String(e)),
      );
  });
  pages.config.setValidityState(true);
}
