import { z } from 'zod';
import { noticeCard } from '../../cards/noticeCard';
import { periodReportCard } from '../../cards/periodReportCard';
import { formatDate, londonDate, parseDate } from '../domain/calendar';
import { listMeetings, recordMeeting } from '../digest/boardMeetings';
import { loadPeriod } from '../digest/loadPeriod';
import { paperLink } from '../digest/paperLinks';
import type { CommandHandler } from './context';
import type { SettingsRepository } from '../domain/ports';

/** A date as the secretariat types it: 14/12/2026 or 2026-12-14. */
export const meetingDateSchema = z.string().transform((s, ctx) => {
  const d = parseDate(s);
  if (!d) ctx.addIssue({ code: 'custom', message: 'is not a date like 14/12/2026' });
  return d ?? z.NEVER;
});
const period = {
  plan: z.string().max(100).optional(),
  from: meetingDateSchema.optional(),
  to: meetingDateSchema.optional(),
};

/** The board paper commands' arguments (registered in parseCommand's table). */
export const boardPaperSchemas = [
  z.object({ name: z.literal('board meeting'), date: meetingDateSchema.optional() }),
  z.object({ name: z.literal('board report'), ...period }),
  z.object({ name: z.literal('board paper'), ...period }),
] as const;

const DATE = /\b(\d{1,2}\/\d{1,2}\/\d{4}|\d{4}-\d{2}-\d{2})\b/g;
/** "HR plan 16/11/2026 14/12/2026" → plan, from and to (one date: from it to today). */
export function periodArgs(rest: string): Record<string, string | undefined> {
  const dates = rest.match(DATE) ?? [];
  const plan = rest.replace(DATE, ' ').replace(/\s+/g, ' ').trim();
  return { plan: plan || undefined, from: dates[0], to: dates.length > 1 ? dates.slice(1).join(' ') : undefined };
}

const meetingFacts = async (deps: Parameters<CommandHandler<'board meeting'>>[0]) =>
  (await listMeetings(deps.store.settings)).map((m) => ({ title: formatDate(m.date), value: `recorded by ${m.by}` }));

/** Records a board meeting (the chat's `board meeting` and the Board report tab): what to tell the secretariat. */
export async function recordBoardMeeting(
  settings: SettingsRepository,
  date: string,
  by: string,
  now: Date,
): Promise<{ title: string; text: string }> {
  await recordMeeting(settings, { date, by, at: now.toISOString() });
  return {
    title: `Board meeting recorded: ${formatDate(date)}`,
    text:
      date > londonDate(now)
        ? `On the day, "board report" and "board paper" cover what has moved since the meeting before it.`
        : `"board report" and "board paper" now run from the latest meeting before today.`,
  };
}

export const boardMeeting: CommandHandler<'board meeting'> = async (deps, ctx, { date }) => {
  if (!date) {
    const facts = await meetingFacts(deps);
    return {
      card: noticeCard({
        title: 'Board meetings',
        text: facts.length
          ? 'The meetings recorded, oldest first.'
          : 'No meeting recorded yet: type "board meeting 14/12/2026".',
        facts,
      }),
    };
  }
  const now = deps.clock();
  const recorded = await recordBoardMeeting(
    deps.store.settings,
    date,
    ctx.owner?.email ?? ctx.actor.name ?? ctx.actor.aadObjectId ?? 'secretariat',
    now,
  );
  return {
    card: noticeCard({
      ...recorded,
      style: 'good',
      facts: await meetingFacts(deps),
    }),
  };
};

export const boardReport: CommandHandler<'board report'> = async (deps, _ctx, q) => {
  const r = await loadPeriod(deps.store, q, deps.clock(), deps.flags);
  return { card: periodReportCard(r, paperLink(deps.exportLink, 'html', { from: r.from, to: r.to, plan: q.plan })) };
};

export const boardPaper: CommandHandler<'board paper'> = async (deps, _ctx, q) => {
  const r = await loadPeriod(deps.store, q, deps.clock(), deps.flags); // refuses a bad period or plan now, not when the link is opened
  const p = { from: r.from, to: r.to, plan: q.plan };
  return {
    text: `Here is the Word board paper for ${formatDate(r.from)} to ${formatDate(r.to)}, valid for one hour: ${paperLink(deps.exportLink, 'docx', p)} (printable page: ${paperLink(deps.exportLink, 'html', p)})`,
  };
};
