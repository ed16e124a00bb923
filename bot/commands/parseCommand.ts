import { BOARD_ID } from '../boardsConfig';
import { z } from 'zod';
import { editDistance } from './editDistance';
import { boardPaperSchemas, periodArgs } from './boardPapers';
import { MINUTES_MAX, minutesSchema } from './minutesCommand';
import { REASON_MAX } from '../domain/replyRules';
import { parseDate } from '../domain/calendar';

/** A chat command as the help card and the manifest describe it. */
export interface CommandSpec {
  name: string;
  usage: string;
  description: string;
  secretariat: boolean;
  /**
   * What of the board it shows: `board` (figures, lists) to board readers only; `action` (one action and
   * its history) to readers and that action's owner (bot/domain/access.ts). Outside the 1:1 chat and the
   * board team's channels, either is sent to the asker alone.
   */
  shows?: 'board' | 'action';
  /** Its argument is the message as typed, line breaks kept (pasted minutes), not one line of words. */
  raw?: boolean;
}

/** The chat commands this bot understands. */
export const COMMANDS = [
  { name: 'help', usage: 'help', description: 'What I can do', secretariat: false },
  {
    name: 'my actions',
    usage: 'my actions',
    description: 'Your open actions on one card, to update now',
    secretariat: false,
  },
  {
    name: 'digest',
    usage: 'digest [plan] [/ theme] [2024-W20]',
    description: 'The board digest, for a plan, theme or past week',
    secretariat: false,
    shows: 'board',
  },
  {
    name: 'preview',
    usage: 'preview',
    description: 'The digest, sent to you only',
    secretariat: false,
    shows: 'board',
  },
  {
    name: 'exceptions',
    usage: 'exceptions',
    description: 'Red and Amber actions with their commentary',
    secretariat: false,
    shows: 'board',
  },
  {
    name: 'overdue',
    usage: 'overdue',
    description: 'Actions past their due date',
    secretariat: false,
    shows: 'board',
  },
  {
    name: 'status',
    usage: 'status R4.2',
    description: 'One action and its history',
    secretariat: false,
    shows: 'action',
  },
  {
    name: 'away',
    usage: 'away until 12/01/2027 [cover colleague@council.gov.uk] | away off',
    description: 'No prompts or reminders until a date; a cover is asked instead',
    secretariat: false,
  },
  {
    name: 'delegate',
    usage: 'delegate colleague@council.gov.uk',
    description: 'Let a colleague answer for you',
    secretariat: false,
  },
  {
    name: 'revoke delegate',
    usage: 'revoke delegate',
    description: 'Stop your delegate answering for you',
    secretariat: false,
  },
  {
    name: 'post digest',
    usage: 'post digest',
    description: 'Post the digest to the board channel now',
    secretariat: true,
  },
  {
    name: 'chase',
    usage: 'chase [all | owner email | R4.2] [again]',
    description: 'Chase owners now; "again" repeats a chase that has just run',
    secretariat: true,
  },
  {
    name: 'nonresponders',
    usage: 'nonresponders',
    description: 'Owners who have not answered the latest chase',
    secretariat: true,
  },
  {
    name: 'reassign',
    usage: 'reassign R4.2 new.owner@council.gov.uk',
    description: 'Give an action a new owner',
    secretariat: true,
  },
  {
    name: 'approve date',
    usage: 'approve date R4.2',
    description: 'Accept a proposed revised due date',
    secretariat: true,
  },
  {
    name: 'reject date',
    usage: 'reject date R4.2',
    description: 'Decline a proposed revised due date',
    secretariat: true,
  },
  {
    name: 'close',
    usage: 'close R4.2 [R5.1 ...]',
    description: 'Close actions their owners marked complete (after the board agrees)',
    secretariat: true,
  },
  {
    name: 'return',
    usage: 'return R4.2 reason',
    description: 'Return an action marked complete to its owner, with the reason',
    secretariat: true,
  },
  {
    name: 'export csv',
    usage: 'export csv [plan] [2024-W20]',
    description: 'Link to a CSV of every action (Excel, Power BI)',
    secretariat: true,
  },
  {
    name: 'export html',
    usage: 'export html [plan] [2024-W20]',
    description: 'Link to a printable board report',
    secretariat: true,
  },
  {
    name: 'make this the board channel',
    usage: 'make this the board channel',
    description: 'In a channel: post the weekly digest here (asks to confirm)',
    secretariat: true,
  },
  {
    name: 'add secretariat',
    usage: 'add secretariat name@council.gov.uk',
    description: 'Add someone to the board secretariat (email or Entra object id)',
    secretariat: true,
  },
  {
    name: 'remove secretariat',
    usage: 'remove secretariat name@council.gov.uk',
    description: 'Take someone out of the board secretariat (never the last one)',
    secretariat: true,
  },
  {
    name: 'secretariat',
    usage: 'secretariat',
    description: 'Who is in the secretariat, and the recent changes to it and to the board channel',
    secretariat: true,
  },
  {
    name: 'board meeting',
    usage: 'board meeting 14/12/2026',
    description: 'Record the date of a board meeting (alone: list them)',
    secretariat: true,
  },
  {
    name: 'board report',
    usage: 'board report [plan] [from] [to]',
    description: 'What has moved since the last board meeting, or between two dates',
    secretariat: true,
  },
  {
    name: 'board paper',
    usage: 'board paper [plan] [from] [to]',
    description: 'Link to the Word board paper since the last meeting, or between two dates',
    secretariat: true,
  },
  {
    name: 'minutes',
    usage: 'minutes (then paste the minutes)',
    description: 'Candidate actions from pasted board minutes, or minutes sent as a file (nothing stored)',
    secretariat: true,
    raw: true,
  },
  {
    name: 'use',
    usage: 'use children',
    description: 'Where this deployment serves several boards: which one your commands are for (alone: list them)',
    secretariat: false,
  },
  {
    name: 'erase person',
    usage: 'erase person name@council.gov.uk',
    description: "Replace someone's name and email in the record with a pseudonym (data protection)",
    secretariat: true,
  },
] as const satisfies readonly CommandSpec[];
export type CommandName = (typeof COMMANDS)[number]['name'];

const ref = z
  .string()
  .trim()
  .regex(
    /^([a-z0-9-]+\/)?[A-Za-z0-9][A-Za-z0-9._\- ]{0,39}$/i,
    'is not an action reference like R4.2 (or plan-id/R4.2)',
  );
const email = z.string().toLowerCase().pipe(z.email('is not an email address'));
/** Someone named in a command: an email, or an Entra object id (not checked for GUID shape: emulators use others). */
const person = z.union([email, z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'is not an email or an Entra object id')]);
/** A board's id, as BOARDS lists it (bot/boardsConfig.ts). */
const boardId = z.string().regex(BOARD_ID, 'is not the id of a board (type "use" alone to list them)');
const week = z
  .string()
  .regex(/^\d{4}-W\d{2}$/i)
  .transform((w) => w.toUpperCase());

/** The London date someone is back (12/01/2027 or 2027-01-12), or 'off' when they are back already. */
export const awayUntilSchema = z.string().transform((v, ctx): string => {
  const date = v === 'off' ? v : parseDate(v);
  if (date) return date;
  ctx.addIssue({ code: 'custom', message: 'is not a date like 12/01/2027' });
  return z.NEVER;
});

/** Which board view: a plan and theme (parts of their names) and an ISO week. */
const scope = { plan: z.string().max(120).optional(), theme: z.string().max(120).optional(), week: week.optional() };

/** A chat message understood as a command, its arguments validated. */
export const commandSchema = z.discriminatedUnion('name', [
  z.object({ name: z.literal('help') }),
  z.object({ name: z.literal('my actions') }),
  z.object({ name: z.literal('digest'), ...scope }),
  z.object({ name: z.literal('preview'), ...scope }),
  z.object({ name: z.literal('exceptions'), ...scope }),
  z.object({ name: z.literal('overdue'), ...scope }),
  z.object({ name: z.literal('status'), ref }),
  z.object({
    name: z.literal('away'),
    until: awayUntilSchema,
    cover: email.optional(),
  }),
  z.object({ name: z.literal('delegate'), email }),
  z.object({ name: z.literal('revoke delegate') }),
  z.object({ name: z.literal('post digest'), ...scope }),
  z.object({
    name: z.literal('chase'),
    target: z.union([z.literal('all'), email, ref]).default('all'),
    /** Chase even though the same chase is running or has just finished. */
    again: z.literal(true).optional(),
  }),
  z.object({ name: z.literal('nonresponders') }),
  z.object({ name: z.literal('reassign'), ref, email }),
  z.object({ name: z.literal('approve date'), ref }),
  z.object({ name: z.literal('reject date'), ref }),
  z.object({ name: z.literal('close'), refs: z.array(ref).min(1, 'is missing').max(50, 'lists more than 50 actions') }),
  z.object({
    name: z.literal('return'),
    ref,
    reason: z
      .string()
      .trim()
      .min(1, 'is missing: say why it is not complete yet')
      .max(REASON_MAX, `is longer than ${REASON_MAX} characters`),
  }),
  z.object({ name: z.literal('export csv'), ...scope }),
  z.object({ name: z.literal('export html'), ...scope }),
  z.object({ name: z.literal('make this the board channel') }),
  z.object({ name: z.literal('add secretariat'), person }),
  z.object({ name: z.literal('remove secretariat'), person }),
  z.object({ name: z.literal('secretariat') }),
  ...boardPaperSchemas,
  minutesSchema,
  z.object({ name: z.literal('use'), board: boardId.optional() }),
  z.object({ name: z.literal('erase person'), email }),
]);
export type Command = z.infer<typeof commandSchema>;

export type ParsedCommand =
  | { ok: true; command: Command }
  | { ok: false; text: string; suggestion?: string; problem?: string };

/** "HR Improvement Plan / Phase 1 2024-W20" → plan, theme and week. */
function scopeArgs(rest: string): Record<string, string | undefined> {
  const w = /\b(\d{4}-w\d{2})\b/i.exec(rest);
  const text = (w ? rest.replace(w[0], ' ') : rest).replace(/\s+/g, ' ').trim();
  const [plan, theme] = text.split('/').map((s) => s.trim() || undefined);
  return { plan, theme, week: w?.[1] };
}

function argsFor(name: CommandName, rest: string): Record<string, unknown> {
  const words = rest.split(' ').filter(Boolean);
  switch (name) {
    case 'digest':
    case 'preview':
    case 'exceptions':
    case 'overdue':
    case 'post digest':
    case 'export csv':
    case 'export html':
      return scopeArgs(rest);
    case 'board meeting':
      return { date: rest || undefined };
    case 'board report':
    case 'board paper':
      return periodArgs(rest);
    case 'minutes':
      return { text: rest };
    case 'status':
    case 'approve date':
    case 'reject date':
      return { ref: rest };
    case 'chase': {
      const again = /(^|\s)again$/i.test(rest);
      const target = again ? rest.replace(/(^|\s)again$/i, '').trim() : rest;
      return {
        target: target === '' ? undefined : target.toLowerCase() === 'all' ? 'all' : target,
        again: again || undefined,
      };
    }
    case 'add secretariat':
    case 'remove secretariat':
      return { person: rest.toLowerCase() };
    case 'erase person':
      return { email: rest.trim() };
    case 'use':
      return { board: rest.trim().toLowerCase() || undefined };
    case 'away': {
      if (/^(off|back)$/i.test(rest)) return { until: 'off' };
      const m = /^(?:until\s+)?(\S+)(?:\s+cover\s+(\S+))?$/i.exec(rest);
      return m ? { until: m[1], cover: m[2] } : { until: rest };
    }
    case 'delegate':
      return { email: rest };
    case 'close':
      return { refs: [...new Set(rest.split(/[\s,;]+/).filter(Boolean))] };
    case 'return':
      return { ref: words[0] ?? '', reason: words.slice(1).join(' ') };
    case 'reassign':
      // The email is the last word; everything before it is the reference (which may hold spaces, e.g. "HR 1.2").
      return words.length > 1
        ? { ref: words.slice(0, -1).join(' '), email: words[words.length - 1] }
        : { ref: words[0] ?? '', email: '' };
    default:
      return {};
  }
}

/** Reads a chat message (mention already removed). An unknown command gets the nearest known one. */
/** Zero-width and joiner characters: invisible in Teams, never meant as part of a command. */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

export function parseCommand(typed: string): ParsedCommand {
  // Invisible characters a card puts in text (word joiners that keep addresses from becoming links)
  // go, so a command copied from a card reads as typed.
  const raw = typed.replace(INVISIBLE, '');
  const original = raw.replace(/\s+/g, ' ').trim().slice(0, 500);
  const text = original.toLowerCase();
  const hit = [...COMMANDS]
    .sort((a, b) => b.name.length - a.name.length)
    .find((c) => text === c.name || text.startsWith(`${c.name} `));
  if (hit) {
    const rawArgument = 'raw' in hit && hit.raw;
    const rest = rawArgument
      ? raw
          .trim()
          .slice(hit.name.length)
          .trim()
          .slice(0, MINUTES_MAX + 1)
      : original.slice(hit.name.length).trim();
    const parsed = commandSchema.safeParse({ name: hit.name, ...argsFor(hit.name, rest) });
    if (parsed.success) return { ok: true, command: parsed.data };
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? 'argument');
    const args = argsFor(hit.name, original.slice(hit.name.length).trim()) as Record<string, unknown>;
    const given = issue?.path.length === 2 ? (args[field] as unknown[])[Number(issue.path[1])] : args[field];
    const needs: Record<string, string> = {
      ref: 'an action reference',
      refs: 'action references',
      email: 'an email address',
      person: 'an email or an Entra object id',
      reason: 'a reason',
      until: 'the date you are back',
      cover: "your cover's email address",
    };
    return {
      ok: false,
      text,
      problem: `"${hit.name}" needs ${needs[field] ?? `a valid ${field}`}${given || field === 'reason' ? `: ${given ? `"${String(given)}" ` : ''}${issue?.message ?? 'is not valid'}` : ''}. Usage: ${hit.usage}`,
    };
  }
  const candidates = COMMANDS.map((c) => {
    const head = text.split(' ').slice(0, c.name.split(' ').length).join(' ');
    return { c, d: editDistance(head, c.name) };
  }).sort((a, b) => a.d - b.d);
  const nearest = candidates[0];
  return {
    ok: false,
    text,
    suggestion: nearest && nearest.d <= Math.max(2, Math.floor(nearest.c.name.length / 3)) ? nearest.c.name : undefined,
  };
}
