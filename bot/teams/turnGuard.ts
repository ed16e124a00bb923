import { type Activity, ActivityTypes, type InvokeResponse, type Middleware, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { noticeCard } from '../../cards/noticeCard';
import { type Clock, ConcurrencyConflict, type TurnRepository } from '../domain/ports';
import { type TurnRecord, turnDecision } from '../domain/turns';
import type { Logger } from '../log';

/** How long turns are remembered, and how long one instance may hold a turn before another runs it. */
export interface TurnGuardOptions {
  /** A redelivery within this much of the first delivery is recognised (default one day). */
  memoryMs?: number;
  /** A turn still "running" after this was left by an instance that died (default 10 s). */
  leaseMs?: number;
  /** How often a redelivery that arrives while the first is running looks again (default 200 ms). */
  pollMs?: number;
  /**
   * Invokes that may run twice and still be recorded once, because their only write is the Ledger's
   * commit, whose history row carries the request's fingerprint (bot/replies/recordReply.ts): an owner's
   * Save, "no change", "not mine". They are not claimed before they run (one write fewer); their answer
   * is recorded once, with an insert, before it goes back, and a second delivery answers with the first's.
   */
  safeToRepeat?: (activity: Activity) => boolean;
}

const DAY = 86_400_000;
const storedAnswer = z.object({ status: z.number().int(), body: z.unknown().optional() });
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** What a redelivered card press gets when its first answer was not kept (too big) or is not known yet. */
const alreadyHandled = (): InvokeResponse => ({
  status: 200,
  body: {
    statusCode: 200,
    type: 'application/vnd.microsoft.card.adaptive',
    value: noticeCard({
      title: 'Already handled',
      text: 'I have already received this. Type "my actions" for a fresh card if you want to change anything.',
    }),
  },
});

/**
 * Runs each inbound message and invoke once, however often Teams delivers it: the first delivery
 * claims the activity id in storage (shared by every instance); a redelivery sends nothing for a
 * message and repeats the stored answer for an invoke. A claim left by a dead instance is taken over.
 */
export class TurnGuard implements Middleware {
  constructor(
    private readonly turns: TurnRepository,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: TurnGuardOptions = {},
  ) {}

  async onTurn(ctx: TurnContext, next: () => Promise<void>): Promise<void> {
    const a = ctx.activity;
    if ((a.type !== ActivityTypes.Message && a.type !== ActivityTypes.Invoke) || !a.id || !a.conversation?.id)
      return next();
    if (a.type === ActivityTypes.Invoke && this.options.safeToRepeat?.(a)) return this.runRepeatable(ctx, a, next);
    let claim: { record: TurnRecord; etag: string } | undefined;
    try {
      claim = await this.claim(ctx, a);
      if (!claim) return;
    } catch (e) {
      // Storage is unreachable: handle the turn anyway, so the person reads the handler's own answer
      // (e.g. "may not have been saved") rather than nothing; a redelivery now may then run twice.
      this.log.warn('turn not de-duplicated: storage did not answer', { error: e, activityId: a.id });
      return next();
    }
    const held = claim;
    let answer: InvokeResponse | undefined;
    ctx.onSendActivities(async (_c, activities, send) => {
      for (const x of activities) if (x.type === ActivityTypes.InvokeResponse) answer = x.value as InvokeResponse;
      return send();
    });
    try {
      await next();
    } catch (e) {
      await this.turns.release(held.record, held.etag).catch(() => undefined);
      throw e;
    }
    const done: TurnRecord = {
      ...held.record,
      state: 'done',
      result: answer ? JSON.stringify(answer) : undefined,
    };
    await this.turns.replace(done, held.etag).catch((e: unknown) => {
      if (!(e instanceof ConcurrencyConflict)) this.log.error('could not record a handled turn', { error: e });
    });
  }

  /**
   * Runs an invoke that is safe to repeat without a claim; its answer is recorded (an insert) as it goes
   * back. When another delivery of the same activity recorded its answer first, that answer goes back instead.
   */
  private async runRepeatable(ctx: TurnContext, a: Activity, next: () => Promise<void>): Promise<void> {
    ctx.onSendActivities(async (_c, activities, send) => {
      for (const x of activities)
        if (x.type === ActivityTypes.InvokeResponse) {
          const first = await this.keep(a, x.value as InvokeResponse).catch((e: unknown) => {
            this.log.warn('turn not recorded: storage did not answer', { error: e, activityId: a.id });
            return undefined;
          });
          if (first) x.value = first;
        }
      return send();
    });
    await next();
  }

  /** Records an answer under the activity id; the answer already recorded for it, when there is one. */
  private async keep(a: Activity, answer: InvokeResponse): Promise<InvokeResponse | undefined> {
    const now = this.clock().getTime();
    const at = new Date(now).toISOString();
    const record: TurnRecord = {
      conversationId: a.conversation.id,
      activityId: a.id as string,
      state: 'done',
      claimedAt: at,
      leaseUntil: at,
      expiresAt: new Date(now + (this.options.memoryMs ?? DAY)).toISOString(),
      result: JSON.stringify(answer),
    };
    const r = await this.turns.claim(record);
    if (r.claimed) return undefined;
    const decision = turnDecision(r.found.value, this.clock());
    if (decision === 'replay' && r.found.value.result) {
      this.log.info('redelivered activity answered as the first delivery was', {
        activityId: a.id,
        conversation: a.conversation.id,
        firstClaimedAt: r.found.value.claimedAt,
      });
      return storedAnswer.parse(JSON.parse(r.found.value.result));
    }
    // A record that expired (or was left running by an instance that died): this answer replaces it.
    if (decision === 'run') await this.turns.replace(record, r.found.etag).catch(() => undefined);
    return undefined;
  }

  /** Claims the activity, or answers a redelivery; the claim when this delivery is the one to run. */
  private async claim(ctx: TurnContext, a: Activity): Promise<{ record: TurnRecord; etag: string } | undefined> {
    const leaseMs = this.options.leaseMs ?? 10_000;
    const pollMs = this.options.pollMs ?? 200;
    const fresh = (): TurnRecord => {
      const now = this.clock().getTime();
      return {
        conversationId: a.conversation.id,
        activityId: a.id as string,
        state: 'running',
        claimedAt: new Date(now).toISOString(),
        leaseUntil: new Date(now + leaseMs).toISOString(),
        expiresAt: new Date(now + (this.options.memoryMs ?? DAY)).toISOString(),
      };
    };
    // Waits at most about one lease (in real time) for a first delivery that is still running.
    for (let waited = 0; ; waited += pollMs) {
      const record = fresh();
      const r = await this.turns.claim(record);
      if (r.claimed) return { record, etag: r.etag };
      const decision = turnDecision(r.found.value, this.clock());
      if (decision === 'run') {
        try {
          return { record, etag: await this.turns.replace(record, r.found.etag) };
        } catch (e) {
          if (e instanceof ConcurrencyConflict) continue;
          throw e;
        }
      }
      if (decision === 'replay' || waited >= leaseMs) {
        await this.replay(ctx, a, r.found.value);
        return undefined;
      }
      await sleep(pollMs);
    }
  }

  private async replay(ctx: TurnContext, a: Activity, found: TurnRecord): Promise<void> {
    this.log.info('redelivered activity not handled again', {
      activityType: a.type,
      activityId: a.id,
      conversation: a.conversation.id,
      firstClaimedAt: found.claimedAt,
      state: found.state,
    });
    if (a.type !== ActivityTypes.Invoke) return;
    const answer = found.result ? storedAnswer.parse(JSON.parse(found.result)) : undefined;
    const value = answer ?? (a.name === 'adaptiveCard/action' ? alreadyHandled() : { status: 200 });
    await ctx.sendActivity({ type: ActivityTypes.InvokeResponse, value });
  }
}
