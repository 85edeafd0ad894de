/**
 * The embedded search's bookkeeping, all per organisation so that nothing about one client's
 * transcripts touches another's searches or ranking:
 * - `search_orgs`: each organisation's tag, the prefix of every term it has in the FTS5 index
 *   (`0003_anggaran`), which gives it doclists of its own inside one table;
 * - `search_terms`: how many entries hold each term (ranking weights, and the vocabulary a long
 *   prefix expands to); `search_stats`: entries and tokens (for the average length).
 */
import type Database from 'better-sqlite3';

/** Tags are this many base-36 digits (1.6 million organisations), then `_`. */
export const TAG_LENGTH = 4;

/** The first string after every string that begins with `prefix` (code-point order, as SQLite compares). */
function after(prefix: string): string | null {
  const cps = [...prefix];
  while (cps.length) {
    const last = cps.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) return cps.join('') + String.fromCodePoint(last === 0xd7ff ? 0xe000 : last + 1);
  }
  return null;
}

export class Vocabulary {
  private readonly stmts = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS search_orgs (org_id TEXT PRIMARY KEY NOT NULL, tag TEXT NOT NULL UNIQUE);
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

  /** The organisation's tag; made on its first entry when `create`, else null until then. */
  tag(orgId: string, create: boolean): string | null {
    const found = this.stmt('SELECT tag FROM search_orgs WHERE org_id = ?').pluck().get(orgId) as
      string | undefined;
    if (found !== undefined || !create) return found ?? null;
    const n = this.stmt('SELECT count(*) FROM search_orgs').pluck().get() as number;
    const tag = n.toString(36).padStart(TAG_LENGTH, '0');
    if (tag.length > TAG_LENGTH)
      throw new Error('The search index has no tag left for another organisation.');
    this.stmt('INSERT INTO search_orgs (org_id, tag) VALUES (?, ?)').run(orgId, tag);
    return tag;
  }

  /** Every organisation with a tag: an admin's search covers them all. */
  tags(): Array<{ orgId: string; tag: string }> {
    return this.stmt('SELECT org_id AS orgId, tag FROM search_orgs ORDER BY tag').all() as Array<{
      orgId: string;
      tag: string;
    }>;
  }

  /** Adds the (signed) counts; a term no entry holds any more leaves the vocabulary. */
  count(orgId: string, df: Map<string, number>, docs: number, tokens: number): void {
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

  /** Entries (of the organisation, or everyone's for null) and their tokens. */
  stats(orgId: string | null): { docs: number; tokens: number } {
    const row = (
      orgId === null
        ? this.stmt('SELECT sum(docs) AS docs, sum(tokens) AS tokens FROM search_stats').get()
        : this.stmt('SELECT docs, tokens FROM search_stats WHERE org_id = ?').get(orgId)
    ) as { docs: number | null; tokens: number | null } | undefined;
    return { docs: row?.docs ?? 0, tokens: row?.tokens ?? 0 };
  }

  /** Entries (of the organisation, or everyone's for null) holding the term. */
  documentFrequency(term: string, orgId: string | null): number {
    const docs = (
      orgId === null
        ? this.stmt('SELECT sum(docs) FROM search_terms WHERE term = ?').pluck().get(term)
        : this.stmt('SELECT docs FROM search_terms WHERE term = ? AND org_id = ?').pluck().get(term, orgId)
    ) as number | null | undefined;
    return docs ?? 0;
  }

  /** At most `max` terms beginning with `prefix` (the organisation's, or anyone's), with their entry counts. */
  beginning(prefix: string, orgId: string | null, max: number): Array<{ term: string; docs: number }> {
    const end = after(prefix) ?? '\u{10ffff}\u{10ffff}';
    const sql =
      orgId === null
        ? 'SELECT term, sum(docs) AS docs FROM search_terms WHERE term >= ? AND term < ? GROUP BY term LIMIT ?'
        : 'SELECT term, docs FROM search_terms WHERE term >= ? AND term < ? AND org_id = ? LIMIT ?';
    const args = orgId === null ? [prefix, end, max] : [prefix, end, orgId, max];
    return this.stmt(sql).all(...args) as Array<{ term: string; docs: number }>;
  }
}
