import type { BoardStore } from '../domain/ports';
import type { Owner } from '../domain/types';
import { BoardBotError, ErrorCode } from '../errors';
import { isSecretariat } from '../commands/context';
import type { TabIdentity } from './tabAuth';

/**
 * Who is looking, as the board sees them. The rules:
 * - the secretariat (SECRETARIAT: emails or Entra object ids) reads the register and gets the exports;
 * - board members, anyone the bot knows from Teams (a person in the Owners table with an Entra object
 *   id: the board team's roster, read when the app is installed in the team, or someone who installed
 *   the app), read the register, as they may already ask the bot for the digest or any action's status;
 * - an owner sees and updates their own actions in My actions, and only theirs;
 * - anyone else is refused (403), and a request without a valid sign-in is 401.
 * With SSO the person is found by the token's Entra object id, as a card click is; in local mode by
 * `?as=` (an email or object id), or else as the first SECRETARIAT entry.
 */
export interface Viewer {
  email?: string;
  name?: string;
  aadObjectId?: string;
  secretariat: boolean;
  member: boolean;
}

export const canReadRegister = (v: Viewer): boolean => v.secretariat || v.member;

const looksLikeEmail = (s: string) => s.includes('@');

export async function viewerOf(store: BoardStore, secretariat: readonly string[], id: TabIdentity): Promise<Viewer> {
  let owner: Owner | undefined;
  let email: string | undefined;
  let aad: string | undefined;
  let name: string | undefined;
  if (id.via === 'sso') {
    aad = id.oid;
    owner = await store.owners.getByAadObjectId(id.oid);
    email = owner?.email;
    name = owner?.name ?? id.name;
  } else {
    const as = id.as ?? secretariat[0];
    if (!as)
      throw new BoardBotError(
        ErrorCode.NotSignedIn,
        'Local mode: say whose board this is, e.g. ?as=amira.khan@example.org (or set SECRETARIAT).',
      );
    if (looksLikeEmail(as)) {
      email = as;
      owner = (await store.owners.get(as))?.value;
      aad = owner?.aadObjectId;
    } else {
      aad = as;
      owner = await store.owners.getByAadObjectId(as);
      email = owner?.email;
    }
    name = owner?.name;
  }
  const list = [...secretariat];
  const isSec =
    isSecretariat(list, { aadObjectId: aad }, owner) || Boolean(id.via === 'local' && email && list.includes(email));
  return { email, name, aadObjectId: aad, secretariat: isSec, member: Boolean(owner?.aadObjectId) };
}

/** The register and any action's history: the secretariat and board members. */
export function requireRegisterReader(v: Viewer): void {
  if (!canReadRegister(v)) {
    throw new BoardBotError(
      ErrorCode.NoAccess,
      "The board report is for the board secretariat and the members of the board's team. Your own actions are under My actions.",
    );
  }
}

/** Someone the board knows at all (for My actions): a known email, or the secretariat. */
export function requireKnown(v: Viewer): asserts v is Viewer & { email: string } {
  if (!v.email) {
    throw new BoardBotError(
      ErrorCode.NoAccess,
      "I could not match your Teams account to anyone in the board's plan or team. Please ask the board secretariat to check the email on your actions.",
    );
  }
}

/** Secretariat work in the tab (uploading a plan): the board secretariat only. */
export function requireSecretariat(v: Viewer): void {
  if (!v.secretariat) throw new BoardBotError(ErrorCode.NoAccess, 'Uploading a plan is for the board secretariat.');
}
