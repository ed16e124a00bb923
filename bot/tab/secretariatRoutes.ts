import type { Request } from 'restify';
import { parse } from './parseInput';
import { actionKeySchema } from './tabQuery';
import type { TabDataDeps } from './tabData';
import type { Viewer } from './tabAccess';
import {
  addActionFromTab,
  addBodySchema,
  editActionFromTab,
  editBodySchema,
  retireActionFromTab,
  retireBodySchema,
} from './actionEdits';
import {
  boardMeetings,
  meetingBodySchema,
  minutesBodySchema,
  minutesCandidates,
  recordMeetingFromTab,
} from './boardWork';

/** One route of the secretariat's work in the Board report tab; the caller checks the secretariat first. */
interface SecretariatRoute {
  method: 'get' | 'post';
  path: string;
  /** What it is, for the refusal: "Editing the plan is for the board secretariat." */
  what: string;
  run(deps: TabDataDeps, v: Viewer, req: Request): Promise<{ status?: number; body: unknown }>;
}

const keyOf = (req: Request) => parse(actionKeySchema, req.params, 'action');
const bodyOf = (req: Request): unknown => req.body ?? {};

/**
 * The secretariat's edits in the Board report tab: add an action, change it, retire it (each one Ledger commit),
 * the candidates in pasted minutes (nothing stored), and board meetings. Every body is parsed with zod.
 */
export const SECRETARIAT_ROUTES: readonly SecretariatRoute[] = [
  {
    method: 'post',
    path: '/api/tab/actions',
    what: 'Editing the plan',
    run: (deps, v, req) => addActionFromTab(deps, v, parse(addBodySchema, bodyOf(req), 'action')),
  },
  {
    method: 'post',
    path: '/api/tab/actions/:planId/:ref/edit',
    what: 'Editing the plan',
    run: (deps, v, req) => editActionFromTab(deps, v, keyOf(req), parse(editBodySchema, bodyOf(req), 'change')),
  },
  {
    method: 'post',
    path: '/api/tab/actions/:planId/:ref/retire',
    what: 'Editing the plan',
    run: (deps, v, req) => retireActionFromTab(deps, v, keyOf(req), parse(retireBodySchema, bodyOf(req), 'retirement')),
  },
  {
    method: 'post',
    path: '/api/tab/minutes',
    what: 'Actions from minutes',
    run: (deps, _v, req) => minutesCandidates(deps, parse(minutesBodySchema, bodyOf(req), 'minutes')),
  },
  {
    method: 'get',
    path: '/api/tab/board-meetings',
    what: 'Recording board meetings',
    run: (deps) => boardMeetings(deps),
  },
  {
    method: 'post',
    path: '/api/tab/board-meetings',
    what: 'Recording board meetings',
    run: (deps, v, req) => recordMeetingFromTab(deps, v, parse(meetingBodySchema, bodyOf(req), 'meeting')),
  },
];
