/**
 * Where the terms of a query occur in a text: the token ranges that the snippet marks, and the
 * counts that the ranking weighs. A phrase occurs where its tokens follow one another (anything
 * that is not a token may sit between them, as in the index).
 */
import type { SearchTerm } from './query.ts';
import { terms as termsOf, tokenize, type Token } from './tokens.ts';

function matchesAt(terms: readonly string[], i: number, term: SearchTerm): boolean {
  const n = term.tokens.length;
  if (i + n > terms.length) return false;
  for (let j = 0; j < n - 1; j++) if (terms[i + j] !== term.tokens[j]) return false;
  const last = term.tokens[n - 1];
  return term.prefix ? terms[i + n - 1].startsWith(last) : terms[i + n - 1] === last;
}

/** Token index ranges `[first, last]` where `term` occurs in `terms`, in order. */
export function occurrences(terms: readonly string[], term: SearchTerm): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < terms.length; i++)
    if (matchesAt(terms, i, term)) out.push([i, i + term.tokens.length - 1]);
  return out;
}

/** Character ranges in `text` where any of `query` occurs, sorted and merged where they touch. */
export function markRanges(text: string, query: readonly SearchTerm[]): Array<[number, number]> {
  const toks: Token[] = tokenize(text);
  const terms = toks.map((t) => t.term);
  const ranges: Array<[number, number]> = [];
  for (const term of query)
    for (const [a, b] of occurrences(terms, term)) ranges.push([toks[a].from, toks[b].to]);
  ranges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** How often each term occurs in `text`, and how many tokens it has (for ranking). */
export function frequencies(text: string, query: readonly SearchTerm[]): { tf: number[]; length: number } {
  const terms = termsOf(text);
  return { tf: query.map((term) => occurrences(terms, term).length), length: terms.length };
}
