/**
 * Who may see the board, as plain rules. One rule for chat, cards, tabs and exports:
 * - the secretariat, named by Entra object id, reads everything and runs the secretariat's commands;
 * - board members, the people the roster of the board's team lists, read the board;
 * - an owner sees and updates their own actions, and reads their history;
 * - everyone else, and anyone with no Entra identity, reads nothing of the board.
 */

export type BoardRole = 'secretariat' | 'member' | 'outsider';

/** What is known of the person asking: the Entra object id Teams (or a sign-in token) gives, if any. */
export interface Asker {
  aadObjectId?: string;
}

/** What the board knows: the secretariat's object ids, and whether its team's roster lists the asker. */
export interface BoardFacts {
  secretariat: readonly string[];
  inBoardTeam: boolean;
}

const same = (a?: string, b?: string): boolean => Boolean(a && b && a.toLowerCase() === b.toLowerCase());

/** The person's role on the board. No object id, no role: an identity-less sender is an outsider. */
export function boardRoleOf(asker: Asker, facts: BoardFacts): BoardRole {
  if (!asker.aadObjectId) return 'outsider';
  if (facts.secretariat.some((id) => same(id, asker.aadObjectId))) return 'secretariat';
  return facts.inBoardTeam ? 'member' : 'outsider';
}

/** The board's figures, register, digest and any action's history. */
export const mayReadBoard = (role: BoardRole): boolean => role !== 'outsider';

/** One action's state and history: board readers, and the action's own owner. */
export const mayReadAction = (role: BoardRole, actionOwnerEmail: string, askerEmail?: string): boolean =>
  mayReadBoard(role) || same(actionOwnerEmail, askerEmail);

/** Where a conversation is: a 1:1 chat, a channel of some team, or a group chat. */
export interface Place {
  conversationType: string;
  teamId?: string;
}

/**
 * Whether the board may be shown in this conversation, to everyone in it: in the 1:1 chat, and in the
 * channels of the board's team (whose members are the readers). Anywhere else it goes to the asker alone.
 */
export const mayShowBoardIn = (place: Place, boardTeamId?: string): boolean =>
  place.conversationType === 'personal' ||
  (place.conversationType === 'channel' && Boolean(boardTeamId) && place.teamId === boardTeamId);

/** Activities and sign-ins from the home tenant only; with no home tenant configured (local mode), any. */
export const isHomeTenant = (tenantId: string | undefined, home: string | undefined): boolean =>
  home === undefined || same(tenantId, home);

/** A member of the secretariat as the board keeps them. */
export interface SecretariatMember {
  aadObjectId: string;
  name?: string;
  email?: string;
}

export type SecretariatChange =
  | { kind: 'add'; member: SecretariatMember }
  | { kind: 'remove'; aadObjectId: string; label: string };

/** The secretariat after a change, or why the change is refused (the last member is never removed). */
export function changeSecretariat(
  current: readonly SecretariatMember[],
  change: SecretariatChange,
): { ok: true; members: SecretariatMember[] } | { ok: false; reason: string } {
  if (change.kind === 'add') {
    const already = current.find((m) => same(m.aadObjectId, change.member.aadObjectId));
    if (already) return { ok: false, reason: `${labelOf(already)} is already in the board secretariat.` };
    return {
      ok: true,
      members: [...current, { ...change.member, aadObjectId: change.member.aadObjectId.toLowerCase() }],
    };
  }
  if (!current.some((m) => same(m.aadObjectId, change.aadObjectId)))
    return { ok: false, reason: `${change.label} is not in the board secretariat.` };
  if (current.length <= 1)
    return {
      ok: false,
      reason: `${change.label} is the last member of the board secretariat, so cannot be removed. Add someone else first.`,
    };
  return { ok: true, members: current.filter((m) => !same(m.aadObjectId, change.aadObjectId)) };
}

export const labelOf = (m: SecretariatMember): string => m.name ?? m.email ?? m.aadObjectId;

/** An entry of the SECRETARIAT setting: an Entra object id as it is, or an email to map once the person is known. */
export const looksLikeEmail = (entry: string): boolean => entry.includes('@');

/**
 * The secretariat from configuration, as object ids: object ids count as they are; an email counts once
 * the bot knows that person's object id (from the home tenant's roster or their own 1:1 chat).
 */
export function configuredSecretariat(
  entries: readonly string[],
  idOfEmail: (email: string) => string | undefined,
): SecretariatMember[] {
  const out: SecretariatMember[] = [];
  for (const e of entries) {
    const id = looksLikeEmail(e) ? idOfEmail(e) : e;
    if (id && !out.some((m) => same(m.aadObjectId, id)))
      out.push({ aadObjectId: id.toLowerCase(), email: looksLikeEmail(e) ? e : undefined });
  }
  return out;
}
