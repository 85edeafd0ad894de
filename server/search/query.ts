/**
 * The search box's language, parsed into terms the engines run. Only three things are syntax:
 * a pair of double quotes around an exact phrase, a `*` right after a word (a prefix), and the
 * spaces between words; every other character is text, tokenized as the index tokenizes it. So
 * `NEAR(`, `AND OR NOT`, `-x` or `col:word` are words to find, never operators, and no user text
 * ever reaches an engine's query syntax (the engines quote every term themselves).
 */
import { ValidationError } from '../errors.ts';
import { tokenize } from './tokens.ts';

/** One thing every hit must contain: a word, a prefix, or a phrase (its last word a prefix if `prefix`). */
export interface SearchTerm {
  /** Folded terms, in order; one for a word or a prefix. */
  tokens: string[];
  /** The last token matches any term it begins. */
  prefix: boolean;
}

export const MAX_QUERY_CHARS = 500;
/** Words across all terms: each one is an index walk, and nobody types more into a search box. */
export const MAX_QUERY_WORDS = 32;
/** A one-letter prefix would match a good part of the vocabulary. */
export const MIN_PREFIX_CHARS = 2;

function invalid(message: string, problem: string): ValidationError {
  return new ValidationError(message, { fields: [{ field: 'q', problem }] });
}

/** Splits `q` into quoted phrases and space-separated chunks; an unpaired quote is text. */
function chunks(q: string): Array<{ text: string; quoted: boolean }> {
  const out: Array<{ text: string; quoted: boolean }> = [];
  const plain = (s: string) => {
    for (const part of s.split(/\s+/u)) if (part) out.push({ text: part, quoted: false });
  };
  let rest = q;
  for (;;) {
    const open = rest.indexOf('"');
    const close = open < 0 ? -1 : rest.indexOf('"', open + 1);
    if (close < 0) {
      plain(rest.replace(/"/g, ' '));
      return out;
    }
    plain(rest.slice(0, open));
    out.push({ text: rest.slice(open + 1, close), quoted: true });
    rest = rest.slice(close + 1);
  }
}

/** The terms of a query; throws ValidationError (400) for one that cannot be searched. */
export function parseQuery(q: string): SearchTerm[] {
  const trimmed = q.trim();
  if (trimmed === '') throw invalid('Type a word to search for (q is empty).', 'empty');
  if ([...q].length > MAX_QUERY_CHARS)
    throw invalid(`A search may be at most ${MAX_QUERY_CHARS} characters long.`, 'too long');
  const terms: SearchTerm[] = [];
  const seen = new Set<string>();
  // Control and format characters (NUL, bidi controls, zero-width joiners) separate like spaces.
  for (const chunk of chunks(trimmed.replace(/[\p{Cc}\p{Cf}]/gu, ' '))) {
    const toks = tokenize(chunk.text);
    if (toks.length === 0) continue;
    // `word*`: the star must follow the last token directly; elsewhere (or inside quotes) it is text.
    const starAt = toks[toks.length - 1].to;
    const prefix = !chunk.quoted && chunk.text[starAt] === '*' && /^\*+$/.test(chunk.text.slice(starAt));
    const term: SearchTerm = { tokens: toks.map((t) => t.term), prefix };
    if (prefix && [...term.tokens[term.tokens.length - 1]].length < MIN_PREFIX_CHARS)
      throw invalid(
        `A prefix needs at least ${MIN_PREFIX_CHARS} letters before the * ("${chunk.text}").`,
        'prefix too short',
      );
    const key = JSON.stringify(term);
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push(term);
  }
  if (terms.length === 0) throw invalid('The search has no letters or digits to look for.', 'no words');
  if (terms.reduce((n, t) => n + t.tokens.length, 0) > MAX_QUERY_WORDS)
    throw invalid(`A search may have at most ${MAX_QUERY_WORDS} words.`, 'too many words');
  return terms;
}
