/**
 * What a word is, for search: the one definition both engines index with and every query,
 * ranking and highlight is computed with, so that what is found and what is marked agree.
 *
 * A token is a run of letters, digits and combining marks (as SQLite's unicode61 tokenizer
 * splits text). Its term is the token folded: compatibility forms decomposed (ﬁ → fi, full-width
 * → ASCII), Latin/Greek/Cyrillic diacritics removed (é → e) and lower-cased, so that "Perusahaan",
 * "perusahaan" and "pérusahaan" are one term. Scripts written without spaces stay one token per run.
 */

export interface Token {
  /** The folded form, as indexed. */
  term: string;
  /** Where the token sits in the text (UTF-16 offsets, end exclusive). */
  from: number;
  to: number;
}

const TOKEN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;
// The combining-diacritics blocks: removing every nonspacing mark would also strip the vowel
// signs of Indic scripts, changing their words rather than folding them.
// eslint-disable-next-line no-misleading-character-class -- a class of lone combining marks is the point
const DIACRITICS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
const NON_ASCII = /[\u0080-\u{10ffff}]/u;

/** Folds one token to its term; may return '' (a run of marks only). */
export function fold(token: string): string {
  if (!NON_ASCII.test(token)) return token.toLowerCase();
  // A compatibility decomposition can contain spaces (Arabic ligatures); a term never does.
  return token.normalize('NFKD').replace(DIACRITICS, '').replace(/\s+/gu, '').toLowerCase();
}

/** The tokens of `text` with their places. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const term = fold(m[0]);
    if (term) out.push({ term, from: m.index, to: m.index + m[0].length });
  }
  return out;
}

/** The terms of `text` in order (what the index holds); plain ASCII text takes a fast path. */
export function terms(text: string): string[] {
  if (!NON_ASCII.test(text)) {
    const parts = text.toLowerCase().split(/[^a-z0-9]+/);
    if (parts[0] === '') parts.shift();
    if (parts.at(-1) === '') parts.pop();
    return parts;
  }
  return tokenize(text).map((t) => t.term);
}

/** A speaker's name as a filter compares it: its terms, so case, accents and spacing do not matter. */
export function speakerKey(name: string): string {
  return terms(name).join(' ');
}
