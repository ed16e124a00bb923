import {
  type Activity,
  CardFactory,
  type CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
  MessageFactory,
  TurnContext,
} from 'botbuilder';
import { type Delivered, DeliveryFailed, type Messenger, type Recipient } from '../domain/ports';
import { statusCodeOf } from '../errors';

const PERMANENT = new Set([403, 404]);

/** Reads Retry-After (seconds or an HTTP date) from a connector error's response, if any. */
function retryAfterOf(e: unknown): number | undefined {
  const headers = (e as { response?: { headers?: { get?(name: string): string | undefined } } })?.response?.headers;
  const value = headers?.get?.('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function classify(e: unknown): DeliveryFailed {
  if (e instanceof DeliveryFailed) return e;
  const status = statusCodeOf(e);
  const message = e instanceof Error ? e.message : String(e);
  return new DeliveryFailed(message, status !== undefined && PERMANENT.has(status), status, retryAfterOf(e));
}

/**
 * Sends to people over the Bot Connector. The turn logic records its result and errors in variables:
 * botbuilder hands an error thrown inside the callback to onTurnError and resolves as if all went
 * well, so delivery counts only when sendActivity itself resolved.
 */
export class ConnectorMessenger implements Messenger {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly botId: string,
  ) {}

  sendCard(to: Recipient, card: object, summary: string): Promise<Delivered> {
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    activity.summary = summary;
    return this.send(to, activity);
  }

  sendText(to: Recipient, text: string): Promise<Delivered> {
    return this.send(to, MessageFactory.text(text));
  }

  async updateCard(conversation: string, activityId: string, card: object): Promise<void> {
    const ref = JSON.parse(conversation) as Partial<ConversationReference>;
    await this.capture(ref, async (ctx) => {
      const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
      await ctx.updateActivity({ ...activity, id: activityId, conversation: ref.conversation });
      return undefined;
    });
  }

  private async send(to: Recipient, activity: Partial<Activity>): Promise<Delivered> {
    const deliver = async (ctx: TurnContext): Promise<Delivered> => {
      const r = await ctx.sendActivity(activity);
      const ref = TurnContext.getConversationReference(ctx.activity);
      const conversation = JSON.stringify({
        ...ref,
        user: { id: to.teamsUserId ?? to.aadObjectId, aadObjectId: to.aadObjectId },
      });
      return { activityId: r?.id ?? '', conversationId: ctx.activity.conversation.id, conversation };
    };
    if (to.conversation) return (await this.capture(JSON.parse(to.conversation), deliver)) as Delivered;
    const memberId = to.teamsUserId ?? to.aadObjectId;
    if (!memberId || !to.serviceUrl || !to.tenantId) {
      throw new DeliveryFailed(
        'no chat with this person yet and no Teams id, tenant or service URL to start one',
        true,
      );
    }
    const params: ConversationParameters = {
      isGroup: false,
      bot: { id: this.botId, name: 'Board actions' },
      members: [{ id: memberId, name: to.email }],
      tenantId: to.tenantId,
      channelData: { tenant: { id: to.tenantId } },
      activity: undefined as unknown as Activity,
    };
    let result: Delivered | undefined;
    let failure: unknown;
    try {
      await this.adapter.createConversationAsync(
        this.appId,
        'msteams',
        to.serviceUrl,
        undefined as unknown as string,
        params,
        async (ctx) => {
          try {
            result = await deliver(ctx);
          } catch (e) {
            failure = e;
          }
        },
      );
    } catch (e) {
      throw classify(e);
    }
    if (failure !== undefined || !result)
      throw classify(failure ?? new Error('the conversation was created but nothing was sent'));
    return result;
  }

  private async capture<T>(ref: Partial<ConversationReference>, logic: (ctx: TurnContext) => Promise<T>): Promise<T> {
    let result: T | undefined;
    let failure: unknown;
    let ran = false;
    try {
      await this.adapter.continueConversationAsync(this.appId, ref, async (ctx) => {
        ran = true;
        try {
          result = await logic(ctx);
        } catch (e) {
          failure = e;
        }
      });
    } catch (e) {
      throw classify(e);
    }
    if (failure !== undefined || !ran) throw classify(failure ?? new Error('the conversation could not be continued'));
    return result as T;
  }
}
