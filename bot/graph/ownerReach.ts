import type { GraphConfig } from '../config';
import { type OwnerReach, type ReachedOwner, ReachRefused } from '../domain/ports';
import type { Logger } from '../log';
import {
  type GraphHttp,
  type GraphResponse,
  GraphSignInFailed,
  GraphUnavailable,
  graphWords,
  odataString,
} from './graphHttp';

/** Where the steps below are explained for the people who can fix them. */
const DOCS = 'docs/deploying.md, "Reaching every owner"';
const CONSENT = `ask an Entra admin to grant admin consent to the bot's app for the Graph permissions in ${DOCS}, or add them to the board's team`;

interface DirectoryUser {
  id: string;
  displayName?: string;
}

const SELECT = '$select=id,displayName,userPrincipalName,mail';

/** Why Graph refused an install, in words: licence, a policy that blocks the app, or missing consent. */
function installRefusal(r: GraphResponse, catalogAppId: string): ReachRefused {
  const words = graphWords(r);
  if (/licen[cs]e/i.test(words))
    return new ReachRefused(
      `they have no Microsoft Teams licence, so the app cannot be installed for them (Microsoft Graph ${r.status}: ${words})`,
      'ask IT to assign them a Teams licence, or reassign their actions',
      r.status,
    );
  if (r.status === 403 && /polic|blocked/i.test(words))
    return new ReachRefused(
      `a Teams app permission policy blocks the app for them (Microsoft Graph 403: ${words})`,
      'ask a Teams admin to allow the app in the app permission policy that applies to them',
      r.status,
    );
  if (r.status === 403)
    return new ReachRefused(
      `Microsoft Graph refused to install the app for them (403, no admin consent for TeamsAppInstallation.ReadWriteSelfForUser.All: ${words})`,
      CONSENT,
      r.status,
    );
  if (r.status === 404)
    return new ReachRefused(
      `the app is not in the organisation's Teams app catalogue as ${catalogAppId} (Microsoft Graph 404: ${words})`,
      `ask a Teams admin to publish the app to the organisation's app catalogue and set TEAMS_CATALOG_APP_ID to its catalogue id (${DOCS})`,
      r.status,
    );
  return new ReachRefused(
    `Microsoft Graph refused to install the app for them (${r.status}: ${words})`,
    `see ${DOCS}`,
    r.status,
  );
}

/**
 * Makes an owner who has no chat with the bot reachable, through Microsoft Graph: finds them in the
 * directory by UPN (then by mail), installs the app in their personal scope (409: it already is),
 * finds that installation and reads its 1:1 chat with the bot. Sends nothing itself, so every step
 * is safe to repeat; the card goes through the messenger, once, like any other.
 */
export class GraphOwnerReach implements OwnerReach {
  constructor(
    private readonly http: GraphHttp,
    private readonly config: GraphConfig,
    private readonly log: Logger,
  ) {}

  async reach(email: string): Promise<ReachedOwner> {
    try {
      const user = await this.findUser(email);
      const installationId = await this.install(user.id);
      const chatId = await this.chatOf(user.id, installationId);
      this.log.info('app installed for an owner through Microsoft Graph', { owner: email, installationId });
      return {
        aadObjectId: user.id,
        name: user.displayName,
        tenantId: this.config.tenantId,
        chatId,
        serviceUrl: this.config.serviceUrl,
      };
    } catch (e) {
      if (e instanceof GraphSignInFailed)
        throw new ReachRefused(
          `the bot could not sign in to Microsoft Graph (${e.message.split('\n')[0]})`,
          `check GRAPH_CREDENTIAL and the bot's client secret or managed identity (${DOCS})`,
        );
      throw e;
    }
  }

  /** The person's Entra user: by user principal name, else by mail (a plan may carry either). */
  private async findUser(email: string): Promise<DirectoryUser> {
    const byUpn = await this.http.request('GET', `/users/${encodeURIComponent(email)}?${SELECT}`);
    if (byUpn.status === 200 && typeof byUpn.body?.id === 'string') return byUpn.body as unknown as DirectoryUser;
    if (byUpn.status !== 404) throw this.lookupRefusal(byUpn);
    const byMail = await this.http.request(
      'GET',
      `/users?$filter=${encodeURIComponent(`mail eq ${odataString(email)}`)}&${SELECT}`,
    );
    if (byMail.status !== 200) throw this.lookupRefusal(byMail);
    const found = (byMail.body?.value as DirectoryUser[] | undefined) ?? [];
    if (found.length === 1) return found[0];
    throw new ReachRefused(
      found.length === 0
        ? `no one with the address ${email} in the organisation's directory (Microsoft Graph ${byUpn.status}: ${graphWords(byUpn)})`
        : `${found.length} people in the organisation's directory have the address ${email}`,
      "check the owner's email in the plan, or reassign their actions to someone in the organisation",
      404,
    );
  }

  private lookupRefusal(r: GraphResponse): ReachRefused {
    if (r.status === 403 || r.status === 401)
      return new ReachRefused(
        `Microsoft Graph refused to look them up in the directory (${r.status}, no admin consent for User.Read.All: ${graphWords(r)})`,
        CONSENT,
        r.status,
      );
    return new ReachRefused(
      `Microsoft Graph refused to look them up in the directory (${r.status}: ${graphWords(r)})`,
      "check the owner's email in the plan",
      r.status,
    );
  }

  /** Installs the app for the user (201; 409 when it already was) and returns the installation's id. */
  private async install(userId: string): Promise<string> {
    const user = `/users/${encodeURIComponent(userId)}/teamwork/installedApps`;
    const posted = await this.http.request('POST', user, {
      'teamsApp@odata.bind': `${this.config.baseUrl}/appCatalogs/teamsApps/${this.config.catalogAppId}`,
    });
    if (posted.status !== 201 && posted.status !== 200 && posted.status !== 409)
      throw installRefusal(posted, this.config.catalogAppId);
    const filter = encodeURIComponent(`teamsApp/id eq ${odataString(this.config.catalogAppId)}`);
    const listed = await this.http.request('GET', `${user}?$expand=teamsApp&$filter=${filter}`);
    if (listed.status !== 200) throw installRefusal(listed, this.config.catalogAppId);
    const id = (listed.body?.value as { id?: string }[] | undefined)?.[0]?.id;
    // Just installed but not listed yet: Graph catches up within moments; the next tick asks again.
    if (!id) throw new GraphUnavailable('the app was installed for them, but Microsoft Graph does not list it yet');
    return id;
  }

  /** The 1:1 chat between the user and the bot, which the installation created. */
  private async chatOf(userId: string, installationId: string): Promise<string> {
    const r = await this.http.request(
      'GET',
      `/users/${encodeURIComponent(userId)}/teamwork/installedApps/${encodeURIComponent(installationId)}/chat`,
    );
    if (r.status === 200 && typeof r.body?.id === 'string') return r.body.id;
    if (r.status === 404) throw new GraphUnavailable('the app was installed for them, but its chat is not ready yet');
    throw installRefusal(r, this.config.catalogAppId);
  }
}
