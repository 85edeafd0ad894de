/**
 * Full-text search on the embedded engine: SQLite FTS5 in notula.db, written inside the group
 * commit's transaction (journal.ts `writeNow`), so an index change is durable exactly when the
 * writes around it are and a failed commit rolls it back with them.
 *
 * - `search_rows`: one row per entry (a turn of a completed transcript) with its text as shown.
 * - `search_fts`: a contentless FTS5 index of each entry's terms (server/search/tokens.ts, so the
 *   index and every query, highlight and ranking agree on what a word is), each prefixed with its
 *   organisation's tag (`0003_anggaran`, search-vocabulary.ts): an organisation's terms have
 *   doclists of their own, so a client's search never walks another organisation's entries; and
 *   the entry's recording and speaker as scope tokens, for the filters.
 *
 * Why bounded ranking: FTS5's bm25() counts every row holding each term before ranking, which is
 * 150–400 ms for a word in most of 100,000 entries. Here an entry's rowid is its recording's
 * creation second × 2^21 plus its place, so FTS5 walks matches newest first and stops after
 * WINDOW of them (rowid ranges are also what the date filter becomes); those are ranked by BM25
 * in JavaScript and the cursor carries the window. A word with fewer than WINDOW matches is
 * ranked over all of them; a common one over its newest WINDOW matches, then the next WINDOW.
 * A query of several words costs in proportion to the entries holding the rarest one, even when
 * few of them match (a rare phrase of common words): it is looked for in slices of SLICE such
 * entries, at most SLICES_PER_PAGE per page, and the cursor goes on where a page stopped.
 */
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
import {
  PREFIX_INDEX,
  buildQuery,
  documentFrequencies,
  recordingToken,
  speakerToken,
  tagged,
  type Query,
} from './search-expression.ts';
import { TAG_LENGTH, Vocabulary } from './search-vocabulary.ts';

/** Entries one recording-second can hold before they spill to the end of the index. */
const PER_SECOND = 2 ** 21;
/** Seconds since 1970 that fit: rowids stay below 2^53 (exact in JavaScript) until 2106. */
const MAX_SECOND = 2 ** 32 - 1;
/** Candidates ranked together. */
export const WINDOW = 200;
/** Entries holding the rarest word of a query of several, looked through per slice... */
export const SLICE = 1000;
/** ...and slices per page. */
export const SLICES_PER_PAGE = 2;
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

const secondOf = (ms: number): number => Math.min(MAX_SECOND, Math.max(0, Math.floor(ms / 1000)));

export class FtsSearchIndex implements SearchIndex {
  private readonly stmts = new Map<string, Database.Statement>();
  private readonly vocab: Vocabulary;

  constructor(
    private readonly db: Database.Database,
    private readonly journal: Journal,
  ) {
    // Prefix indexes count the tag and its `_`, so that `ang*` finds `0003_ang…` through one.
    const prefixes = PREFIX_INDEX.map((n) => n + TAG_LENGTH + 1).join(' ');
    db.exec(`
      CREATE TABLE IF NOT EXISTS search_rows (
        id INTEGER PRIMARY KEY, recording_id TEXT NOT NULL, org_id TEXT NOT NULL,
        speaker TEXT NOT NULL, start REAL NOT NULL, "end" REAL NOT NULL, text TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS search_rows_recording ON search_rows (recording_id);
      CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        words, scope, content='', contentless_delete=1, tokenize="${TOKENIZER}", prefix='${prefixes}');
    `);
    this.vocab = new Vocabulary(db);
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
      this.journal.writeNow(exec);
      // Resolves once the batch holding these statements has committed.
      return this.journal.settled(undefined);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** The first of `n` free rowids in the recording's second, or after every rowid if it is full. */
  private firstRowid(createdAt: number, n: number): number {
    const base = secondOf(createdAt) * PER_SECOND;
    const top = base + PER_SECOND - 1;
    const used = this.stmt('SELECT max(id) FROM search_rows WHERE id BETWEEN ? AND ?')
      .pluck()
      .get(base, top) as number | null;
    const first = used === null ? base : used + 1;
    if (first + n - 1 <= top) return first;
    // Only a bulk import of millions of turns within one second gets here; their order is then approximate.
    return (this.stmt('SELECT max(id) FROM search_rows').pluck().get() as number) + 1;
  }

  private insert(ref: SearchRecordingRef, entries: SearchEntry[]): void {
    if (entries.length === 0) return;
    const tag = this.vocab.tag(ref.orgId, true)!;
    const insertRow = this.stmt(
      'INSERT INTO search_rows (id, recording_id, org_id, speaker, start, "end", text) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const insertFts = this.stmt('INSERT INTO search_fts (rowid, words, scope) VALUES (?, ?, ?)');
    const recording = recordingToken(ref.recordingId);
    const df = new Map<string, number>();
    let tokens = 0;
    let id = this.firstRowid(ref.createdAt, entries.length);
    for (const e of entries) {
      const words = termsOf(e.text);
      insertRow.run(id, ref.recordingId, ref.orgId, e.speaker, e.start, e.end, e.text);
      insertFts.run(
        id,
        words.map((w) => tagged(tag, w)).join(' '),
        `${recording} ${speakerToken(ref.orgId, speakerKey(e.speaker))}`,
      );
      for (const w of new Set(words)) df.set(w, (df.get(w) ?? 0) + 1);
      tokens += words.length;
      id++;
    }
    this.vocab.count(ref.orgId, df, entries.length, tokens);
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
    this.vocab.count(rows[0].org_id, df, -rows.length, -tokens);
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

  /**
   * One page: windows of matches, newest first, each ranked in full, until the page is full. A
   * page of a search of several words may come back short (even empty) with a cursor when its
   * slices ran out; following the cursor goes on where it stopped.
   */
  private page(req: SearchRequest, cursor: Cursor | null): SearchPage {
    const query = buildQuery(req, this.vocab);
    if (query === null) return { rows: [], nextCursor: null };
    let floor = req.createdFrom === undefined ? 0 : secondOf(req.createdFrom) * PER_SECOND;
    let ceil =
      req.createdTo === undefined ? Number.MAX_SAFE_INTEGER : (secondOf(req.createdTo) + 1) * PER_SECOND - 1;
    if (req.recordingId !== undefined) {
      // A recording's entries are one run of rowids: its range bounds every walk.
      const run = this.stmt(
        'SELECT min(id) AS lo, max(id) AS hi FROM search_rows WHERE recording_id = ?',
      ).get(req.recordingId) as { lo: number | null; hi: number | null };
      if (run.lo === null || run.hi === null) return { rows: [], nextCursor: null };
      floor = Math.max(floor, run.lo);
      ceil = Math.min(ceil, run.hi);
    }
    const stats = this.vocab.stats(req.orgId);
    const idfs = documentFrequencies(req.terms, req.orgId, this.vocab, stats.docs).map((df) =>
      idf(stats.docs, df),
    );
    const avgLength = stats.docs ? stats.tokens / stats.docs : 1;
    const budget = { slices: SLICES_PER_PAGE };
    let hi = cursor ? Math.min(cursor.hi, ceil) : ceil;
    let lo = cursor?.lo ?? null;
    let offset = cursor?.offset ?? 0;
    const rows: SearchRow[] = [];
    for (;;) {
      const window = this.window(query, floor, hi, lo, budget);
      const ranked = window.ids.length ? this.rank(window.ids, req.terms, idfs, avgLength) : [];
      const need = req.limit - rows.length;
      rows.push(...ranked.slice(offset, offset + need));
      if (offset + need < ranked.length)
        return { rows, nextCursor: encodeCursor({ hi, lo: window.lo, offset: offset + need }) };
      if (window.lo <= floor) return { rows, nextCursor: null };
      hi = window.lo - 1;
      lo = null;
      offset = 0;
      if (rows.length >= req.limit || budget.slices <= 0) {
        // Whether anything is left below (for several words: an entry holding the rarest).
        const more = this.newest(query.slicer ?? query.match, floor, hi, 1).length > 0;
        return { rows, nextCursor: more ? encodeCursor({ hi, lo: null, offset: 0 }) : null };
      }
    }
  }

  /**
   * Rowids matching `match` in `[lo, hi]`, newest first, at most `limit` of them (−1: all).
   * The bounds are cast: better-sqlite3 binds a JavaScript number as a REAL, and FTS5 does not use
   * a REAL rowid bound to seek, so a walk would start from the far end (200 ms instead of 0.5).
   */
  private newest(match: string, lo: number, hi: number, limit: number): number[] {
    return this.stmt(
      'SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid BETWEEN CAST(? AS INTEGER) AND CAST(? AS INTEGER) ORDER BY rowid DESC LIMIT ?',
    )
      .pluck()
      .all(match, lo, hi, limit) as number[];
  }

  /**
   * The matches in `[lo, hi]` (a window a cursor names), or the newest WINDOW of those in
   * `[floor, hi]`; for several words, only as far down as the page's slices reach.
   */
  private window(
    query: Query,
    floor: number,
    hi: number,
    lo: number | null,
    budget: { slices: number },
  ): { ids: number[]; lo: number } {
    if (lo !== null) return { ids: this.newest(query.match, lo, hi, -1), lo };
    if (query.slicer === null) {
      const ids = this.newest(query.match, floor, hi, WINDOW);
      return { ids, lo: ids.length < WINDOW ? floor : ids[ids.length - 1] };
    }
    const ids: number[] = [];
    let top = hi;
    for (;;) {
      // Down to the SLICE-th entry holding the rarest word (or to the floor).
      const bottom = this.stmt(
        `SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid BETWEEN CAST(? AS INTEGER) AND CAST(? AS INTEGER) ORDER BY rowid DESC LIMIT 1 OFFSET ${SLICE - 1}`,
      )
        .pluck()
        .get(query.slicer, floor, top) as number | undefined;
      const sliceLo = bottom ?? floor;
      budget.slices--;
      ids.push(...this.newest(query.match, sliceLo, top, WINDOW - ids.length));
      if (ids.length >= WINDOW) return { ids, lo: ids[ids.length - 1] };
      if (sliceLo <= floor || budget.slices <= 0) return { ids, lo: sliceLo };
      top = sliceLo - 1;
    }
  }

  /** The candidates, best first (BM25; newer first among equals). */
  private rank(ids: number[], terms: SearchTerm[], idfs: number[], avgLength: number): SearchRow[] {
    const rows = this.stmt(
      'SELECT id, recording_id, org_id, speaker, start, "end", text FROM search_rows WHERE id IN (SELECT value FROM json_each(?))',
    ).all(JSON.stringify(ids)) as Row[];
    return rows
      .map((r) => {
        const { tf, length } = frequencies(r.text, terms);
        return { r, score: bm25(tf, idfs, length, avgLength) };
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
}
