import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import { isHomeTenant } from '../domain/access';
import type { Logger } from '../log';

/**
 * Home tenant only: an activity that names another tenant (or none) is not handled at all, before
 * anything is stored; an invoke gets 403. With no home tenant configured (local mode) every activity passes.
 */
export class TenantGuard implements Middleware {
  constructor(
    private readonly home: string | undefined,
    private readonly log: Logger,
  ) {}

  async onTurn(ctx: TurnContext, next: () => Promise<void>): Promise<void> {
    if (this.home === undefined) return next();
    const a = ctx.activity;
    const named = [a.conversation?.tenantId, (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id];
    const tenants = named.filter((t): t is string => Boolean(t));
    if (tenants.length > 0 && tenants.every((t) => isHomeTenant(t, this.home))) return next();
    this.log.warn('activity from another tenant refused', { activityType: a.type, tenants });
    if (a.type === ActivityTypes.Invoke)
      await ctx.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 403 } });
  }
}
