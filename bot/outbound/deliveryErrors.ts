import { DeliveryFailed } from '../domain/ports';

/**
 * A send that failed after the request may have reached Teams (5xx, a timeout, a dropped
 * connection): the message may be on the owner's screen. Never resent; the prompt is marked
 * "delivery unknown" and the nudge covers it.
 */
export class DeliveryUnknown extends DeliveryFailed {
  constructor(message: string, status?: number) {
    super(message, false, status);
    this.name = 'DeliveryUnknown';
  }
}

/** The send was not attempted because this process is stopping: safe to hand to another instance. */
export class SendReleased extends DeliveryFailed {
  constructor() {
    super('not sent: this instance is stopping and released the send', false);
    this.name = 'SendReleased';
  }
}

/** A card over Teams' message size (measured before sending, or a 413 from Teams): never delivered as is. */
export class MessageTooBig extends DeliveryFailed {
  constructor(
    message: string,
    readonly bytes?: number,
  ) {
    super(message, true, 413);
    this.name = 'MessageTooBig';
  }
}

/** True when `e` (or an error it wraps) is a release by a stopping instance. */
export function isReleased(e: unknown): boolean {
  for (let x = e, depth = 0; x && depth < 5; depth++) {
    if (x instanceof SendReleased || (x instanceof Error && x.name === 'SendReleased')) return true;
    x = (x as { cause?: unknown }).cause;
  }
  return false;
}

/** Teams certainly did not store the message (a 429 or 412, or the 1:1 chat could not be created): safe to try again. */
export class NotDelivered extends DeliveryFailed {
  constructor(message: string, status?: number, retryAfterMs?: number) {
    super(message, false, status, retryAfterMs);
    this.name = 'NotDelivered';
  }
}
