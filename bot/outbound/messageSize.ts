/** Teams refuses a bot message over about 100 KB, counted as UTF-16 with base64 (data-URI) images left out. */
export const TEAMS_MESSAGE_LIMIT_BYTES = 100 * 1024;
/** What we allow ourselves: well under the limit, so envelope and rounding never tip a card over it. */
export const MESSAGE_BUDGET_BYTES = 80 * 1024;

const DATA_URI = /data:[a-z0-9.+-]+\/[a-z0-9.+-]+(;[a-z0-9=.+-]+)*;base64,[A-Za-z0-9+/=]*/gi;

/** A message's size as Teams counts it: two bytes per UTF-16 code unit of its JSON, data-URI images excluded. */
export function teamsMessageBytes(message: unknown): number {
  return JSON.stringify(message).replace(DATA_URI, '').length * 2;
}
