import type { BoardStore } from '../domain/ports';
import { nameOf } from '../domain/people';
import type { Owner } from '../domain/types';
import { type BoardRole, mayReadAction, mayReadBoard } from '../domain/access';
import type { BoardAccess } from '../board/boardAccess';
import { BoardBotError, ErrorCode, NOT_A_BOARD_READER } from '../errors';
import type { TabIdentity } from './tabAuth';

/**
 * Who is looking, as the board sees them: the same rule as the chat's (bot/domain/access.ts).
 * - the secretariat (by Entra object id) reads the register and gets the exports;
 * - board members (in the roster of the board channel's team) read the register;
 * - an owner sees and updates their own actions in My actions, and reads their history, only theirs;
 * - anyone else is refused (403), and a request without a valid sign-in is 401.
 * With SSO the person is the token's Entra object id (`oid`), as a card click is; in local mode (no
 * sign-in at all, this computer only) `?as=` (an email or object id), or else the first SECRETARIAT
 * entry, and a SECRETARIAT email counts as the secretariat there.
 */
export interface Viewer {
  email?: string;
  name?: string;
  aadObjectId?: string;
  role: BoardRole;
  secretariat: boolean;
}

export const canReadRegister = (v: Viewer): boolean => mayReadBoard(v.role);

const looksLikeEmail = (s: string) => s.includes('@');

export async function viewerOf(
  store: BoardStore,
  access: BoardAccess,
  localSecretariat: readonly string[],
  id: TabIdentity,
): Promise<Viewer> {
  let owner: Owner | undefined;
  let email: string | undefined;
  let aad: string | undefined;
  let name: string | undefined;
  if (id.via === 'sso') {
    aad = id.oid;
    owner = await store.owners.getByAadObjectId(id.oid);
    email = owner?.email;
    name = nameOf(owner) ?? id.name;
  } else {
    const as = id.as ?? localSecretariat[0];
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
    name = nameOf(owner);
  }
  let role = await access.roleOf(aad);
  if (id.via === 'local' && email && localSecretariat.includes(email)) role = 'secretariat';
  return { email, name, aadObjectId: aad, role, secretariat: role === 'secretariat' };
}

/** One action's history: board readers, and that action's owner; anyone else the same refusal whether it exists or not. */
export function requireActionReader(v: Viewer, actionOwnerEmail: string | undefined): void {
  if (!mayReadAction(v.role, actionOwnerEmail ?? '', v.email))
    throw new BoardBotError(ErrorCode.NoAccess, NOT_A_BOARD_READER);
}

/** The register and any action's history: the secretariat and board members. */
export function requireRegisterReader(v: Viewer): void {
  if (!canReadRegister(v)) {
    throw new BoardBotError(ErrorCode.NoAccess, NOT_A_BOARD_READER);
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

/** Secretariat work in the tab (uploading a plan, editing actions): the board secretariat only. */
export function requireSecretariat(v: Viewer, what = 'Uploading a plan'): void {
  if (!v.secretariat) throw new BoardBotError(ErrorCode.NoAccess, `${what} is for the board secretariat.`);
}

/** The secretariat member making a change in the tab, as history records them. */
export const secretariatActor = (v: Viewer) => ({
  email: v.email ?? v.aadObjectId ?? 'secretariat',
  role: 'secretariat' as const,
});
