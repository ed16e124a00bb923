import type { z } from 'zod';
import { BoardBotError, ErrorCode } from '../errors';

/** Parses with zod, or refuses the request with 400 naming the first problems. */
export function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new BoardBotError(
    ErrorCode.InvalidSubmit,
    `The ${what} is not as expected: ${r.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || what}: ${i.message}`)
      .join('; ')}.`,
  );
}
