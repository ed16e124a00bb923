import { z } from 'zod';
import { type MinuteCandidate, actionsFromMinutes } from '../domain/minutes';
import { NO_ASKS, knownOwners } from '../commands/minutesCommand';
import { meetingDateSchema, recordBoardMeeting } from '../commands/boardPapers';
import { listMeetings } from '../digest/boardMeetings';
import type { TabDataDeps } from './tabData';
import { type Viewer, secretariatActor } from './tabAccess';

/** The longest minutes the tab takes (well inside the server's 512 KB request limit). */
export const TAB_MINUTES_MAX = 200_000;

/** Minutes pasted into the Board report tab. */
export const minutesBodySchema = z.object({
  text: z.string().trim().min(20, 'is too short: paste the minutes').max(TAB_MINUTES_MAX),
});
/** A board meeting's date, as the `board meeting` command takes it (14/12/2026 or 2026-12-14). */
export const meetingBodySchema = z.object({ date: meetingDateSchema });

export interface MinutesResponse {
  message: string;
  candidates: MinuteCandidate[];
}
export interface MeetingsResponse {
  message?: string;
  meetings: { date: string; by: string }[];
}

/** The candidate actions in pasted minutes (the chat's `minutes` parser and owners); nothing is stored. */
export async function minutesCandidates(
  deps: TabDataDeps,
  body: z.infer<typeof minutesBodySchema>,
): Promise<{ body: MinutesResponse }> {
  const candidates = actionsFromMinutes(body.text, await knownOwners(deps.store));
  const n = candidates.length;
  return {
    body: {
      message: n
        ? `${n} candidate action${n === 1 ? '' : 's'} found. Nothing is stored until you accept one.`
        : NO_ASKS,
      candidates,
    },
  };
}

const meetingsOf = async (deps: TabDataDeps) =>
  (await listMeetings(deps.store.settings)).map((m) => ({ date: m.date, by: m.by }));

/** The board meetings recorded, oldest first. */
export async function boardMeetings(deps: TabDataDeps): Promise<{ body: MeetingsResponse }> {
  return { body: { meetings: await meetingsOf(deps) } };
}

/** Records a board meeting through the `board meeting` command's own path. */
export async function recordMeetingFromTab(
  deps: TabDataDeps,
  v: Viewer,
  body: z.infer<typeof meetingBodySchema>,
): Promise<{ body: MeetingsResponse }> {
  const r = await recordBoardMeeting(deps.store.settings, body.date, secretariatActor(v).email, deps.clock());
  return { body: { message: `${r.title}. ${r.text}`, meetings: await meetingsOf(deps) } };
}
