import type { FlagSettings } from '../domain/challengeFlags';
import { isAway } from '../domain/away';
import { type PeopleNames, namesOf } from '../domain/people';
import type { BoardStore, Clock } from '../domain/ports';
import { type ActionKey, RAGS, STATUSES, actionKeyOf, isOpen, compareRefs } from '../domain/types';
import { type ChallengeFlag, challengeFlags } from '../domain/challengeFlags';
import { flagsOfPlan } from '../digest/boardFlags';
import type { Digest } from '../domain/digest';
import { NARRATIVE_MAX, REASON_MAX } from '../domain/replyRules';
import { addDays, londonDate } from '../domain/calendar';
import { type DigestQuery, loadBoard } from '../digest/loadDigest';
import type { ExportKind } from '../digest/exportLinks';
import { BoardBotError, ErrorCode } from '../errors';
import { digestData } from '../../cards/digestCard';
import { RAG_LABEL } from '../../cards/ragText';
import type {
  ActionResponse,
  MeResponse,
  MyAction,
  MyActionsResponse,
  RegisterResponse,
  SummaryResponse,
} from './tabApi';
import type { RegisterQuery } from './tabQuery';
import { facetsOf, filterRows, registerRow, sortRows } from './register';
import { timelineOf } from './timeline';
import { type Viewer, canReadRegister } from './tabAccess';

/** What the tab's data needs from the rest of the bot. */
export interface TabDataDeps {
  store: BoardStore;
  clock: Clock;
  /** The 8-week chart as a PNG data URI, or undefined when it cannot be drawn. */
  chart(d: Digest): Promise<string | undefined>;
  /** A signed export link (valid one hour). */
  exportLink(kind: ExportKind, q: DigestQuery): string;
  /** The board's thresholds for challenge flags (FLAG_* settings), for every digest and register it builds. */
  flags: FlagSettings;
}

/** The names shown for people (bot/domain/people.ts), by email, from the people the bot knows. */
async function peopleNames(store: BoardStore): Promise<PeopleNames> {
  return namesOf(await store.owners.list());
}

async function openActionsOf(store: BoardStore, email: string) {
  return (await store.actions.listAll())
    .filter((a) => a.ownerEmail === email && isOpen(a))
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || compareRefs(a.ref, b.ref));
}

export async function loadMe(deps: TabDataDeps, v: Viewer, mode: MeResponse['mode']): Promise<MeResponse> {
  const open = v.email ? (await openActionsOf(deps.store, v.email)).length : 0;
  return {
    mode,
    user: { email: v.email, name: v.name },
    secretariat: v.secretariat,
    canReadRegister: canReadRegister(v),
    openActions: open,
  };
}

/** The digest as the board report's head: the card's own figures and wording, the chart, the exports for the secretariat. */
export async function loadSummary(deps: TabDataDeps, v: Viewer): Promise<SummaryResponse> {
  const now = deps.clock();
  const [{ digest, actions }, names] = await Promise.all([
    loadBoard(deps.store, {}, now, { flags: false }),
    peopleNames(deps.store),
  ]);
  const data = digestData(digest);
  const today = londonDate(now);
  const change = digest.change;
  return {
    week: digest.week,
    asOf: digest.asOf,
    scope: data.scope,
    headline: data.headline,
    direction: change === undefined ? 'none' : change > 0 ? 'up' : change < 0 ? 'down' : 'same',
    figures: data.figures,
    chart: await deps.chart(digest),
    chartAlt: data.chartAlt,
    exports: v.secretariat
      ? {
          csv: deps.exportLink('csv', {}),
          html: deps.exportLink('html', {}),
          xlsx: deps.exportLink('xlsx', {}),
          template: '/exports/plan-template.xlsx',
        }
      : undefined,
    facets: facetsOf(actions.map((a) => registerRow(a, today, names))),
  };
}

/** The register as it stands now, filtered and sorted. */
export async function loadRegister(deps: TabDataDeps, q: RegisterQuery): Promise<RegisterResponse> {
  const now = deps.clock();
  // The actions as they are (their state rows only, each carrying the record its flags are read from):
  // a filter change reads no history, figures or prompts.
  const [actions, names] = await Promise.all([deps.store.actions.listAll(), peopleNames(deps.store)]);
  const inPlan = actions.filter((a) => !a.retired);
  const flags = new Map<string, ChallengeFlag[]>();
  for (const planId of new Set(inPlan.map((a) => a.planId)))
    for (const [k, f] of await flagsOfPlan(
      deps.store,
      planId,
      inPlan.filter((a) => a.planId === planId),
      now.toISOString(),
      deps.flags,
    ))
      flags.set(k, f);
  const today = londonDate(now);
  const rows = inPlan.map((a) => registerRow(a, today, names, flags.get(actionKeyOf(a))));
  return { total: rows.length, rows: sortRows(filterRows(rows, q), q.sort, q.dir) };
}

/** One action and its whole history, newest first. */
export async function loadAction(deps: TabDataDeps, key: ActionKey): Promise<ActionResponse> {
  const found = await deps.store.actions.get(key);
  if (!found) throw new BoardBotError(ErrorCode.ActionNotFound, `There is no action ${key.ref} in that plan.`);
  const [updates, names] = await Promise.all([deps.store.updates.listForAction(key), peopleNames(deps.store)]);
  const now = deps.clock();
  const flags = challengeFlags(found.value, updates, now.toISOString(), deps.flags);
  return {
    action: registerRow(found.value, londonDate(now), names, flags),
    revision: found.value.revision,
    timeline: timelineOf(updates, names),
  };
}

/** The viewer's open actions, soonest due first, each with the revision an update must be based on. */
export async function loadMyActions(deps: TabDataDeps, v: Viewer & { email: string }): Promise<MyActionsResponse> {
  const now = deps.clock();
  const today = londonDate(now);
  const [mine, names, person] = await Promise.all([
    openActionsOf(deps.store, v.email),
    peopleNames(deps.store),
    deps.store.owners.get(v.email),
  ]);
  const away = person?.value.away && isAway(person.value, today) ? person.value.away : undefined;
  return {
    owner: { email: v.email, name: v.name },
    away: away ? { until: away.until, cover: away.cover } : undefined,
    today,
    minDate: addDays(today, 1),
    statuses: STATUSES,
    rags: RAGS.map((value) => ({ value, label: RAG_LABEL[value] })),
    narrativeMax: NARRATIVE_MAX,
    reasonMax: REASON_MAX,
    actions: mine.map((a): MyAction => ({ ...registerRow(a, today, names), revision: a.revision })),
  };
}
