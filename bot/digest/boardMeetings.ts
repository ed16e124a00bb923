import { z } from 'zod';
import type { SettingsRepository } from '../domain/ports';

/** Board meetings are kept in the Settings table, one row each: `meeting|{ISO date}`. */
const PREFIX = 'meeting|';

const meetingSchema = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), by: z.string(), at: z.string() });
/** A board meeting the secretariat recorded: its date, who recorded it and when. */
export type BoardMeeting = z.infer<typeof meetingSchema>;

/** Records a meeting (recording the same date again keeps one row, with the latest recorder). */
export async function recordMeeting(settings: SettingsRepository, meeting: BoardMeeting): Promise<void> {
  await settings.set(`${PREFIX}${meeting.date}`, JSON.stringify(meetingSchema.parse(meeting)));
}

/** Every recorded meeting, oldest first (rows that do not parse are left out). */
export async function listMeetings(settings: SettingsRepository): Promise<BoardMeeting[]> {
  return (await settings.listPrefix(PREFIX))
    .flatMap(({ value }) => {
      try {
        const m = meetingSchema.safeParse(JSON.parse(value));
        return m.success ? [m.data] : [];
      } catch {
        return [];
      }
    })
    .sort((a, b) => a.date.localeCompare(b.date));
}
