import { type TeamsChannelAccount, TeamsInfo, type TurnContext } from 'botbuilder';
import type { BoardStore } from '../domain/ports';
import type { Owner } from '../domain/types';

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

/** Reads the whole team roster page by page (TeamsInfo.getPagedMembers) and saves everyone. */
export async function syncRoster(store: BoardStore, ctx: TurnContext): Promise<number> {
  let token: string | undefined;
  let saved = 0;
  do {
    const page = await TeamsInfo.getPagedMembers(ctx, 500, token);
    for (const m of page.members) if (await saveMember(store, ctx, m)) saved += 1;
    token = page.continuationToken || undefined;
  } while (token);
  return saved;
}
