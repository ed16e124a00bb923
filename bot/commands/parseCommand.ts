import { z } from 'zod';

/** The chat commands this bot understands, with their words as typed. */
export const COMMANDS = [
  { name: 'help', usage: 'help', description: 'What I can do', secretariat: false },
  { name: 'my actions', usage: 'my actions', description: 'Your open actions on one card, to update now', secretariat: false },
  { name: 'chase', usage: 'chase', description: 'Chase every owner with open actions now (secretariat)', secretariat: true },
  { name: 'nonresponders', usage: 'nonresponders', description: 'Owners who have not answered the latest cycle (secretariat)', secretariat: true },
] as const;
export type CommandName = (typeof COMMANDS)[number]['name'];

/** A chat message understood as a command. */
export const commandSchema = z.discriminatedUnion('name', [
  z.object({ name: z.literal('help') }),
  z.object({ name: z.literal('my actions') }),
  z.object({ name: z.literal('chase') }),
  z.object({ name: z.literal('nonresponders') }),
]);
export type Command = z.infer<typeof commandSchema>;

export type ParsedCommand = { ok: true; command: Command } | { ok: false; text: string; suggestion?: string };

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length][b.length];
}

/** Reads a chat message (mention already removed). An unknown command gets the nearest known one. */
export function parseCommand(raw: string): ParsedCommand {
  const text = raw.replace(/\s+/g, ' ').trim().toLowerCase().slice(0, 500);
  const hit = [...COMMANDS].sort((a, b) => b.name.length - a.name.length).find((c) => text === c.name || text.startsWith(`${c.name} `));
  if (hit) {
    const parsed = commandSchema.safeParse({ name: hit.name });
    if (parsed.success) return { ok: true, command: parsed.data };
  }
  const first = text.split(' ').slice(0, 2).join(' ');
  const nearest = [...COMMANDS].map((c) => ({ c, d: Math.min(distance(first, c.name), distance(text.split(' ')[0] ?? '', c.name)) })).sort((a, b) => a.d - b.d)[0];
  return { ok: false, text, suggestion: nearest && nearest.d <= Math.max(2, Math.floor(nearest.c.name.length / 3)) ? nearest.c.name : undefined };
}
