/** Every failure the bot knows how to explain, in one place. */
export enum ErrorCode {
  ConfigInvalid = 'config_invalid',
  StorageUnavailable = 'storage_unavailable',
  ActionNotFound = 'action_not_found',
  BoardNotFound = 'board_not_found',
  NotYourAction = 'not_your_action',
  UnknownUser = 'unknown_user',
  StaleCard = 'stale_card',
  InvalidSubmit = 'invalid_submit',
  ImportInvalid = 'import_invalid',
  OwnerUnreachable = 'owner_unreachable',
  NotSecretariat = 'not_secretariat',
  UnknownCommand = 'unknown_command',
  /** The tab's data request carried no valid sign-in (HTTP 401). */
  NotSignedIn = 'not_signed_in',
  /** Signed in, but not someone the board's tab serves (HTTP 403). */
  NoAccess = 'no_access',
  /** A file sent in the 1:1 chat that the bot does not read (not a plan or minutes), or cannot read. */
  FileUnsupported = 'file_unsupported',
  /** A file sent in the 1:1 chat could not be downloaded (its link expired, was refused, too big or too slow). */
  FileDownloadFailed = 'file_download_failed',
  /** A plan upload's preview no longer matches the board, or was already applied or cancelled. */
  UploadStale = 'upload_stale',
}

/** An expected failure: it carries a code and a message fit to show to the person concerned. */
export class BoardBotError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'BoardBotError';
  }
}

export const isBoardBotError = (e: unknown): e is BoardBotError => e instanceof BoardBotError;

const UNEXPECTED =
  'Sorry, something went wrong on our side and your answer may not have been saved. Please try again in a minute; the secretariat can see this error in the logs.';

/** Turns any failure into the sentence a user should read. Unexpected errors never leak details. */
export function userMessageFor(e: unknown): string {
  if (isBoardBotError(e)) return e.message;
  return UNEXPECTED;
}

/** The HTTP status code (if any) carried by an error from a client library. */
export function statusCodeOf(e: unknown): number | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const o = e as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } };
  for (const v of [o.statusCode, o.status, o.response?.status]) if (typeof v === 'number') return v;
  return undefined;
}

/** What an outsider reads for any command, card, tab request or export that shows the board (ErrorCode.NoAccess). */
export const NOT_A_BOARD_READER =
  'The board\'s digest and actions are for the board secretariat and the members of the board\'s team. Type "my actions" for your own actions.';
