import { format } from 'node:util';

/** Structured logging: one JSON line per event on stdout, with correlation fields carried by child loggers. */
export type LogFields = Record<string, unknown>;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

/** Fields whose value is never written, whatever it holds: credentials, and what owners write. */
const SECRET_FIELD = /authorization|password|secret|token|cookie|connectionstring|accountkey|narrative/i;
/** Secrets recognisable by their shape, wherever they appear in a text. */
const SECRET_SHAPES: [RegExp, string][] = [
  [/\bBearer\s+[\w\-.~+/]+=*/gi, 'Bearer [redacted]'],
  [/\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g, '[redacted token]'],
  [/\b(AccountKey|SharedAccessSignature|sig|client_secret|password)=[^;&\s"']+/gi, '$1=[redacted]'],
];
const MAX_DEPTH = 6;

/** A text with every known secret value and every secret-shaped substring replaced. */
function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('[redacted]');
  for (const [shape, replacement] of SECRET_SHAPES) out = out.replace(shape, replacement);
  return out;
}

/** A log value made safe to write: errors reduced to name, message and the top of the stack; secrets removed. */
function scrub(v: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof v === 'string') return scrubText(v, secrets);
  if (v instanceof Error) {
    const stack = v.stack?.split('\n').slice(0, 6).join('\n');
    return scrub({ name: v.name, message: v.message, stack }, secrets, depth);
  }
  if (v === null || typeof v !== 'object') return v;
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  if (Array.isArray(v)) return v.map((x) => scrub(x, secrets, depth + 1));
  const out: LogFields = {};
  for (const [k, x] of Object.entries(v)) {
    // A flag such as hasToken: true says nothing secret; a text or object under such a name may.
    const hidden = SECRET_FIELD.test(k) && (typeof x === 'string' || (typeof x === 'object' && x !== null));
    out[k] = hidden ? '[redacted]' : scrub(x, secrets, depth + 1);
  }
  return out;
}

/**
 * A logger writing JSON lines. `secrets` are values never to be written (the app password, keys):
 * they are replaced wherever they turn up, as are bearer tokens, JWTs and credential-named fields.
 */
export function createLogger(
  base: LogFields = {},
  write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  secrets: readonly string[] = [],
): Logger {
  const known = secrets.filter((s) => s.length >= 8);
  const emit = (level: string, msg: string, fields: LogFields = {}): void =>
    write(
      JSON.stringify({
        time: new Date().toISOString(),
        level,
        msg: scrubText(msg, known),
        ...(scrub({ ...base, ...fields }, known) as LogFields),
      }),
    );
  return {
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger({ ...base, ...fields }, write, known),
  };
}

/**
 * Sends what libraries print with console.* (botbuilder prints token failures there) through the
 * logger, so the process's output stays JSON lines with the same redaction.
 */
export function captureConsole(log: Logger): void {
  const as =
    (level: 'info' | 'warn' | 'error') =>
    (...args: unknown[]) =>
      log[level]('library output', { detail: format(...args).slice(0, 2000) });
  console.log = as('info');
  console.info = as('info');
  console.debug = as('info');
  console.warn = as('warn');
  console.error = as('error');
}

/** A logger that drops everything, for command-line tools that print their own output. */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {}, child: () => silentLogger };
