/**
 * Links from cards to the bot's Teams tab pages (bot/tab). Cards carry them only when the bot knows
 * the public address people reach it at (PUBLIC_URL): app start-up sets them once, and a test can
 * pass its own to the card functions.
 */
export interface TabLinks {
  /** The board report: digest, 8-week chart and the whole action register. */
  boardReport: string;
  /** The owner's own open actions, with the same update form as the chase card. */
  myActions: string;
}

export const tabLinksFor = (publicUrl: string): TabLinks => {
  const base = publicUrl.replace(/\/+$/, '');
  return { boardReport: `${base}/tab/board`, myActions: `${base}/tab/my-actions` };
};

let configured: TabLinks | undefined;

/** Set at start-up (undefined: cards carry no tab links). */
export function setTabLinks(links: TabLinks | undefined): void {
  configured = links;
}

export const configuredTabLinks = (): TabLinks | undefined => configured;
