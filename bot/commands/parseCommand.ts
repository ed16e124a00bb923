import { z } from 'zod';
import { editDistance } from './editDistance';
import { REASON_MAX } from '../domain/replyRules';
import { parseDate } from '../domain/calendar';

/** A chat command as the help card and the manifest describe it. */
export interface CommandSpec {
  name: string;
  usage: string;
  description: string;
  secretariat: boolean;
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
  },
  { name: 'preview', usage: 'preview', description: 'The digest, sent to you only', secretariat: false },
  {
    name: 'exceptions',
    usage: 'exceptions',
    description: 'Red and Amber actions with their commentary',
    secretariat: false,
  },
  { name: 'overdue', usage: 'overdue', description: 'Actions past their due date', secretariat: false },
  { name: 'status', usage: 'status R4.2', description: 'One action and its history', secretariat: false },
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
export function parseCommand(raw: string): ParsedCommand {
  const original = raw.replace(/\s+/g, ' ').trim().slice(0, 500);
  const text = original.toLowerCase();
  const hit = [...COMMANDS]
    .sort((a, b) => b.name.length - a.name.length)
    .find((c) => text === c.name || text.startsWith(`${c.name} `));
  if (hit) {
    const parsed = commandSchema.safeParse({
      name: hit.name,
      ...argsFor(hit.name, original.slice(hit.name.length).trim()),
    });
    if (parsed.success) return { ok: true, command: parsed.data };
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? 'argument');
    const args = argsFor(hit.name, original.slice(hit.name.length).trim()) as Record<string, unknown>;
    const given = issue?.path.length === 2 ? (args[field] as unknown[])[Number(issue.path[1])] : args[field];
    const needs: Record<string, string> = {
      ref: 'an action reference',
      refs: 'action references',
      email: 'an email address',
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
