/**
 * The client's glossary in the text box: completions for a term being typed, and words that are
 * nearly a term but not quite (a likely misspelling of a name). Pure functions, tested without a
 * browser; nt-turn-list shows what they find.
 */

/** A completion: replace `text.slice(from, caret)` with `term`. */
export interface Completion {
  from: number;
  term: string;
}

/** A run of words within a few edits of a term, and not equal to it. */
export interface NearMiss {
  from: number;
  to: number;
  found: string;
  term: string;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;
/** A fragment shorter than this completes nothing: two letters already match too many terms. */
const MIN_PREFIX = 2;
/** How many words back a completion may reach (terms like "PT Sinar Mas Agro"). */
const MAX_TERM_WORDS = 4;

/**
 * The term the text before the caret is the start of, if any: the longest fragment ending at the
 * caret that begins at a word and is a case-insensitive prefix of a longer term.
 */
export function completionFor(before: string, terms: readonly string[]): Completion | null {
  if (!terms.length || !/[\p{L}\p{N}]$/u.test(before)) return null;
  const starts = [...before.matchAll(WORD)].map((m) => m.index).slice(-MAX_TERM_WORDS);
  for (const from of starts) {
    const frag = before.slice(from).toLowerCase();
    if (frag.length < MIN_PREFIX) continue;
    const term = terms.find((t) => t.length > frag.length && t.toLowerCase().startsWith(frag));
    if (term) return { from, term };
  }
  return null;
}

/**
 * Edits allowed between a word and a term: two, but fewer for short terms, where two edits turn
 * almost any word into any other ("time" and "Tina").
 */
export function allowedEdits(term: string): number {
  return term.length >= 8 ? 2 : term.length >= 4 ? 1 : 0;
}

/** Levenshtein distance if it is at most `max`, else `max + 1` (a banded computation that stops early). */
export function distanceWithin(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (cur[j] < best) best = cur[j];
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/**
 * Every run of as many words as a term has that is within `allowedEdits` of it but not equal to
 * it (a difference of case counts: names are spelled one way). Runs that match a term exactly are
 * never flagged, whatever other term they resemble.
 */
export function nearMisses(text: string, terms: readonly string[]): NearMiss[] {
  const words = [...text.matchAll(WORD)].map((m) => ({ from: m.index, to: m.index + m[0].length }));
  const exact = new Set(terms);
  const byCount = new Map<number, string[]>();
  for (const t of terms) {
    if (allowedEdits(t) === 0) continue;
    const n = t.split(/\s+/).length;
    byCount.set(n, [...(byCount.get(n) ?? []), t]);
  }
  const out: NearMiss[] = [];
  let coveredTo = 0;
  for (let i = 0; i < words.length; i++) {
    if (words[i].from < coveredTo) continue;
    let hit: NearMiss | null = null;
    for (const [n, group] of [...byCount].sort((a, b) => b[0] - a[0])) {
      if (i + n > words.length) continue;
      const from = words[i].from;
      const to = words[i + n - 1].to;
      const found = text.slice(from, to).replace(/\s+/g, ' ');
      if (exact.has(found)) break;
      for (const term of group) {
        const d = distanceWithin(found, term, allowedEdits(term));
        if (d > 0 && d <= allowedEdits(term)) {
          hit = { from, to, found, term };
          break;
        }
      }
      if (hit) break;
    }
    if (hit) {
      out.push(hit);
      coveredTo = hit.to;
    }
  }
  return out;
}
