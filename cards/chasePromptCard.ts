import template from './chase-prompt.json';
import { AdaptiveCardJson, renderCard } from './render';
import { RAG_LABEL, currentState, dueText } from './ragText';
import { Action, RAGS, STATUSES, actionId } from '../bot/domain/types';
import { NARRATIVE_MAX, REASON_MAX } from '../bot/domain/replyRules';
import { addDays, formatDate } from '../bot/domain/calendar';

/** Values typed into one action's form, kept when a submit is refused. */
export interface FormValues {
  status?: string;
  rag?: string;
  narrative?: string;
  percent?: string;
  proposedDate?: string;
  proposedReason?: string;
}

/** How one action shows on the owner's card. */
export interface PromptItem {
  action: Action;
  /** Set once the owner's reply is stored: what was recorded, in words. */
  recorded?: string;
  error?: string;
  values?: FormValues;
}

/** Everything the chase card shows. */
export interface ChasePromptInput {
  ownerName?: string;
  cycleId: string;
  today: string;
  items: PromptItem[];
  banner?: { text: string; style: 'good' | 'attention' | 'warning' | 'accent' };
}

/** Builds the data for cards/chase-prompt.json: one card per owner listing all their open actions. */
export function chasePromptData(input: ChasePromptInput) {
  const pending = input.items.filter((i) => !i.recorded);
  const greeting = input.ownerName ? `${input.ownerName.split(' ')[0]}, ` : '';
  const allDone = pending.length === 0;
  return {
    title: allDone ? 'Thank you: your update is recorded' : `Board actions: your update for ${formatDate(input.today)}`,
    intro: allDone
      ? `All ${input.items.length} action${input.items.length === 1 ? '' : 's'} below are recorded for the board.`
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
    canNoChangeAll: pending.length > 1,
    pendingItems: pending.map((i) => ({ planId: i.action.planId, ref: i.action.ref, rev: i.action.revision })),
    footer: 'Your answers are kept in the board\'s record. "Not my action" tells the secretariat, who will reassign it.',
    actions: input.items.map(({ action: a, recorded, error, values }) => ({
      key: actionId(a),
      planId: a.planId,
      ref: a.ref,
      rev: a.revision,
      title: a.title,
      planName: a.planName,
      theme: a.theme,
      due: dueText(a, input.today),
      current: currentState(a),
      lastNarrative: a.narrative ?? 'none yet',
      recorded: Boolean(recorded),
      recordedText: recorded ?? '',
      hasError: Boolean(error),
      error: error ?? '',
      showForm: Boolean(error),
      values: {
        status: values?.status ?? a.status,
        rag: values?.rag ?? a.rag ?? '',
        narrative: values?.narrative ?? '',
        percent: values?.percent ?? (a.percentComplete !== undefined ? String(a.percentComplete) : ''),
        proposedDate: values?.proposedDate ?? '',
        proposedReason: values?.proposedReason ?? '',
      },
    })),
  };
}

export const chasePromptCard = (input: ChasePromptInput): AdaptiveCardJson => renderCard(template, chasePromptData(input));
