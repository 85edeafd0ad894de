/**
 * Full-text search on the embedded engine: SQLite FTS5 in notula.db, written inside the group
 * commit's transaction (journal.ts `writeNow`), so an index change is durable exactly when the
 * writes around it are and a failed commit rolls it back with them.
 *
 * Tables:
 * - `search_rows`: one row per entry (a turn of a completed transcript) with its text as shown.
 * - `search_fts`: a contentless FTS5 index of the entry's terms (server/search/tokens.ts, joined by
 *   spaces, so the index and every query, highlight and ranking agree on what a word is) and of
 *   its scope tokens: `o<org>`, `r<recording>`, `s<speaker>`. Scope is matched inside FTS, so a
 *   search only ever walks the caller's organisation's entries.
 * - `search_terms`: per organisation, how many entries hold each term (ranking weights, and the
 *   vocabulary long prefixes expand to); `search_stats`: entries and tokens per organisation.
 *   Both per organisation so that nothing about one client's transcripts moves another's ranking.
 *
 * Why bounded ranking: FTS5's bm25() counts every row holding each term before ranking, which is
 * 150–400 ms for a word in most of 100,000 entries. Here an entry's rowid is its recording's
 * creation second × 2^21 plus its place, so FTS5 walks matches newest first and stops after
 * WINDOW of them (rowid ranges are also what the date filter becomes); those are ranked by BM25
 * in JavaScript and the cursor carries the window. A word with fewer than WINDOW matches is
 * ranked over all of them; a common one over its newest WINDOW matches, then the next WINDOW.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { frequencies } from '../../search/match.ts';
import type { SearchTerm } from '../../search/query.ts';
import { bm25, idf } from '../../search/rank.ts';
import { speakerKey, terms as termsOf } from '../../search/tokens.ts';
import type {
  SearchEntry,
  SearchIndex,
  SearchPage,
  SearchRecordingRef,
  SearchRequest,
  SearchRow,
} from '../types.ts';
import type { Journal } from './journal.ts';
import { decodeCursor, encodeCursor, type Cursor } from './search-cursor.ts';

/** Entries one recording-second can hold before they spill to the end of the index. */
const PER_SECOND = 2 ** 21;
/** Seconds since 1970 that fit: rowids stay below 2^53 (exact in JavaScript) until 2106. */
const MAX_SECOND = 2 ** 32 - 1;
/** Candidates ranked together. */
export const WINDOW = 200;
/** Prefix lengths FTS5 keeps an index for; a longer prefix expands to the terms it begins. */
const PREFIX_INDEX = [2, 3, 4];
/** A longer prefix that begins more terms than this is left to FTS5's own (slower) prefix scan. */
const EXPAND_MAX = 64;
/** Beyond this many terms, a prefix counts as being in every entry (ranking weight). */
const DF_TERMS_MAX = 1000;
/** Only spaces separate tokens: the terms are split before they get here. */
const TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* Co M* P* S* C*'";

interface Row {
  id: number;
  recording_id: string;
  org_id: string;
  speaker: string;
  start: number;
  end: number;
  text: string;
}

const hex = (s: string): string => Buffer.from(s, 'utf8').toString('hex');
const orgToken = (id: string): string => `o${hex(id)}`;
const recordingToken = (id: string): string => `r${hex(id)}`;
const speakerToken = (key: string): string =>
  `s${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;

/** An FTS5 string: every term is quoted, so nothing a user typed is ever FTS5 syntax. */
const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** The first string after every string that begins with `prefix` (code-point order, as SQLite compares). */
function after(prefix: string): string | null {
  const cps = [...prefix];
  while (cps.length) {
    const last = cps.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) return cps.join('') + String.fromCodePoint(last === 0xd7ff ? 0xe000 : last + 1);
  }
  return null;
}

export class FtsSearchIndex implements SearchIndex {
  private readonly stmts = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly journal: Journal,
  ) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS search_rows (
        id INTEGER PRIMARY KEY, recording_id TEXT NOT NULL, org_id TEXT NOT NULL,
        speaker TEXT NOT NULL, start REAL NOT NULL, "end" REAL NOT NULL, text TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS search_rows_recording ON search_rows (recording_id);
      CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        words, scope, content='', contentless_delete=1,
        tokenize="${TOKENIZER}", prefix='${PREFIX_INDEX.join(' ')}');
      CREATE TABLE IF NOT EXISTS search_terms (
        term TEXT NOT NULL, org_id TEXT NOT NULL, docs INTEGER NOT NULL,
        PRIMARY KEY (term, org_id)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS search_stats (
        org_id TEXT PRIMARY KEY NOT NULL, docs INTEGER NOT NULL, tokens INTEGER NOT NULL);
    `);
  }

  private stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  async ensureIndexes(): Promise<void> {
    // The constructor made them: notula.db is opened by one process only.
  }

  // ---- writing -------------------------------------------------------------------------------

  replace(ref: SearchRecordingRef, entries: SearchEntry[]): Promise<void> {
    return this.write(() => {
      this.drop(ref.recordingId);
      this.insert(ref, entries);
    });
  }

  remove(recordingId: string): Promise<void> {
    return this.write(() => this.drop(recordingId));
  }

  private write(exec: () => void): Promise<void> {
    try {
      this.journal.assertUsable();
      return this.journal.writeNow(exec);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** The first of `n` free rowids in the recording's second, or after every rowid if it is full. */
  private firstRowid(createdAt: number, n: number): number {
    const second = Math.min(MAX_SECOND, Math.max(0, Math.floor(createdAt / 1000)));
    const base = second * PER_SECOND;
    const top = base + PER_SECOND - 1;
    const used = this.stmt('SELECT max(id) AS m FROM search_rows WHERE id BETWEEN ? AND ?').get(
      base,
      top,
    ) as {
      m: number | null;
    };
    const first = used.m === null ? base : used.m + 1;
    if (first + n - 1 <= top) return first;
    // Only a bulk import of millions of turns within one second gets here; their order is then approximate.
    const last = this.stmt('SELECT max(id) AS m FROM search_rows').get() as { m: number };
    return last.m + 1;
  }

  private insert(ref: SearchRecordingRef, entries: SearchEntry[]): void {
    if (entries.length === 0) return;
    const insertRow = this.stmt(
      'INSERT INTO search_rows (id, recording_id, org_id, speaker, start, "end", text) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const insertFts = this.stmt('INSERT INTO search_fts (rowid, words, scope) VALUES (?, ?, ?)');
    const scope = `${orgToken(ref.orgId)} ${recordingToken(ref.recordingId)}`;
    const df = new Map<string, number>();
    let tokens = 0;
    let id = this.firstRowid(ref.createdAt, entries.length);
    for (const e of entries) {
      const words = termsOf(e.text);
      insertRow.run(id, ref.recordingId, ref.orgId, e.speaker, e.start, e.end, e.text);
      insertFts.run(id, words.join(' '), `${scope} ${speakerToken(speakerKey(e.speaker))}`);
      for (const w of new Set(words)) df.set(w, (df.get(w) ?? 0) + 1);
      tokens += words.length;
      id++;
    }
    this.count(ref.orgId, df, entries.length, tokens);
  }

  private drop(recordingId: string): void {
    const rows = this.stmt('SELECT id, org_id, text FROM search_rows WHERE recording_id = ?').all(
      recordingId,
    ) as Array<Pick<Row, 'id' | 'org_id' | 'text'>>;
    if (rows.length === 0) return;
    const deleteFts = this.stmt('DELETE FROM search_fts WHERE rowid = ?');
    const df = new Map<string, number>();
    let tokens = 0;
    for (const r of rows) {
      deleteFts.run(r.id);
      const words = termsOf(r.text);
      for (const w of new Set(words)) df.set(w, (df.get(w) ?? 0) - 1);
      tokens += words.length;
    }
    this.stmt('DELETE FROM search_rows WHERE recording_id = ?').run(recordingId);
    this.count(rows[0].org_id, df, -rows.length, -tokens);
  }

  /** Adds the (signed) counts; a term no entry holds any more leaves the vocabulary. */
  private count(orgId: string, df: Map<string, number>, docs: number, tokens: number): void {
    const upsert = this.stmt(
      'INSERT INTO search_terms (term, org_id, docs) VALUES (?, ?, ?) ON CONFLICT (term, org_id) DO UPDATE SET docs = docs + excluded.docs',
    );
    const prune = this.stmt('DELETE FROM search_terms WHERE term = ? AND org_id = ? AND docs <= 0');
    for (const [term, n] of df) {
      upsert.run(term, orgId, n);
      if (n < 0) prune.run(term, orgId);
    }
    this.stmt(
      'INSERT INTO search_stats (org_id, docs, tokens) VALUES (?, ?, ?) ON CONFLICT (org_id) DO UPDATE SET docs = docs + excluded.docs, tokens = tokens + excluded.tokens',
    ).run(orgId, docs, tokens);
    this.stmt('DELETE FROM search_stats WHERE org_id = ? AND docs <= 0').run(orgId);
  }

  // ---- reading -------------------------------------------------------------------------------

  search(req: SearchRequest): Promise<SearchPage> {
    try {
      this.journal.assertUsable();
      const cursor = req.cursor === null ? null : decodeCursor(req.cursor, WINDOW);
      return this.journal.settled(this.page(req, cursor));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  private page(req: SearchRequest, cursor: Cursor | null): SearchPage {
    const match = this.matchExpression(req);
    if (match === null) return { rows: [], nextCursor: null };
    const floor = req.createdFrom === undefined ? 0 : secondOf(req.createdFrom) * PER_SECOND;
    const ceil =
      req.createdTo === undefined ? Number.MAX_SAFE_INTEGER : (secondOf(req.createdTo) + 1) * PER_SECOND - 1;
    const weights = this.weights(req);
    let hi = cursor ? Math.min(cursor.hi, ceil) : ceil;
    let lo = cursor?.lo ?? null;
    let offset = cursor?.offset ?? 0;
    const rows: SearchRow[] = [];
    for (;;) {
      const window = this.window(match, floor, hi, lo);
      if (window.ids.length === 0) return { rows, nextCursor: null };
      const ranked = this.rank(window.ids, req.terms, weights);
      const need = req.limit - rows.length;
      rows.push(...ranked.slice(offset, offset + need));
      if (offset + need < ranked.length)
        return { rows, nextCursor: encodeCursor({ hi, lo: window.lo, offset: offset + need }) };
      if (window.lo <= floor) return { rows, nextCursor: null };
      hi = window.lo - 1;
      lo = null;
      offset = 0;
      if (rows.length >= req.limit) {
        const more = this.stmt(
          'SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid DESC LIMIT 1',
        ).get(match, floor, hi);
        return { rows, nextCursor: more ? encodeCursor({ hi, lo: null, offset: 0 }) : null };
      }
    }
  }

  /** The matches in `[lo, hi]`, or the newest WINDOW of those in `[floor, hi]` when `lo` is not fixed yet. */
  private window(match: string, floor: number, hi: number, lo: number | null): { ids: number[]; lo: number } {
    if (lo !== null) {
      const ids = this.stmt(
        'SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid DESC',
      )
        .pluck()
        .all(match, lo, hi) as number[];
      return { ids, lo };
    }
    const ids = this.stmt(
      `SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid DESC LIMIT ${WINDOW}`,
    )
      .pluck()
      .all(match, floor, hi) as number[];
    return { ids, lo: ids.length < WINDOW ? floor : ids[ids.length - 1] };
  }

  /** The candidates, best first (BM25; newer first among equals). */
  private rank(
    ids: number[],
    terms: SearchTerm[],
    weights: { idf: number[]; avgLength: number },
  ): SearchRow[] {
    const rows = this.stmt(
      'SELECT id, recording_id, org_id, speaker, start, "end", text FROM search_rows WHERE id IN (SELECT value FROM json_each(?))',
    ).all(JSON.stringify(ids)) as Row[];
    return rows
      .map((r) => {
        const { tf, length } = frequencies(r.text, terms);
        return { r, score: bm25(tf, weights.idf, length, weights.avgLength) };
      })
      .sort((a, b) => b.score - a.score || b.r.id - a.r.id)
      .map(({ r }) => ({
        recordingId: r.recording_id,
        orgId: r.org_id,
        speaker: r.speaker,
        start: r.start,
        end: r.end,
        text: r.text,
      }));
  }

  // ---- the query -----------------------------------------------------------------------------

  /** The FTS5 expression: scope tokens and terms, each quoted; null when nothing can match. */
  private matchExpression(req: SearchRequest): string | null {
    const parts: string[] = [];
    if (req.orgId !== null) parts.push(`scope : ${quote(orgToken(req.orgId))}`);
    if (req.recordingId !== undefined) parts.push(`scope : ${quote(recordingToken(req.recordingId))}`);
    if (req.speakerKey !== undefined) parts.push(`scope : ${quote(speakerToken(req.speakerKey))}`);
    for (const term of req.terms) {
      const expr = this.termExpression(term, req.orgId);
      if (expr === null) return null;
      parts.push(`words : ${expr}`);
    }
    return parts.join(' AND ');
  }

  private termExpression(term: SearchTerm, orgId: string | null): string | null {
    const phrase = quote(term.tokens.join(' '));
    if (!term.prefix) return phrase;
    const last = term.tokens[term.tokens.length - 1];
    if (term.tokens.length > 1 || [...last].length <= Math.max(...PREFIX_INDEX)) return `${phrase} *`;
    // FTS5 would merge the whole doclist of every term the prefix begins before returning the
    // first match; an OR of a few terms is walked lazily, newest first, like a word.
    const found = this.vocabulary(last, orgId, EXPAND_MAX + 1).map((t) => t.term);
    if (found.length === 0) return null;
    if (found.length > EXPAND_MAX) return `${phrase} *`;
    return `(${found.map(quote).join(' OR ')})`;
  }

  /** Terms beginning with `prefix` (the organisation's, or anyone's), with their entry counts. */
  private vocabulary(
    prefix: string,
    orgId: string | null,
    max: number,
  ): Array<{ term: string; docs: number }> {
    const end = after(prefix) ?? '\u{10ffff}\u{10ffff}';
    const sql =
      orgId === null
        ? `SELECT term, sum(docs) AS docs FROM search_terms WHERE term >= ? AND term < ? GROUP BY term LIMIT ${max}`
        : `SELECT term, docs FROM search_terms WHERE term >= ? AND term < ? AND org_id = ? LIMIT ${max}`;
    const args = orgId === null ? [prefix, end] : [prefix, end, orgId];
    return this.stmt(sql).all(...args) as Array<{ term: string; docs: number }>;
  }

  /** BM25 weights of the terms over the searched organisation's entries (everyone's for an admin). */
  private weights(req: SearchRequest): { idf: number[]; avgLength: number } {
    const stats = (
      req.orgId === null
        ? this.stmt('SELECT sum(docs) AS docs, sum(tokens) AS tokens FROM search_stats').get()
        : this.stmt('SELECT docs, tokens FROM search_stats WHERE org_id = ?').get(req.orgId)
    ) as { docs: number | null; tokens: number | null } | undefined;
    const docs = stats?.docs ?? 0;
    const df = (token: string, prefix: boolean): number => {
      if (prefix) {
        const found = this.vocabulary(token, req.orgId, DF_TERMS_MAX);
        return found.length >= DF_TERMS_MAX ? docs : found.reduce((n, t) => n + t.docs, 0);
      }
      const row = (
        req.orgId === null
          ? this.stmt('SELECT sum(docs) AS docs FROM search_terms WHERE term = ?').get(token)
          : this.stmt('SELECT docs FROM search_terms WHERE term = ? AND org_id = ?').get(token, req.orgId)
      ) as { docs: number | null } | undefined;
      return row?.docs ?? 0;
    };
    const idfs = req.terms.map((term) => {
      // A phrase is at most as common as its rarest word.
      const counts = term.tokens.map((t, i) => df(t, term.prefix && i === term.tokens.length - 1));
      return idf(docs, Math.min(...counts));
    });
    return { idf: idfs, avgLength: docs ? (stats?.tokens ?? 0) / docs : 1 };
  }
}

const secondOf = (ms: number): number => Math.min(MAX_SECOND, Math.max(0, Math.floor(ms / 1000)));
