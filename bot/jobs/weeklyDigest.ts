import type { FlagSettings } from '../domain/challengeFlags';
import { z } from 'zod';
import { boardTabLinks } from '../board/boardTabLinks';
import type { TabLinkSettings } from '../../cards/tabLinks';
import { boardChannelOf } from '../board/boardChannel';
import type { AdaptiveCardJson } from '../../cards/render';
import { digestCard } from '../../cards/digestCard';
import { type BoardStore, type Clock, ConcurrencyConflict } from '../domain/ports';
import type { Digest } from '../domain/digest';
import { type HolidayCheck, isoWeek, isoWeekday, londonDate } from '../domain/calendar';
import { loadDigest } from '../digest/loadDigest';
import { DeliveryUnknown } from '../outbound/deliveryErrors';
import type { Logger } from '../log';

/** What posting the weekly digest needs. */
export interface WeeklyDigestDeps {
  store: BoardStore;
  clock: Clock;
  log: Logger;
  isHoliday: HolidayCheck;
  digestWeekday: number;
  chart(d: Digest): Promise<string | undefined>;
  postToBoardChannel(card: AdaptiveCardJson, summary: string): Promise<boolean>;
  /** Names this process in the week's claim. */
  instanceId?: string;
  /** The claim is a lease renewed while the digest is built; one not renewed for this long is a dead instance's. */
  leaseMs?: number;
  tellSecretariat?(text: string): Promise<unknown>;
  /** What the cards' links to the app's tabs are made from (cards/tabLinks.ts); none: no links. */
  tabLinks?: TabLinkSettings;
  /** The board's thresholds for challenge flags (FLAG_* settings), for every digest and register it builds. */
  flags: FlagSettings;
}

/**
 * The week's claim, stored under `digestPosted:{week}`. `claimed`: being built, nothing sent yet
 * (a dead claimer's may be taken over). `posting`: the post may have left (a dead poster's is
 * never retried: it becomes `unknown` and the secretariat is told). `posted`: done.
 */
const claimSchema = z.object({
  state: z.enum(['claimed', 'posting', 'posted', 'unknown']),
  by: z.string(),
  renewedAt: z.string(),
});
type WeekClaim = z.infer<typeof claimSchema>;

/** Reads a claim; the plain timestamp older versions wrote means "posted". */
function parseClaim(value: string): WeekClaim {
  try {
    const parsed = claimSchema.safeParse(JSON.parse(value));
    if (parsed.success) return parsed.data;
  } catch {
    // an older version's plain timestamp
  }
  return { state: 'posted', by: 'an earlier version', renewedAt: value };
}

export type DigestOutcome = 'posted' | 'not due' | 'already posted' | 'no channel' | 'delivery unknown';

/**
 * Posts this week's digest to the board channel once: on the digest day (or the first working day
 * after it in the same week, if that was a holiday). The week is claimed in storage first, as a
 * lease, so two instances never both post it, and a crash before the post leaves a claim that
 * expires and is taken over; a crash during the post is never retried blindly.
 */
export async function postWeeklyDigest(deps: WeeklyDigestDeps): Promise<DigestOutcome> {
  const now = deps.clock();
  const today = londonDate(now);
  if (isoWeekday(today) < deps.digestWeekday || isoWeekday(today) > 5 || deps.isHoliday(today)) return 'not due';
  const week = isoWeek(today);
  const key = `digestPosted:${week}`;
  const leaseMs = deps.leaseMs ?? 60_000;
  const me = deps.instanceId ?? 'this instance';
  const found = await deps.store.settings.getVersioned(key);
  const claim = found && parseClaim(found.value);
  if (claim && claim.state !== 'claimed' && claim.state !== 'posting') return 'already posted';
  const expired = claim !== undefined && now.getTime() - Date.parse(claim.renewedAt) > leaseMs;
  if (claim && !expired) return 'already posted';
  if ((await deps.store.plans.list()).length === 0) return 'not due';
  if (!(await boardChannelOf(deps.store.settings))) {
    // Installing the app never makes a board channel: the secretariat hears, once a week, how to choose one.
    if (await deps.store.settings.claim(`digestNoChannel:${week}`, now.toISOString()))
      await deps
        .tellSecretariat?.(
          `The board digest for week ${week} was not posted: there is no board channel yet. @mention me in the board's channel with "make this the board channel" and press Confirm.`,
        )
        .catch((e: unknown) => deps.log.error('could not tell the secretariat', { error: e }));
    return 'no channel';
  }
  const write = (state: WeekClaim['state']) => JSON.stringify({ state, by: me, renewedAt: deps.clock().toISOString() });
  let etag: string;
  try {
    if (found && claim?.state === 'posting') {
      await deps.store.settings.replace(key, JSON.stringify({ ...claim, state: 'unknown' }), found.etag);
      deps.log.warn('weekly digest: an instance stopped while posting it; not reposted', { week, by: claim.by });
      await deps
        .tellSecretariat?.(
          `The board digest for week ${week} may not have been posted: the bot stopped while posting it. If it is not in the board channel, type "post digest".`,
        )
        .catch((e: unknown) => deps.log.error('could not tell the secretariat', { error: e }));
      return 'delivery unknown';
    }
    if (found) etag = await deps.store.settings.replace(key, write('claimed'), found.etag);
    else {
      if (!(await deps.store.settings.claim(key, write('claimed')))) return 'already posted';
      etag = (await deps.store.settings.getVersioned(key))?.etag ?? '';
    }
  } catch (e) {
    if (e instanceof ConcurrencyConflict) return 'already posted';
    throw e;
  }
  let lost = false;
  let renewal = Promise.resolve();
  const renew = (state: WeekClaim['state']) => {
    renewal = renewal.then(async () => {
      if (lost) return;
      try {
        etag = await deps.store.settings.replace(key, write(state), etag);
      } catch (e) {
        if (e instanceof ConcurrencyConflict) lost = true;
        else deps.log.warn('digest claim not renewed', { week, error: e });
      }
    });
    return renewal;
  };
  const timer = setInterval(() => void renew('claimed'), Math.max(50, Math.floor(leaseMs / 3)));
  timer.unref();
  let card: AdaptiveCardJson;
  let d: Digest;
  try {
    d = await loadDigest(deps.store, {}, now, { flags: deps.flags });
    card = digestCard(d, await deps.chart(d), undefined, await boardTabLinks(deps.tabLinks, deps.store.settings));
  } catch (e) {
    clearInterval(timer);
    await renewal;
    if (!lost) await deps.store.settings.release(key);
    throw e;
  } finally {
    clearInterval(timer);
  }
  await renew('posting');
  if (lost) return 'already posted';
  try {
    await deps.postToBoardChannel(card, `Board digest for week ${week}`);
  } catch (e) {
    if (e instanceof DeliveryUnknown) {
      await renew('unknown');
      await deps
        .tellSecretariat?.(
          `The board digest for week ${week} may not have been posted (Teams did not answer clearly). If it is not in the board channel, type "post digest".`,
        )
        .catch((err: unknown) => deps.log.error('could not tell the secretariat', { error: err }));
      return 'delivery unknown';
    }
    await deps.store.settings.release(key);
    throw e;
  }
  await renew('posted');
  deps.log.info('weekly digest posted', { week, actions: d.mix.total, completeOrOnTarget: d.completeOrOnTarget });
  return 'posted';
}
