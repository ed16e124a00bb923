import templateJson from './chase-prompt.json';
import { type AdaptiveCardJson, cardTemplate, renderCard } from './render';
import { RAG_LABEL, currentState, dueText } from './ragText';
import type { TabLinks } from './tabLinks';
import { createHash } from 'node:crypto';
import { type Action, type ActionKey, RAGS, STATUSES, actionId } from '../bot/domain/types';
import { NARRATIVE_MAX, REASON_MAX } from '../bot/domain/replyRules';
import { addDays, formatDate } from '../bot/domain/calendar';
import { inert } from './inertText';
import { MESSAGE_BUDGET_BYTES, teamsMessageBytes } from '../bot/outbound/messageSize';

const template = cardTemplate(templateJson);

/** Room left for the message around the card (type, summary, attachment envelope). */
const ENVELOPE_BYTES = 4 * 1024;

/** At most this many actions show their form at once, to keep the card well under Teams' 28 KB; the rest follow as these are answered. */
export const MAX_FORMS = 6;

/** The short, stable suffix of an action's input ids on the card (e.g. `status|k3J9xQ2a`). */
export const inputKey = (k: ActionKey): string =>
  createHash('sha1').update(actionId(k)).digest('base64url').slice(0, 8);

/** At most this many unanswered actions are listed; the rest appear as these are answered. */
export const MAX_LISTED = 10;
/** At most this many recorded actions are shown in full; older ones are summed up in one line. */
export const MAX_RECORDED_SHOWN = 5;

/** Values typed into one action's form, kept when a submit is refused. */
export interface FormValues {
  status?: string;
  rag?: string;
  narrative?: string;
  percent?: string;
  proposedDate?: string;
  proposedReason?: string;
  evidenceUrl?: string;
}

/** How one action shows on the owner's card. */
export interface PromptItem {
  action: Action;
  /** Set once the owner's reply is stored: what was recorded, in words. */
  recorded?: string;
  error?: string;
  values?: FormValues;
  /** Just answered in this click: always shown in full. */
  fresh?: boolean;
  /** Set when the card's reader answers for the owner (a delegate or cover): the owner, in words. */
  forOwner?: string;
}

/** Everything the chase card shows. */
export interface ChasePromptInput {
  ownerName?: string;
  cycleId: string;
  today: string;
  items: PromptItem[];
  banner?: { text: string; style: 'good' | 'attention' | 'warning' | 'accent' };
  /** Links to the tabs (cards/tabLinks.ts); none when left out. */
  links?: TabLinks;
}

/**
 * Builds the data for cards/chase-prompt.json: one card per owner listing all their open actions,
 * at most `maxListed` of those unanswered (fewer when the card would be too big for Teams).
 */
export function chasePromptData(input: ChasePromptInput, maxListed = MAX_LISTED) {
  const clipped = maxListed < MAX_LISTED;
  const pending = input.items.filter((i) => !i.recorded);
  const recorded = input.items.filter((i) => i.recorded);
  const shownRecorded = new Set(
    [...recorded.filter((i) => i.fresh), ...recorded.filter((i) => !i.fresh).slice(-MAX_RECORDED_SHOWN)].slice(
      0,
      Math.max(MAX_RECORDED_SHOWN, recorded.filter((i) => i.fresh).length),
    ),
  );
  const shownPending = new Set(pending.slice(0, maxListed));
  const visible = input.items.filter((i) => shownPending.has(i) || shownRecorded.has(i));
  const hiddenPending = pending.length - shownPending.size;
  const hiddenRecorded = recorded.length - shownRecorded.size;
  const greeting = input.ownerName ? `${inert(input.ownerName.split(' ')[0])}, ` : '';
  const allDone = pending.length === 0;
  return {
    title: allDone ? 'Thank you: your update is recorded' : `Board actions: your update for ${formatDate(input.today)}`,
    intro: allDone
      ? input.items.length === 1
        ? 'The action below is recorded for the board.'
        : `All ${input.items.length} actions below are recorded for the board.`
      : `${greeting}the board needs the status of ${pending.length === 1 ? 'this action' : `these ${pending.length} actions`}. Choose "No change" if nothing has moved, or "Update" to give status, RAG and a comment.`,
    hasBanner: Boolean(input.banner),
    banner: input.banner?.text ?? '',
    bannerStyle: input.banner?.style ?? 'default',
    cycleId: input.cycleId,
    minDate: addDays(input.today, 1),
    narrativeMax: NARRATIVE_MAX,
    reasonMax: REASON_MAX,
    statusChoices: STATUSES.map((s) => ({ title: s, value: s })),
    ragChoices: RAGS.map((r) => ({ title: RAG_LABEL[r], value: r })),
    canNoChangeAll: shownPending.size > 1,
    pendingItems: [...shownPending].map((i) => ({
      planId: i.action.planId,
      ref: i.action.ref,
      rev: i.action.revision,
    })),
    myActionsUrl: input.links?.myActions ?? '',
    footer:
      (pending.length > MAX_FORMS
        ? `Forms are shown for ${MAX_FORMS} actions at a time; the others appear as you answer. `
        : '') +
      'Your answers are kept in the board\'s record. "Not my action" tells the secretariat, who will reassign it.',
    hiddenNote: [
      hiddenPending > 0
        ? `…and ${hiddenPending} more action${hiddenPending === 1 ? '' : 's'} to answer: ${clipped ? 'open My actions (or type "my actions") for the rest: this card cannot hold them all.' : 'they appear here as you answer those above.'}`
        : '',
      hiddenRecorded > 0 ? `✓ ${hiddenRecorded} more already recorded this week.` : '',
    ]
      .filter(Boolean)
      .join(' '),
    actions: visible.map(({ action: a, recorded, error, values, forOwner }) => ({
      forOwnerText: forOwner ? ` · for ${forOwner}` : '',
      key: inputKey(a),
      hasForm: !recorded && pending.findIndex((p) => p.action === a) < MAX_FORMS,
      planId: a.planId,
      ref: a.ref,
      rev: a.revision,
      title: inert(a.title),
      planName: inert(a.planName),
      theme: inert(a.theme),
      due: dueText(a, input.today),
      current: currentState(a),
      lastNarrative: a.narrative ? inert(a.narrative) : 'none yet',
      recorded: Boolean(recorded),
      recordedText: recorded ?? '',
      hasError: Boolean(error),
      error: error ?? '',
      showForm: Boolean(error),
      values: {
        status: values?.status ?? a.status,
        rag: values?.rag ?? a.rag ?? '',
        narrative: values?.narrative ?? '',
        percent: percentValue(values?.percent) ?? a.percentComplete ?? null,
        proposedDate: values?.proposedDate ?? '',
        proposedReason: values?.proposedReason ?? '',
        evidenceUrl: values?.evidenceUrl ?? a.evidenceUrl ?? '',
      },
    })),
  };
}

const percentValue = (typed: string | undefined): number | undefined => {
  const n = typed === undefined || typed.trim() === '' ? NaN : Number(typed);
  return Number.isFinite(n) ? n : undefined;
};

/**
 * The chase card, kept under Teams' message size as Teams counts it (UTF-16, data-URI images
 * left out): when the full card would be too big, fewer actions are listed and the card says to
 * open My actions for the rest. A card too big even with one action is left to the messenger,
 * which refuses to send it.
 */
export function chasePromptCard(input: ChasePromptInput): AdaptiveCardJson {
  let card = renderCard(template, chasePromptData(input));
  for (
    let listed = MAX_LISTED - 1;
    listed >= 1 && teamsMessageBytes(card) > MESSAGE_BUDGET_BYTES - ENVELOPE_BYTES;
    listed--
  )
    card = renderCard(template, chasePromptData(input, listed));
  return card;
}
