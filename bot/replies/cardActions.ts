import type { AdaptiveCardJson } from '../../cards/render';
import type { TabLinkSettings } from '../../cards/tabLinks';
import { noticeCard } from '../../cards/noticeCard';
import type { BoardStore, Clock } from '../domain/ports';
import type { FieldErrors } from '../domain/replyRules';
import { type Action, type ActionKey, type ChasePrompt, actionId, actionKeyOf, sameAction } from '../domain/types';
import { londonDate } from '../domain/calendar';
import type { Logger } from '../log';
import { BoardBotError, ErrorCode, isBoardBotError, userMessageFor } from '../errors';
import { type CardAction, type CardVerb, formValuesOf, parseCardAction } from './cardPayload';
import { type ItemOverrides, type KnownForCard, buildOwnerCard, recordedText, statesOf } from './ownerCard';
import {
  type ChangeOutcome,
  answeredFor,
  commitChange,
  standingInFor,
  ownerActor,
  ownerOf,
  refusalError,
} from './recordReply';
import type { Reply } from '../domain/recordReply';
import { saveOwnerUpdate } from './saveUpdate';
import type { BoardAccess } from '../board/boardAccess';
import { cancelBoardChannel, confirmBoardChannel } from './boardChannelActions';
import { applyPlanUpload, cancelPlanUpload } from './planUploadActions';

/** Where a card was clicked: the conversation (a reference, as JSON) and, in a channel, its team. */
export interface CardTurn {
  conversation: string;
  conversationType: string;
  teamId?: string;
  teamName?: string;
  channelId?: string;
  /** Reads this team's roster afresh (who will read the board); how many people it lists. */
  readRoster?(): Promise<number>;
}

/** What a card action needs from the rest of the bot. */
export interface CardActionDeps {
  store: BoardStore;
  clock: Clock;
  log: Logger;
  /** The board's access (for the board channel's confirmation); owners' buttons do not need it. */
  access?: BoardAccess;
  turn?: CardTurn;
  /** What the cards' links to the app's tabs are made from (cards/tabLinks.ts); none: no links. */
  tabLinks?: TabLinkSettings;
}

/** The person who clicked, as Teams names them. */
export interface Actor {
  aadObjectId?: string;
  name?: string;
}

export type Handler<V extends CardVerb> = (
  deps: CardActionDeps,
  actor: Actor,
  payload: Extract<CardAction, { verb: V }>,
) => Promise<AdaptiveCardJson>;

const FIELD_LABEL: Record<keyof FieldErrors, string> = {
  status: 'Status',
  rag: 'RAG',
  narrative: 'Comment',
  percentComplete: '% complete',
  proposedDate: 'Revised date',
  proposedDateReason: 'Reason',
  evidenceUrl: 'Evidence link',
};
const describeErrors = (e: FieldErrors): string =>
  (Object.keys(e) as (keyof FieldErrors)[]).map((k) => `${FIELD_LABEL[k]}: ${e[k]}`).join('\n\n');

/** A click on a card whose action changed since the card was sent: show the current state instead. */
async function staleCard(
  deps: CardActionDeps,
  owner: { email: string; name?: string },
  p: ActionKey & { cycleId?: string },
  read: { prompt?: ChasePrompt; known?: KnownForCard } = {},
): Promise<AdaptiveCardJson> {
  const banner = {
    text: `${p.ref} changed since this card was sent, so nothing was recorded from that click. Its current state is shown below; update it again if you need to.`,
    style: 'warning' as const,
  };
  return buildOwnerCard(deps, owner, p.cycleId, deps.clock(), new Map(), banner, read.prompt, read.known);
}

/** The owner's prompt of the card's cycle, read while the change is committed (the change does not alter it). */
const promptOf = (
  deps: CardActionDeps,
  cycleId: string | undefined,
  email: string,
): Promise<ChasePrompt | undefined> =>
  cycleId ? deps.store.prompts.get(cycleId, email).then((v) => v?.value) : Promise.resolve(undefined);

/**
 * A Save, in as few storage round trips as the guarantees allow (docs/performance.md): who clicked (one
 * row) and the action at once; then the card's prompt and whom the clicker answers for; the change is
 * committed while the card's other actions are read; the card is built from those reads and the state
 * just committed, so it shows what is stored without reading it again.
 */
const saveUpdate: Handler<'saveUpdate'> = async (deps, actor, p) => {
  const now = deps.clock();
  const reading = deps.store.actions.get(p);
  reading.catch(() => undefined);
  const owner = await ownerOf(deps.store, actor.aadObjectId);
  const prompt = promptOf(deps, p.cycleId, owner.email);
  const standing = standingInFor(deps.store, owner.email, londonDate(now));
  const others = standing.then((s) => s.emails);
  const otherStates = prompt.then((pr) =>
    statesOf(
      deps.store,
      (pr?.actions ?? []).filter((k) => !sameAction(k, p)),
    ),
  );
  for (const x of [prompt, others, otherStates]) x.catch(() => undefined);
  const values = formValuesOf(p.inputs, p);
  const outcome = await saveOwnerUpdate(deps.store, owner, p, values, now, p.cycleId, { reading, others });
  /** The card as stored: the other actions as just read, this one as `state`. */
  const read = async (state: Action) => {
    const states = new Map(await otherStates);
    states.set(actionKeyOf(state), state);
    const { emails, names } = await standing;
    return { prompt: await prompt, known: { states, others: emails, names } };
  };
  if (outcome.kind === 'stale') return staleCard(deps, owner, p, await read(outcome.current));
  if (outcome.kind === 'refused') {
    const { errors } = outcome;
    deps.log.info('reply refused', { ref: p.ref, fields: Object.keys(errors) });
    const overrides: ItemOverrides = new Map([
      [actionId(p), { error: `Not saved yet. ${describeErrors(errors)}`, values }],
    ]);
    const { prompt: pr, known } = await read(outcome.current);
    return buildOwnerCard(
      deps,
      owner,
      p.cycleId,
      now,
      overrides,
      { text: `${p.ref} needs a little more before it can be saved.`, style: 'attention' },
      pr,
      known,
    );
  }
  const saved = outcome.action;
  deps.log.info('reply recorded', { ref: p.ref, planId: p.planId, status: saved.status, rag: saved.rag });
  const overrides: ItemOverrides = new Map([[actionId(p), { recorded: recordedText(saved, now) }]]);
  const banner = { text: `Thank you. ${p.ref} is recorded for the board.`, style: 'good' as const };
  const { prompt: pr, known } = await read(saved);
  return buildOwnerCard(deps, owner, p.cycleId, now, overrides, banner, pr, known);
};

/** Records one owner's click about one action; a refusal other than "changed since" is the coded error. */
async function ownerClick(
  deps: CardActionDeps,
  owner: { email: string },
  item: ActionKey & { rev: number },
  reply: Reply,
  cycleId?: string,
): Promise<ChangeOutcome> {
  const request = { reply, actor: await ownerActor(deps.store, owner, deps.clock()), basis: item.rev };
  return commitChange(deps.store, item, request, deps.clock(), cycleId);
}

const noChange: Handler<'noChange'> = async (deps, actor, p) => {
  const now = deps.clock();
  const owner = await ownerOf(deps.store, actor.aadObjectId);
  const outcome = await ownerClick(deps, owner, p, { kind: 'noChange' }, p.cycleId);
  if (outcome.kind === 'refused') {
    if (outcome.code === 'stale') return staleCard(deps, owner, p);
    throw refusalError(outcome, p.ref);
  }
  if (!outcome.again) deps.log.info('reply recorded', { ref: p.ref, planId: p.planId, kind: 'noChange' });
  const overrides: ItemOverrides = new Map([
    [actionId(p), { recorded: `${recordedText(outcome.action, now)} (no change since your last update)` }],
  ]);
  return buildOwnerCard(deps, owner, p.cycleId, now, overrides, {
    text: `Thank you. ${p.ref}: no change recorded.`,
    style: 'good',
  });
};

const notMine: Handler<'notMine'> = async (deps, actor, p) => {
  const now = deps.clock();
  const owner = await ownerOf(deps.store, actor.aadObjectId);
  const outcome = await ownerClick(deps, owner, p, { kind: 'notMine' }, p.cycleId);
  if (outcome.kind === 'refused') {
    if (outcome.code === 'stale') return staleCard(deps, owner, p);
    throw refusalError(outcome, p.ref);
  }
  if (!outcome.again) deps.log.info('action flagged not mine', { ref: p.ref, planId: p.planId });
  const overrides: ItemOverrides = new Map([[actionId(p), { recorded: recordedText(outcome.action, now) }]]);
  return buildOwnerCard(deps, owner, p.cycleId, now, overrides, {
    text: `Thank you. The secretariat will reassign ${p.ref}; you will not be chased about it meanwhile.`,
    style: 'good',
  });
};

const noChangeAll: Handler<'noChangeAll'> = async (deps, actor, p) => {
  const now = deps.clock();
  const owner = await ownerOf(deps.store, actor.aadObjectId);
  const overrides: ItemOverrides = new Map();
  const changed: string[] = [];
  const notTheirs: string[] = [];
  for (const item of p.items) {
    const outcome = await ownerClick(deps, owner, item, { kind: 'noChange' }, p.cycleId);
    if (outcome.kind === 'recorded') {
      overrides.set(actionId(item), { recorded: `${recordedText(outcome.action, now)} (no change)` });
    } else if (outcome.code === 'stale') changed.push(item.ref);
    else notTheirs.push(item.ref);
  }
  if (overrides.size) deps.log.info('reply recorded', { kind: 'noChange', actions: overrides.size });
  const n = overrides.size;
  const recorded = `"No change" recorded for ${n === 1 ? '1 action' : `${n} actions`}.`;
  const notes = [
    changed.length ? `${list(changed)} changed since this card was sent and ${verb(changed)} not touched.` : '',
    notTheirs.length
      ? `${list(notTheirs)} ${notTheirs.length === 1 ? 'is' : 'are'} no longer yours, so nothing was recorded for ${notTheirs.length === 1 ? 'it' : 'them'}.`
      : '',
  ].filter(Boolean);
  const banner = notes.length
    ? { text: `${recorded} ${notes.join(' ')} See the current state below.`, style: 'warning' as const }
    : { text: `Thank you. ${recorded}`, style: 'good' as const };
  return buildOwnerCard(deps, owner, p.cycleId, now, overrides, banner);
};

const list = (refs: string[]): string =>
  refs.length === 1 ? refs[0] : `${refs.slice(0, -1).join(', ')} and ${refs[refs.length - 1]}`;
const verb = (refs: string[]): string => (refs.length === 1 ? 'was' : 'were');

/** Card actions by verb: each verb's payload is parsed by its schema before its handler runs. */
export const cardActionHandlers: { [V in CardVerb]: Handler<V> } = {
  saveUpdate,
  noChange,
  notMine,
  noChangeAll,
  confirmBoardChannel,
  cancelBoardChannel,
  applyPlanUpload,
  cancelPlanUpload,
};

/**
 * Verbs whose only write is the Ledger's commit, fingerprinted, so that the same press run twice is recorded
 * once (bot/replies/recordReply.ts): the turn guard need not claim them before they run (bot/teams/turnGuard.ts).
 */
const LEDGER_ONLY: ReadonlySet<unknown> = new Set<CardVerb>(['saveUpdate', 'noChange', 'notMine', 'noChangeAll']);
export const recordedOnceByTheLedger = (verb: unknown): boolean => LEDGER_ONLY.has(verb);

/** Routes one Action.Execute click and always answers with a card: the result, or a clear refusal. */
export async function handleCardAction(
  deps: CardActionDeps,
  actor: Actor,
  verb: unknown,
  data: unknown,
): Promise<AdaptiveCardJson> {
  const parsed = parseCardAction(verb, data);
  try {
    if (!parsed.success) {
      throw new BoardBotError(
        ErrorCode.InvalidSubmit,
        'That button did not send what I expected, so nothing was recorded. If this keeps happening, type "my actions" for a fresh card.',
        { issues: parsed.error.issues.slice(0, 3) },
      );
    }
    const handler = cardActionHandlers[parsed.data.verb] as Handler<CardVerb>;
    return await handler(deps, actor, parsed.data);
  } catch (e) {
    if (isBoardBotError(e))
      deps.log.warn('card action refused', { code: e.code, verb, actor: actor.aadObjectId, detail: e.detail });
    else deps.log.error('card action failed', { verb, error: e });
    const title =
      isBoardBotError(e) && e.code === ErrorCode.NotYourAction
        ? 'Not your action'
        : isBoardBotError(e)
          ? 'Nothing was recorded'
          : 'Something went wrong';
    return noticeCard({ title, text: userMessageFor(e), style: 'attention' });
  }
}
