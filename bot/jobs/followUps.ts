import { awayByOwner } from '../domain/away';
import { namesFor } from '../board/peopleNames';
import { cardPerson } from '../../cards/person';
import { type BoardStore, type Clock, ConcurrencyConflict, type Messenger, type Versioned } from '../domain/ports';
import { type ChaseSettings, followUpFor } from '../domain/chasePolicy';
import { type HolidayCheck, daysBetween, formatDate, londonDate } from '../domain/calendar';
import type { ChasePrompt } from '../domain/types';
import { lookupOf, withAnswers } from '../domain/currentAsk';
import type { Logger } from '../log';

/** What nudging and escalation need. */
export interface FollowUpDeps {
  store: BoardStore;
  messenger: Messenger;
  clock: Clock;
  settings: ChaseSettings;
  isHoliday: HolidayCheck;
  log: Logger;
  /** The board secretariat's Entra object ids (bot/board/boardAccess.ts), who hear about escalations. */
  secretariat: () => Promise<readonly string[]>;
}

export interface FollowUpReport {
  nudged: number;
  escalated: number;
}

/** Tells every reachable secretariat member; returns how many were told. */
export async function tellSecretariat(
  deps: Pick<FollowUpDeps, 'store' | 'messenger' | 'log' | 'secretariat'>,
  text: string,
): Promise<number> {
  let told = 0;
  const ids = await deps.secretariat();
  for (const o of await deps.store.owners.list()) {
    const listed = Boolean(o.aadObjectId && ids.includes(o.aadObjectId.toLowerCase()));
    if (!listed || o.reachability === 'unreachable' || (!o.conversation && !o.aadObjectId)) continue;
    try {
      await deps.messenger.sendText(o, text);
      told += 1;
    } catch (e) {
      deps.log.error('could not tell the secretariat', { to: o.email, error: e });
    }
  }
  return told;
}

/**
 * A prompt whose delivery is unknown waits for an answer like a sent one, from when it was tried:
 * the nudge is what catches a card that never arrived.
 */
const asWaiting = (p: ChasePrompt): ChasePrompt =>
  p.state === 'unknown' && !p.sentAt && p.claimedAt ? { ...p, sentAt: p.claimedAt } : p;

/**
 * Nudges owners who have not answered after N working days and escalates after M. Each step is
 * first recorded on the prompt under its ETag, so two processes never both nudge the same owner.
 */
export async function runFollowUps(deps: FollowUpDeps): Promise<FollowUpReport> {
  const now = deps.clock();
  const today = londonDate(now);
  const report: FollowUpReport = { nudged: 0, escalated: 0 };
  const recent = (await deps.store.cycles.list()).filter(
    (c) => daysBetween(c.startedAt.slice(0, 10), today) <= 7 * deps.settings.intervalWeeks + 21,
  );
  const byOwner = new Map<string, Versioned<ChasePrompt>[]>();
  for (const cycle of recent) {
    for (const found of await deps.store.prompts.listCycle(cycle.id))
      byOwner.set(found.value.ownerEmail, [...(byOwner.get(found.value.ownerEmail) ?? []), found]);
  }
  const escalations: ChasePrompt[] = [];
  const lookup = lookupOf(await deps.store.actions.listAll());
  // An owner away is neither nudged nor escalated until they are back (their cover has their own prompt).
  const away = awayByOwner(await deps.store.owners.list(), today);
  for (const [ownerEmail, found] of byOwner) {
    if (away.has(ownerEmail)) continue;
    const { step, prompt } = followUpFor(
      found.map((f) => asWaiting(withAnswers(f.value, lookup))),
      today,
      deps.settings,
      deps.isHoliday,
    );
    if (step === 'none' || !prompt) continue;
    const stored = found.find((f) => f.value.cycleId === prompt.cycleId) as Versioned<ChasePrompt>;
    const etag = stored.etag;
    const marked: ChasePrompt =
      step === 'nudge'
        ? { ...stored.value, nudgedAt: now.toISOString() }
        : { ...stored.value, escalatedAt: now.toISOString() };
    try {
      await deps.store.prompts.replace(marked, etag);
    } catch (e) {
      if (e instanceof ConcurrencyConflict) continue;
      throw e;
    }
    if (step === 'escalate') {
      escalations.push(marked);
      report.escalated += 1;
      continue;
    }
    const owner = (await deps.store.owners.get(marked.ownerEmail))?.value;
    if (!owner) continue;
    const left = marked.actions.length - marked.answered.length;
    const plural = `${left} action${left === 1 ? '' : 's'}`;
    try {
      await deps.messenger.sendText(
        owner,
        marked.state === 'unknown'
          ? `A gentle reminder: the board is waiting for your update on ${plural}. I tried to send you the card on ${formatDate(londonDate(new Date(prompt.sentAt ?? now)))} but cannot be sure it reached you: if you do not see it above, type "my actions" for a fresh one.`
          : `A gentle reminder: the board is still waiting for your update on ${plural} (card sent ${formatDate(londonDate(new Date(marked.sentAt ?? now)))}). It takes under a minute: scroll up to the card, or type "my actions" for a fresh one.`,
      );
      report.nudged += 1;
    } catch (e) {
      deps.log.error('nudge not delivered', { owner: owner.email, error: e });
    }
  }
  if (escalations.length > 0) {
    const known = await namesFor(
      deps.store.owners,
      escalations.map((p) => p.ownerEmail),
    );
    const names = escalations
      .map(
        (p) =>
          `${cardPerson(p.ownerEmail, known.get(p.ownerEmail))}: ${p.actions.length - p.answered.length} unanswered, cycle ${p.cycleId}`,
      )
      .join('\n- ');
    await tellSecretariat(
      deps,
      `These owners have not answered after ${deps.settings.escalateAfterWorkingDays} working days:\n- ${names}`,
    );
  }
  deps.log.info('follow-ups run', { ...report });
  return report;
}
