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
import { DeliveryUnknown, MessageTooBig, NotDelivered, SendReleased, isReleased } from '../outbound/deliveryErrors';
import { MESSAGE_BUDGET_BYTES, teamsMessageBytes } from '../outbound/messageSize';
import { retryAfterMs } from '../outbound/outboundGate';

/** Where a request failed: starting the 1:1 chat (safe to retry) or posting the message (maybe stored). */
type Stage = 'create' | 'send';

/** Reads Retry-After from a connector error's response, if any. */
function retryAfterOf(e: unknown): number | undefined {
  const headers = (e as { response?: { headers?: { get?(name: string): string | undefined } } })?.response?.headers;
  return retryAfterMs(headers?.get?.('retry-after'));
}

const codeOf = (e: unknown): string | undefined => {
  for (let x = e, depth = 0; x && depth < 4; depth++) {
    const code = (x as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    x = (x as { cause?: unknown }).cause;
  }
  return undefined;
};

/**
 * What a failure means for a resend. A 5xx, 408, timeout or dropped connection on a message
 * post may have been stored by Teams: DeliveryUnknown. 429/412 prove nothing was stored, and a
 * failure to create the 1:1 chat sends nothing: NotDelivered. 403/404 are permanent, 413 too.
 */
function classify(e: unknown, stage: Stage): DeliveryFailed {
  if (isReleased(e)) return new SendReleased();
  if (e instanceof DeliveryFailed) return e;
  const status = statusCodeOf(e);
  const message = e instanceof Error ? e.message : String(e);
  if (status === 403 || status === 404) return new DeliveryFailed(message, true, status);
  if (status === 413) return new MessageTooBig(`Teams refused the message as too big (413): ${message}`);
  if (status === 429 || status === 412) return new NotDelivered(message, status, retryAfterOf(e));
  const neverConnected = status === undefined && ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(codeOf(e) ?? '');
  const mayBeStored = status === undefined || status === 408 || status >= 500;
  if (mayBeStored && (stage === 'create' || neverConnected)) return new NotDelivered(message, status);
  if (mayBeStored)
    return new DeliveryUnknown(`delivery unknown (${status ?? codeOf(e) ?? 'no answer'}): ${message}`, status);
  return new DeliveryFailed(message, false, status);
}

/** A channel's id without the thread suffix a reference taken from a thread reply carries. */
const channelIdOf = (ref: Partial<ConversationReference>): string =>
  (ref.conversation?.id ?? '').split(';messageid=')[0];

/**
 * Sends to people and to the board channel over the Bot Connector. The turn logic records its
 * result and errors in variables: botbuilder hands an error thrown inside the callback to
 * onTurnError and resolves as if all went well, so delivery counts only when sendActivity itself
 * resolved. A message over Teams' size budget is refused here, before any request.
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
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    this.checkSize(activity);
    await this.capture(ref, async (ctx) => {
      await ctx.updateActivity({ ...activity, id: activityId, conversation: ref.conversation });
      return undefined;
    });
  }

  private checkSize(activity: Partial<Activity>): void {
    const bytes = teamsMessageBytes(activity);
    if (bytes > MESSAGE_BUDGET_BYTES)
      throw new MessageTooBig(
        `the message measures ${Math.round(bytes / 1024)} KB as Teams counts it, over our ${MESSAGE_BUDGET_BYTES / 1024} KB budget`,
        bytes,
      );
  }

  private async send(to: Recipient, activity: Partial<Activity>): Promise<Delivered> {
    this.checkSize(activity);
    const deliver = async (ctx: TurnContext): Promise<Delivered> => {
      const r = await ctx.sendActivity(activity);
      // Without the turn's own activity id, the reference to keep is the same for every send into this chat.
      const { activityId: _turn, ...ref } = TurnContext.getConversationReference(ctx.activity);
      const conversation = JSON.stringify({
        ...ref,
        user: { id: to.teamsUserId ?? to.aadObjectId, aadObjectId: to.aadObjectId },
      });
      return { activityId: r?.id ?? '', conversationId: ctx.activity.conversation.id, conversation };
    };
    if (to.conversation) {
      const ref = JSON.parse(to.conversation) as Partial<ConversationReference>;
      if (ref.conversation?.conversationType === 'channel') return this.newChannelThread(ref, activity);
      return (await this.capture(ref, deliver)) as Delivered;
    }
    if (to.chatId && to.serviceUrl && to.tenantId) return (await this.capture(this.chatRef(to), deliver)) as Delivered;
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
      throw classify(e, 'create');
    }
    if (failure !== undefined) throw classify(failure, 'send');
    if (!result) throw new NotDelivered('the conversation was created but nothing was sent');
    return result;
  }

  /** The 1:1 chat Microsoft Graph created when it installed the app for the person, as a conversation to continue. */
  private chatRef(to: Recipient): Partial<ConversationReference> {
    return {
      channelId: 'msteams',
      serviceUrl: to.serviceUrl,
      bot: { id: this.botId, name: 'Board actions' },
      user: { id: to.teamsUserId ?? to.aadObjectId ?? '', name: to.email, aadObjectId: to.aadObjectId },
      conversation: {
        id: to.chatId ?? '',
        conversationType: 'personal',
        tenantId: to.tenantId,
        isGroup: false,
        name: to.email,
      },
    };
  }

  /**
   * Starts a new thread in a channel with this message as its first post (what
   * TeamsInfo.sendMessageToTeamsChannel does), rather than replying to whatever activity the
   * stored reference came from. One request: if it fails ambiguously the post may exist.
   */
  private async newChannelThread(ref: Partial<ConversationReference>, activity: Partial<Activity>): Promise<Delivered> {
    const channelId = channelIdOf(ref);
    const tenantId = ref.conversation?.tenantId;
    const params: ConversationParameters = {
      isGroup: true,
      bot: ref.bot ?? { id: this.botId, name: 'Board actions' },
      channelData: { channel: { id: channelId }, ...(tenantId ? { tenant: { id: tenantId } } : {}) },
      tenantId,
      activity: activity as Activity,
      members: [],
    };
    let thread: string | undefined;
    try {
      await this.adapter.createConversationAsync(
        this.appId,
        'msteams',
        ref.serviceUrl ?? '',
        undefined as unknown as string,
        params,
        async (ctx) => {
          thread = ctx.activity.conversation.id;
        },
      );
    } catch (e) {
      throw classify(e, 'send');
    }
    const conversationId = thread ?? channelId;
    return {
      activityId: conversationId.split(';messageid=')[1] ?? '',
      conversationId,
      conversation: JSON.stringify({ ...ref, conversation: { ...ref.conversation, id: conversationId } }),
    };
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
      throw classify(e, 'create');
    }
    if (failure !== undefined) throw classify(failure, 'send');
    if (!ran) throw new NotDelivered('the conversation could not be continued');
    return result as T;
  }
}
