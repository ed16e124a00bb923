import { type TeamsChannelAccount, TeamsInfo, type TurnContext } from 'botbuilder';
import { type BoardStore, ConcurrencyConflict } from '../domain/ports';
import type { Owner } from '../domain/types';
import { type TeamMember, replaceTeamRoster } from '../board/teamRoster';

/** The team an activity came from (a channel's conversationUpdate or message), as Teams names it. */
export const teamIdOf = (ctx: TurnContext): string | undefined => ctx.activity.channelData?.team?.id || undefined;

/** The person's email as the plan knows it: their email, or else their UPN. */
export const emailOf = (m: Pick<TeamsChannelAccount, 'email' | 'userPrincipalName'>): string | undefined =>
  (m.email || m.userPrincipalName || undefined)?.toLowerCase();

/** Saves a Teams member as a person the bot can reach: Entra object id, Teams user id, tenant and service URL. */
export async function saveMember(
  store: BoardStore,
  ctx: TurnContext,
  m: TeamsChannelAccount,
  extra: Partial<Owner> = {},
): Promise<Owner | undefined> {
  const email = emailOf(m);
  if (!email) return undefined;
  return store.owners.save({
    email,
    name: m.name,
    aadObjectId: m.aadObjectId,
    teamsUserId: m.id,
    tenantId: m.tenantId ?? ctx.activity.conversation.tenantId ?? ctx.activity.channelData?.tenant?.id,
    serviceUrl: ctx.activity.serviceUrl,
    ...extra,
  });
}

/** Keeps the display name a turn gives (its `from.name`) as the person's Teams name, when it is new to the bot. */
export async function rememberTurnName(
  store: BoardStore,
  owner: Owner | undefined,
  name: string | undefined,
): Promise<Owner | undefined> {
  const given = name?.trim();
  if (!owner || !given || given === owner.name) return owner;
  return store.owners.save({ email: owner.email, name: given });
}

/** How long one install's roster read stands: Teams sends installationUpdate and conversationUpdate together. */
const ONE_INSTALL_MS = 10 * 60_000;

/**
 * Reads the team roster once per install: the first of the install's events claims the read in
 * storage (across instances) and the others reuse its count. A later reinstall reads it afresh.
 */
export async function syncRoster(
  store: BoardStore,
  ctx: TurnContext,
  now: () => Date = () => new Date(),
): Promise<number> {
  const team = teamIdOf(ctx) ?? ctx.activity.conversation.id;
  const key = `rosterRead:${team}`;
  const mark = (count: number | null) => JSON.stringify({ at: now().toISOString(), count });
  const found = await store.shared.getVersioned(key);
  const last = found ? (JSON.parse(found.value) as { at: string; count: number | null }) : undefined;
  if (last && now().getTime() - Date.parse(last.at) < ONE_INSTALL_MS) return countOf(store, key);
  try {
    if (found) await store.shared.replace(key, mark(null), found.etag);
    else if (!(await store.shared.claim(key, mark(null)))) return countOf(store, key);
  } catch (e) {
    if (e instanceof ConcurrencyConflict) return countOf(store, key);
    throw e;
  }
  try {
    const count = await readRoster(store, ctx, now);
    await store.shared.set(key, mark(count));
    return count;
  } catch (e) {
    await store.shared.release(key);
    throw e;
  }
}

/** The count the install's roster read found, waiting (up to 20 s) while another event of the same install reads it. */
async function countOf(store: BoardStore, key: string): Promise<number> {
  for (let waited = 0; waited < 20_000; waited += 200) {
    const value = await store.shared.get(key);
    const count = value ? (JSON.parse(value) as { count: number | null }).count : 0;
    if (count !== null) return count;
    await new Promise((r) => setTimeout(r, 200));
  }
  return 0;
}

/**
 * Reads the whole team roster page by page (TeamsInfo.getPagedMembers), saves everyone as a person the
 * bot can reach, and records the team's members by Entra object id (the board's readers, when it is the
 * board's team); how many people it lists.
 */
export async function readRoster(
  store: BoardStore,
  ctx: TurnContext,
  now: () => Date = () => new Date(),
): Promise<number> {
  let token: string | undefined;
  const members: TeamMember[] = [];
  do {
    const page = await TeamsInfo.getPagedMembers(ctx, 500, token);
    for (const m of page.members) {
      const saved = await saveMember(store, ctx, m);
      if (m.aadObjectId) members.push({ aadObjectId: m.aadObjectId, email: saved?.email, name: m.name });
    }
    token = page.continuationToken || undefined;
  } while (token);
  const team = teamIdOf(ctx);
  if (team) await replaceTeamRoster(store.shared, team, members, now().toISOString());
  return members.length;
}
