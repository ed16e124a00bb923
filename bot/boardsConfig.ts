import { z } from 'zod';
import { FLAG_DEFAULTS, type FlagSettings } from './domain/challengeFlags';
import type { Config } from './config';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;

/** One board of a deployment: a channel (set in Teams), its plans, its secretariat and its cadence. */
export interface BoardConfig {
  /** Short and stable (letters and digits): in table names, card data, tab and export links. */
  id: string;
  /** How people see it: "Children's Improvement Board". */
  name: string;
  /** The prefix of this board's own tables (Plans, Ledger, Prompts, Cycles, Settings, Jobs). */
  tablePrefix: string;
  /** The board's first secretariat (emails or Entra object ids), before any change made in Teams. */
  secretariat: string[];
  chase: { weekday: number; time: string };
  digest: { weekday: number; time: string };
  flags: FlagSettings;
}

/** A board's id: in table names, card data and links (BOARDS, BOARD, `use`, export links all check it so). */
export const BOARD_ID = /^[a-z][a-z0-9]{0,11}$/;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM on the 24-hour clock');
const weekday = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.enum(WEEKDAYS, { message: `must be one of ${WEEKDAYS.join(', ')}` }));

const boardSchema = z
  .object({
    id: z.string().regex(BOARD_ID, 'must be a lower-case letter then up to 11 letters or digits'),
    name: z.string().trim().min(1).max(80),
    tablePrefix: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9]{0,31}$/, 'must be a letter then up to 31 letters or digits')
      .optional(),
    secretariat: z.array(z.string().trim().toLowerCase().min(1)).optional(),
    chaseDay: weekday.optional(),
    chaseTime: hhmm.optional(),
    digestDay: weekday.optional(),
    digestTime: hhmm.optional(),
    staleWeeks: z.number().int().min(1).max(52).optional(),
    stuckRedWeeks: z.number().int().min(1).max(52).optional(),
    slippingDates: z.number().int().min(1).max(10).optional(),
    evidenceRequired: z.boolean().optional(),
  })
  .strict();

/** BOARDS: a JSON array of boards; ids and table prefixes unique. */
export const boardsSchema = z
  .string()
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of boards, e.g. [{"id":"tab","name":"…"}]' });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .array(boardSchema)
      .min(1, 'must list at least one board')
      .max(20, 'must list at most 20 boards')
      .refine((b) => new Set(b.map((x) => x.id)).size === b.length, 'must give each board its own id'),
  );

/** What every board takes unless BOARDS says otherwise: the single-board settings. */
export interface BoardDefaults {
  tablePrefix: string;
  secretariat: string[];
  chase: { weekday: number; time: string };
  digest: { weekday: number; time: string };
  flags: FlagSettings;
}

/** The id of the board of a deployment that lists none (its tables are TABLE_PREFIX's, as they always were). */
export const SINGLE_BOARD_ID = 'board';

/**
 * The deployment's boards. Without BOARDS, one board whose tables are the deployment's own (nothing
 * moves for a deployment that had one board before); with BOARDS, each board's tables carry its id
 * (`{TABLE_PREFIX}{id}Ledger`…) unless it names a prefix (to keep an existing board's data).
 */
export function boardsOf(listed: z.infer<typeof boardsSchema> | undefined, d: BoardDefaults): BoardConfig[] {
  if (!listed) return [{ id: SINGLE_BOARD_ID, name: 'The board', ...d }];
  const boards = listed.map((b) => ({
    id: b.id,
    name: b.name,
    tablePrefix: b.tablePrefix ?? `${d.tablePrefix}${b.id}`,
    secretariat: b.secretariat ?? d.secretariat,
    chase: {
      weekday: b.chaseDay ? WEEKDAYS.indexOf(b.chaseDay) + 1 : d.chase.weekday,
      time: b.chaseTime ?? d.chase.time,
    },
    digest: {
      weekday: b.digestDay ? WEEKDAYS.indexOf(b.digestDay) + 1 : d.digest.weekday,
      time: b.digestTime ?? d.digest.time,
    },
    flags: {
      staleWeeks: b.staleWeeks ?? d.flags.staleWeeks,
      stuckRedWeeks: b.stuckRedWeeks ?? d.flags.stuckRedWeeks,
      slippingDates: b.slippingDates ?? d.flags.slippingDates,
      evidenceRequired: b.evidenceRequired ?? d.flags.evidenceRequired,
    },
  }));
  const prefixes = boards.map((b) => b.tablePrefix.toLowerCase());
  if (new Set(prefixes).size !== prefixes.length) throw new Error('BOARDS must give each board its own tables');
  return boards;
}

/** The boards of a configuration: as listed, else the one board of its single-board settings. */
export const boardsIn = (c: Config): BoardConfig[] =>
  c.boards ??
  boardsOf(undefined, {
    tablePrefix: c.storage.tablePrefix,
    secretariat: c.secretariat,
    chase: { weekday: c.chase.weekday, time: c.chase.time },
    digest: c.digest,
    flags: c.flags ?? FLAG_DEFAULTS,
  });
