/**
 * The excerpt a hit shows: plain text around the densest cluster of matches, cut at spaces, with
 * the matches as character ranges (JavaScript string offsets) into the excerpt itself. The page
 * builds its <mark>s from those ranges, so no markup ever travels inside the text.
 */
import type { SearchTerm } from './query.ts';
import { markRanges } from './match.ts';

/** About how long an excerpt is, in characters. */
export const SNIPPET_CHARS = 220;
/** How much text comes before the first match shown. */
const LEAD = 60;
const ELLIPSIS = '…';

export interface Snippet {
  snippet: string;
  marks: Array<[number, number]>;
}

/** Moves `i` back to just after a space (or to `floor`), so an excerpt never starts mid-word. */
function wordStart(text: string, i: number, floor: number): number {
  if (i <= floor) return floor;
  const space = text.lastIndexOf(' ', i);
  return space < floor ? floor : space + 1;
}

/** Moves `i` forward to a space (or to `ceil`), so an excerpt never ends mid-word. */
function wordEnd(text: string, i: number, ceil: number): number {
  if (i >= text.length) return text.length;
  const space = text.indexOf(' ', i);
  return space < 0 || space > ceil ? Math.min(i, text.length) : space;
}

/** A snippet of `text` showing where `query` occurs (its start when nothing does). */
export function buildSnippet(text: string, query: readonly SearchTerm[]): Snippet {
  const ranges = markRanges(text, query);
  if (text.length <= SNIPPET_CHARS) return { snippet: text, marks: ranges };
  // The window with the most matches, anchored at one of them.
  let best = 0;
  let bestCount = -1;
  for (let i = 0; i < ranges.length; i++) {
    let n = 0;
    for (let j = i; j < ranges.length && ranges[j][1] <= ranges[i][0] + SNIPPET_CHARS - LEAD; j++) n++;
    if (n > bestCount) [best, bestCount] = [i, n];
  }
  const anchor = ranges.length ? ranges[best][0] : 0;
  let start = wordStart(text, Math.max(0, anchor - LEAD), Math.max(0, anchor - 2 * LEAD));
  let end = wordEnd(text, start + SNIPPET_CHARS, start + SNIPPET_CHARS + 30);
  // Never cut a match in two.
  for (const [a, b] of ranges) {
    if (a < end && b > end) end = b;
    if (a < start && b > start) start = a;
  }
  // A cut inside a surrogate pair would leave half a character.
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start])) start--;
  if (end < text.length && /[\uDC00-\uDFFF]/.test(text[end])) end++;
  while (start < end && /\s/u.test(text[start])) start++;
  while (end > start && /\s/u.test(text[end - 1])) end--;
  const before = start > 0 ? ELLIPSIS : '';
  const after = end < text.length ? ELLIPSIS : '';
  const shift = before.length - start;
  const marks = ranges
    .filter(([a, b]) => a >= start && b <= end)
    .map(([a, b]): [number, number] => [a + shift, b + shift]);
  return { snippet: before + text.slice(start, end) + after, marks };
}
