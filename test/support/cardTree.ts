import type * as AC from 'adaptivecards';

/** A card's JSON objects, loosely typed for assertions. */
export type Json = Record<string, any>;

/** The Adaptive Cards SDK that Teams renders with, from its CommonJS build (its `lib` build is ES modules). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const ACRuntime: typeof AC = require('adaptivecards/dist/adaptivecards.js');

/** Every object in the card, depth first. */
export const nodes = (n: unknown, out: Json[] = []): Json[] => {
  if (Array.isArray(n)) for (const x of n) nodes(x, out);
  else if (n && typeof n === 'object') {
    out.push(n as Json);
    for (const v of Object.values(n)) nodes(v, out);
  }
  return out;
};

/** Card text as a person reads it once Teams has rendered it: Markdown escapes and word joiners (cards/inertText.ts) gone. */
export const asRead = (text: string): string => text.replace(/\\([!-/:-@[-`{-~])/g, '$1').replace(/\u2060/g, '');
