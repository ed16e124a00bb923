/**
 * How big a card is as Teams counts a bot message: its JSON in UTF-16 (two bytes per code unit), with
 * images sent inline as `data:` URIs left out. Teams refuses a message over about 100 KB
 * (413 MessageSizeTooBig); the bot keeps every card under TEAMS_MESSAGE_BUDGET_BYTES to leave room for
 * the activity around it.
 */

/** Teams' limit for one bot message, about 100 KB counted in UTF-16 (Microsoft Learn, "format your bot messages"). */
export const TEAMS_MESSAGE_LIMIT_BYTES = 100 * 1024;

/** What a card may measure: under the limit with a margin for the activity's own fields. */
export const TEAMS_MESSAGE_BUDGET_BYTES = 80 * 1024;

const DATA_URI = /^data:/i;

/** The size Teams counts for `card`, in bytes: UTF-16 code units × 2, `data:` URI strings (inline images) excluded. */
export function teamsMessageBytes(card: unknown): number {
  const json = JSON.stringify(card, (_key, value: unknown) =>
    typeof value === 'string' && DATA_URI.test(value) ? '' : value,
  );
  return (json ?? '').length * 2;
}

/** True when `card` fits the bot's budget for one Teams message. */
export function fitsTeamsMessage(card: unknown): boolean {
  return teamsMessageBytes(card) < TEAMS_MESSAGE_BUDGET_BYTES;
}
