/**
 * The FTS5 expressions of a search. Every term is quoted here, so nothing a user typed is ever
 * FTS5 syntax, and every term carries its organisation's tag, so a client's search reads its own
 * organisation's doclists only (an admin's reads every organisation's, ORed).
 */
import { createHash } from 'node:crypto';
import type { SearchTerm } from '../../search/query.ts';
import type { SearchRequest } from '../types.ts';
import type { Vocabulary } from './search-vocabulary.ts';

/** Prefix lengths (after the tag) FTS5 keeps an index for; a longer prefix expands to the terms it begins. */
export const PREFIX_INDEX = [2, 3, 4];
/** A longer prefix that begins more terms than this is left to FTS5's own (slower) prefix scan. */
const EXPAND_MAX = 64;
/** Beyond this many terms, a prefix counts as being in every entry (ranking weight). */
const DF_TERMS_MAX = 1000;

export const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;
export const tagged = (tag: string, term: string): string => `${tag}_${term}`;
const hex = (s: string): string => Buffer.from(s, 'utf8').toString('hex');
export const recordingToken = (id: string): string => `r${hex(id)}`;
/** Per organisation, like the words: a name common to many organisations is many short doclists. */
export const speakerToken = (orgId: string, key: string): string =>
  `s${createHash('sha256').update(`${orgId}\0${key}`).digest('hex').slice(0, 24)}`;

/** What FTS5 is asked: `match` finds the hits; `slicer`, for a query of several words, finds the entries holding its rarest one. */
export interface Query {
  match: string;
  slicer: string | null;
}

/** The tagged organisations a search reads: one, or all of them for an admin. */
function searchOrgs(req: SearchRequest, vocab: Vocabulary): Array<{ orgId: string; tag: string }> {
  if (req.orgId === null) return vocab.tags();
  const tag = vocab.tag(req.orgId, false);
  return tag === null ? [] : [{ orgId: req.orgId, tag }];
}

/** One term (a phrase: a word is a phrase of one) for each organisation, ORed; null when it can match nothing. */
function termExpression(
  term: SearchTerm,
  orgs: Array<{ orgId: string; tag: string }>,
  vocab: Vocabulary,
): string | null {
  const parts: string[] = [];
  for (const { orgId, tag } of orgs) {
    const phrase = quote(term.tokens.map((t) => tagged(tag, t)).join(' '));
    const last = term.tokens[term.tokens.length - 1];
    if (!term.prefix) parts.push(phrase);
    else if (term.tokens.length > 1 || [...last].length <= Math.max(...PREFIX_INDEX))
      parts.push(`${phrase} *`);
    else {
      // FTS5 would merge the whole doclist of every term the prefix begins before the first
      // match; an OR of a few terms is walked lazily, newest first, like a word.
      const found = vocab.beginning(last, orgId, EXPAND_MAX + 1);
      if (found.length > EXPAND_MAX) parts.push(`${phrase} *`);
      else parts.push(...found.map((t) => quote(tagged(tag, t.term))));
    }
  }
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`;
}

/** The expressions of a search; null when nothing can match. */
export function buildQuery(req: SearchRequest, vocab: Vocabulary): Query | null {
  const orgs = searchOrgs(req, vocab);
  if (orgs.length === 0) return null;
  const scope: string[] = [];
  if (req.recordingId !== undefined) scope.push(`scope : ${quote(recordingToken(req.recordingId))}`);
  const key = req.speakerKey;
  if (key !== undefined) {
    const speakers = orgs.map((o) => quote(speakerToken(o.orgId, key)));
    scope.push(`scope : ${speakers.length === 1 ? speakers[0] : `(${speakers.join(' OR ')})`}`);
  }
  const parts = [...scope];
  for (const term of req.terms) {
    const expr = termExpression(term, orgs, vocab);
    if (expr === null) return null;
    parts.push(`words : ${expr}`);
  }
  // One word alone is one doclist, walked newest first until the window is full. Several are
  // intersected, at a cost in proportion to the entries holding the rarest of them, however few
  // of those match: the slicer (that rarest word, or prefix, alone: one doclist to count down)
  // lets a page stop after a bounded few.
  let slicer: string | null = null;
  if (req.terms.reduce((n, t) => n + t.tokens.length, 0) > 1) {
    const single = req.terms.flatMap((t) =>
      t.tokens.map((token, i): SearchTerm => ({
        tokens: [token],
        prefix: t.prefix && i === t.tokens.length - 1,
      })),
    );
    const dfs = documentFrequencies(single, req.orgId, vocab, Infinity);
    const rarest = termExpression(single[dfs.indexOf(Math.min(...dfs))], orgs, vocab);
    if (rarest === null) return null;
    slicer = `words : ${rarest}`;
  }
  return { match: parts.join(' AND '), slicer };
}

/** How many entries hold each term (a phrase: its rarest word; a prefix: the terms it begins, `docs` if many). */
export function documentFrequencies(
  terms: SearchTerm[],
  orgId: string | null,
  vocab: Vocabulary,
  docs: number,
): number[] {
  const df = (token: string, prefix: boolean): number => {
    if (!prefix) return vocab.documentFrequency(token, orgId);
    const found = vocab.beginning(token, orgId, DF_TERMS_MAX);
    return found.length >= DF_TERMS_MAX ? docs : found.reduce((n, t) => n + t.docs, 0);
  };
  return terms.map((term) =>
    Math.min(...term.tokens.map((t, i) => df(t, term.prefix && i === term.tokens.length - 1))),
  );
}
