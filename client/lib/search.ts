/**
 * Search results and the `#t=<seconds>` link between a hit and the recording page. Pure, so they
 * are unit-tested in Node.
 */

/** A run of a snippet, marked when it matched. */
export interface SnippetPart {
  text: string;
  marked: boolean;
}

/**
 * Splits a snippet into runs by its match ranges. The ranges come from the server; any that are
 * out of bounds, reversed or overlapping an earlier one are ignored rather than trusted, so a
 * snippet always shows in full and in order.
 */
export function snippetParts(
  snippet: string,
  marks: ReadonlyArray<readonly [number, number]>,
): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let at = 0;
  for (const [from, to] of marks) {
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < at || to <= from || to > snippet.length)
      continue;
    if (from > at) parts.push({ text: snippet.slice(at, from), marked: false });
    parts.push({ text: snippet.slice(from, to), marked: true });
    at = to;
  }
  if (at < snippet.length) parts.push({ text: snippet.slice(at), marked: false });
  return parts;
}

/** The fragment that opens a recording at `seconds` (tenths kept, so a turn's start is not rounded away). */
export function timeFragment(seconds: number): string {
  return `#t=${Math.max(0, Math.floor(seconds * 10) / 10)}`;
}

/** The seconds a `#t=<seconds>` fragment names, or null when it names none. */
export function parseTimeFragment(hash: string): number | null {
  const m = /^#?t=(\d{1,7}(?:\.\d{1,3})?)$/.exec(hash);
  return m ? Number(m[1]) : null;
}

/** The index of the turn playing at `t`: the last one starting at or before it (−1 before the first). */
export function turnAt(turns: ReadonlyArray<{ start: number }>, t: number): number {
  let found = -1;
  for (let i = 0; i < turns.length; i++) {
    if (turns[i].start <= t + 0.05) found = i;
    else break;
  }
  return found;
}
