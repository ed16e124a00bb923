/**
 * User text made inert for an Adaptive Card. Teams renders a TextBlock's and a FactSet's text as
 * Markdown (a CommonMark subset: bold, italic, lists, links) and turns bare web addresses into
 * links, so text an owner typed could otherwise put a link or emphasis in front of the board.
 *
 * - every ASCII character CommonMark gives a meaning inline (`\ ` * _ ~ [ ] ( ) < > ! # | &`) is
 *   backslash-escaped: no emphasis, links, reference links, images, autolinks, HTML or entities;
 * - a `-`, `+`, `>` or `1.` that would start a list, quote or heading at the start of a line is escaped;
 * - web addresses, domains and email addresses are broken with an invisible word joiner (U+2060)
 *   before each dot followed by a letter (a domain's; not "R4.2" or "1.5") and after the `:` of `://`,
 *   so nothing is linkified.
 *
 * The text reads the same; it only cannot format or link. Every card data function under cards/
 * passes each user-supplied field through this one function.
 */
const WORD_JOINER = '\u2060';

export function inert(text: string): string {
  return text
    .replace(/[\\`*_~[\]()<>!#|&]/g, (c) => `\\${c}`)
    .replace(/^([ \t]*)([-+=])/gm, '$1\\$2')
    .replace(/^([ \t]*\d+)([.)])/gm, '$1\\$2')
    .replace(/([\p{L}\p{N}])\.(?=\p{L})/gu, `$1${WORD_JOINER}.`)
    .replace(/:\/\//g, `:${WORD_JOINER}//`)
    .replace(/@(?=[\p{L}\p{N}])/gu, `${WORD_JOINER}@`);
}

/** `inert` for a field that may be absent. */
export const inertOr = (text: string | undefined, fallback: string): string => (text ? inert(text) : fallback);
