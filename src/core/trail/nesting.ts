// How deep a JSONC text nests, measured without recursion, so a hostile file cannot overflow the stack of the
// recursive JSONC parser (jsonc-parser's parseTree and getNodeValue recurse once per level).

import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, OPEN_BRACE, OPEN_BRACKET, QUOTE } from '../load/jsonBytes';

const SLASH = 0x2f;
const STAR = 0x2a;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** Line breaks end strings and line comments, as in jsonc-parser's scanner. */
function isLineBreak(code: number): boolean {
  return code === LINE_FEED || code === CARRIAGE_RETURN;
}

/** Offset of the first `{` or `[` that opens level `limit + 1`, or null when the text never nests that deep. */
export function nestingBeyond(text: string, limit: number): number | null {
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      i++;
      while (i < text.length && text.charCodeAt(i) !== QUOTE && !isLineBreak(text.charCodeAt(i))) i += text.charCodeAt(i) === BACKSLASH ? 2 : 1;
    } else if (code === SLASH && text.charCodeAt(i + 1) === SLASH) {
      while (i < text.length && !isLineBreak(text.charCodeAt(i))) i++;
    } else if (code === SLASH && text.charCodeAt(i + 1) === STAR) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth++;
      if (depth > limit) return i;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth = Math.max(0, depth - 1);
    }
    i++;
  }
  return null;
}
