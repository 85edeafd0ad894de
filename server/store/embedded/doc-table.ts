/**
 * One collection's rows in notula.db's `docs` table (coll, id, json, k; rowid = storage order), and
 * the SQLite indexes that let it be read without holding it in memory.
 *
 * `k` holds the *key fields* of the row's document as a small JSON object: the plain top-level
 * fields of the declared indexes and the residency field (doc_keys remembers which, per
 * collection). Every index and every SQL condition reads `json_extract(k, …)`, never the `json`
 * column, so a write that leaves the key fields as they were (a draft save, all day long) rewrites
 * `json` alone and SQLite leaves every index untouched: an expression index over `json` would be
 * recomputed, from the whole document, on every update of it. A field new to `k` (a store written
 * before, an index created later) fills the column of every row once.
 *
 * A declared index on plain top-level fields gets an expression index on
 * `(coll, json_extract(k, '$.f1'), json_extract(k, '$.f2'), …)`, partial on the collection
 * (the leading `coll` lets SQLite count from the index alone). json_extract flattens a few MongoDB
 * values: `true` becomes 1, an array or object becomes JSON text. So every SQL read here returns a
 * superset of the matches, which the caller tests with mingo, and each read adds in the *odd* rows
 * of its fields (an array, object or boolean value), found through one small partial index per
 * collection (ODD_KEYS, below). In practice no indexed field holds such values, so that index is
 * empty.
 *
 * Numbers are told apart from the rest by range: SQLite orders NULL < numbers < text, so
 * `BETWEEN -9e999 AND 9e999` (±Infinity) keeps exactly the numbers (and the booleans, which the
 * callers leave to the odd rows).
 *
 * Without statistics SQLite takes any index that leads with `coll` for a partial index's query, so
 * those queries name their index (INDEXED BY); a plain `(coll)` index, whose entries end in the
 * rowid, walks a collection in storage order.
 */
import type Database from 'better-sqlite3';

/** A row: its rowid (storage order), the document's _id and its JSON. */
export interface Row {
  r: number;
  i: string;
  j: string;
}

/** A row with the numeric value of the field it was read in order of. */
export interface KeyedRow extends Row {
  k: number;
}

export type Scalar = string | number | boolean | null;

/** One field pinned to one value. */
export interface Eq {
  field: string;
  value: Scalar;
}

/** Numeric bounds on a field, pushed into SQL; mingo still checks every row. */
export interface Bounds {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

const NAME = /^[a-z][a-z0-9_]*$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether `field` can have a SQLite index: a plain top-level name (dotted paths cross arrays in MongoDB). */
export function sqlField(field: string): boolean {
  return field !== '_id' && FIELD.test(field);
}

export function jsonPath(field: string): string {
  return `'$.${field}'`;
}

export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

function ident(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

/** Drops the indexes `found` names that `keep` does not (left by an earlier version under another name). */
export function dropIndexesBut(
  db: Database.Database,
  found: ReadonlyArray<{ name: string }>,
  keep: ReadonlySet<string>,
): void {
  for (const { name } of found) if (!keep.has(name)) db.exec(`DROP INDEX ${ident(name)}`);
}

/** A key field's value as SQL sees it (see above: always from `k`). */
export const keyExtract = (field: string) => `json_extract(k, ${jsonPath(field)})`;
const ex = keyExtract;
const NUMBER = (field: string) => `${ex(field)} BETWEEN -9e999 AND 9e999`;
/**
 * Whether a row's `k` may hold an odd value: its text has a `[`, a `{` after the first character,
 * `true` or `false`, as every array, object or boolean in it must. A string that merely contains
 * such characters makes its row look odd too, which only adds a row to those the callers check
 * again; no odd value escapes. SQLite evaluates this for the old and the new row of every update
 * that changes `k` (a claim, a submit): one pass over a short text. A `json_type` per key field
 * parsed `k` eighteen times for a segment, ~60 µs of ~160 per such update.
 */
const ODD_KEYS = `(instr(k, '[') > 0 OR instr(substr(k, 2), '{') > 0 OR instr(k, 'true') > 0 OR instr(k, 'false') > 0)`;

/** Whether a value is one the SQL side flattens (see above): such rows are read through the odd index. */
export function isOdd(v: unknown): boolean {
  return typeof v === 'boolean' || (v !== null && typeof v === 'object');
}

/** A value as SQLite compares it with json_extract's result (booleans are 1 and 0 there). */
function bind(v: Scalar): string | number | null {
  return typeof v === 'boolean' ? Number(v) : v;
}

export class DocTable {
  private readonly where: string;
  private readonly stmts = new Map<string, Database.Statement>();
  /** Rows handed out by reads, for tests and the benchmark (`EmbeddedStore.stats`). */
  rowsRead = 0;

  /** The fields `k` holds, sorted (as doc_keys has them). */
  private keyFields: string[];

  constructor(
    private readonly db: Database.Database,
    readonly coll: string,
  ) {
    if (!NAME.test(coll)) throw new Error(`Invalid collection name ${coll}`);
    this.where = `coll = ${sqlString(coll)}`;
    const known = db.prepare('SELECT fields FROM doc_keys WHERE coll = ?').get(coll) as
      { fields: string } | undefined;
    this.keyFields = known ? (JSON.parse(known.fields) as string[]) : [];
  }

  private stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  private rows(sql: string, ...args: unknown[]): Row[] {
    const out = this.stmt(sql).all(...args) as Row[];
    this.rowsRead += out.length;
    return out;
  }

  private *iterate<R extends Row>(sql: string, ...args: unknown[]): Generator<R> {
    for (const row of this.stmt(sql).iterate(...args) as IterableIterator<R>) {
      this.rowsRead++;
      yield row;
    }
  }

  // ---- schema --------------------------------------------------------------------------------

  private oddIndex: string | null = null;
  /** Whether this collection has a key index (`ensureIndex`), whose odd rows the odd index holds. */
  private hasKeyIndex = false;
  /** The indexes of this collection made or confirmed since open. */
  private readonly ensured = new Set<string>();

  /**
   * The `docs` table with its `k` column (added to a store written before it), the fields `k`
   * holds per collection, and the plain `(coll)` index that walks a collection in storage order.
   */
  static ensureSchema(db: Database.Database): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS docs (coll TEXT NOT NULL, id TEXT NOT NULL, json TEXT NOT NULL, k TEXT, PRIMARY KEY (coll, id));
      CREATE TABLE IF NOT EXISTS doc_keys (coll TEXT PRIMARY KEY NOT NULL, fields TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS "docs:coll" ON docs (coll);
    `);
    const columns = db.prepare('SELECT name FROM pragma_table_info(?)').all('docs') as Array<{
      name: string;
    }>;
    if (!columns.some((c) => c.name === 'k')) db.exec('ALTER TABLE docs ADD COLUMN k TEXT');
  }

  /**
   * Makes `k` hold `fields` as well. When one is new to it, fills `k` in every row of the
   * collection (once: a store written before `k`, or an index on a field not indexed so far).
   */
  useKeys(fields: Iterable<string>): void {
    const next = [...new Set([...this.keyFields, ...fields])].sort();
    if (next.length === this.keyFields.length) return;
    for (const f of next) if (!sqlField(f)) throw new Error(`${f} cannot be a key field`);
    // `->` gives JSON, which json_object embeds as such; a missing field becomes null, as keyOf has it.
    const object = next.map((f) => `${sqlString(f)}, json -> ${jsonPath(f)}`).join(', ');
    this.db.transaction(() => {
      this.db.prepare(`UPDATE docs SET k = json_object(${object}) WHERE ${this.where}`).run();
      this.db
        .prepare('INSERT OR REPLACE INTO doc_keys (coll, fields) VALUES (?, ?)')
        .run(this.coll, JSON.stringify(next));
    })();
    this.keyFields = next;
  }

  /** The `k` of `doc`: its key fields in order, a missing one as null; null when there are none. */
  keyOf(doc: object): string | null {
    if (this.keyFields.length === 0) return null;
    let out = '{';
    const values = doc as Readonly<Record<string, unknown>>;
    for (const f of this.keyFields) {
      out += `${out.length > 1 ? ',' : ''}"${f}":${JSON.stringify(values[f]) ?? 'null'}`;
    }
    return `${out}}`;
  }

  /**
   * Creates the expression index for a declared index's leading plain fields; `ensureOddIndex`
   * then covers their odd rows. (`key:` keeps a declared name clear of the `oddkey:` and
   * `resident:` indexes, which are replaced by prefix; the `ix:` and `odd:` indexes of a store
   * written before `k` read the `json` column, and `dropOthers` drops them.)
   */
  ensureIndex(name: string, fields: string[]): void {
    this.useKeys(fields);
    const cols = ['coll', ...fields.map(ex)].join(', ');
    const index = `docs:${this.coll}:key:${name}`;
    this.db.exec(`CREATE INDEX IF NOT EXISTS ${ident(index)} ON docs (${cols}) WHERE ${this.where}`);
    this.ensured.add(index);
    this.hasKeyIndex = true;
  }

  /**
   * Creates the partial index of the rows that may have an odd value in a key field (ODD_KEYS),
   * dropping older ones (one `json_type` per field, named after the fields).
   */
  ensureOddIndex(): void {
    if (!this.hasKeyIndex) return;
    const name = `docs:${this.coll}:oddkey:text`;
    this.replaceIndex(
      `docs:${this.coll}:oddkey:`,
      name,
      `ON docs (coll) WHERE ${this.where} AND ${ODD_KEYS}`,
    );
    this.oddIndex = name;
  }

  /** Creates index `name` (`definition` follows its name) and drops the others named `prefix`…. */
  private replaceIndex(prefix: string, name: string, definition: string): void {
    const stale = this.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND substr(name, 1, ?) = ? AND name <> ?")
      .all(prefix.length, prefix, name) as Array<{ name: string }>;
    for (const s of stale) this.db.exec(`DROP INDEX ${ident(s.name)}`);
    this.db.exec(`CREATE INDEX IF NOT EXISTS ${ident(name)} ${definition}`);
    this.ensured.add(name);
  }

  /**
   * Drops this collection's indexes that nothing made or confirmed since open (left by an earlier
   * version under another name): each would cost every write its upkeep and serve no read.
   */
  dropOthers(): void {
    const prefix = `docs:${this.coll}:`;
    const all = this.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND substr(name, 1, ?) = ?")
      .all(prefix.length, prefix) as Array<{ name: string }>;
    dropIndexesBut(this.db, all, this.ensured);
  }

  private residentIndex(residentSql: string): string {
    return `docs:${this.coll}:resident:${residentSql}`;
  }

  /**
   * Creates the partial index of resident rows (so open reads only those), dropping any left by
   * another rule; `field` is the one `residentSql` reads.
   */
  ensureResidentIndex(field: string, residentSql: string): void {
    this.useKeys([field]);
    this.replaceIndex(
      `docs:${this.coll}:resident:`,
      this.residentIndex(residentSql),
      `ON docs (coll) WHERE ${this.where} AND ${residentSql}`,
    );
  }

  /** The rows to hold in memory, in storage order: those passing `residentSql` (through its index), or all. */
  loadResident(residentSql: string | null): Row[] {
    return this.stmt(this.loadSql(residentSql)).all() as Row[];
  }

  /** The statement `loadResident` runs. */
  loadSql(residentSql: string | null): string {
    if (residentSql === null)
      return `SELECT rowid AS r, id AS i, json AS j FROM docs WHERE ${this.where} ORDER BY rowid`;
    const index = ident(this.residentIndex(residentSql));
    return `SELECT rowid AS r, id AS i, json AS j FROM docs INDEXED BY ${index} WHERE ${this.where} AND ${residentSql} ORDER BY rowid`;
  }

  /** The statements prepared so far, for tests that check how SQLite runs each. */
  statements(): string[] {
    return [...this.stmts.keys()];
  }

  /** How SQLite would run `sql` (for tests that check no read scans the table). */
  plan(sql: string, ...args: unknown[]): string {
    const steps = this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>;
    return steps.map((s) => s.detail).join('; ');
  }

  // ---- writes (inside the journal's open transaction) -----------------------------------------

  /** Inserts `doc` (`json` is its JSON); returns its rowid. */
  insert(id: string, json: string, doc: object): number {
    const info = this.stmt('INSERT INTO docs (coll, id, json, k) VALUES (?, ?, ?, ?)').run(
      this.coll,
      id,
      json,
      this.keyOf(doc),
    );
    return Number(info.lastInsertRowid);
  }

  /**
   * Replaces the document `prev` of row `rowid` by `next` (`json` is its JSON), keeping the rowid
   * (its place in storage order). The row is found by its rowid, one B-tree descent instead of two
   * (the (coll, id) key, then the row); `coll` and `id` only confirm it. `k` is written only when a
   * key field changed: then alone do indexes move.
   */
  update(rowid: number, id: string, json: string, next: object, prev: object): void {
    const k = this.keyOf(next);
    const info =
      k === this.keyOf(prev)
        ? this.stmt('UPDATE docs SET json = ? WHERE rowid = ? AND coll = ? AND id = ?').run(
            json,
            rowid,
            this.coll,
            id,
          )
        : this.stmt('UPDATE docs SET json = ?, k = ? WHERE rowid = ? AND coll = ? AND id = ?').run(
            json,
            k,
            rowid,
            this.coll,
            id,
          );
    if (info.changes !== 1) throw new Error(`Row ${rowid} of ${this.coll} is not document ${id}`);
  }

  delete(id: string): void {
    this.stmt('DELETE FROM docs WHERE coll = ? AND id = ?').run(this.coll, id);
  }

  // ---- reads ---------------------------------------------------------------------------------

  get(id: string): Row | undefined {
    const row = this.stmt('SELECT rowid AS r, id AS i, json AS j FROM docs WHERE coll = ? AND id = ?').get(
      this.coll,
      id,
    ) as Row | undefined;
    if (row) this.rowsRead++;
    return row;
  }

  has(id: string): boolean {
    return this.stmt('SELECT 1 FROM docs WHERE coll = ? AND id = ?').get(this.coll, id) !== undefined;
  }

  count(): number {
    return (this.stmt(`SELECT count(*) AS n FROM docs WHERE ${this.where}`).get() as { n: number }).n;
  }

  /** Every row in storage order. */
  scan(): Generator<Row> {
    return this.iterate(
      `SELECT rowid AS r, id AS i, json AS j FROM docs INDEXED BY "docs:coll" WHERE ${this.where} ORDER BY rowid`,
    );
  }

  /** The rows with an odd value in one of `fields` (see above). */
  odd(fields: string[]): Row[] {
    if (!this.oddIndex || fields.length === 0) return [];
    const rows = this.rows(
      `SELECT rowid AS r, id AS i, json AS j FROM docs INDEXED BY ${ident(this.oddIndex)} WHERE ${this.where} AND ${ODD_KEYS}`,
    );
    return rows.filter((row) => {
      const doc = JSON.parse(row.j) as Record<string, unknown>;
      return fields.some((f) => isOdd(doc[f]));
    });
  }

  /** SQL conditions pinning the index columns of `eqs` (an index's leading fields, in order). */
  private pinned(eqs: Eq[]): { sql: string; args: Array<string | number> } {
    let sql = '';
    const args: Array<string | number> = [];
    for (const { field, value } of eqs) {
      if (value === null) sql += ` AND ${ex(field)} IS NULL`;
      else {
        sql += ` AND ${ex(field)} = ?`;
        args.push(bind(value)!);
      }
    }
    return { sql, args };
  }

  /**
   * A superset of the rows whose fields equal `eqs` in MongoDB's sense (the fields lead one
   * index, in its order), without duplicates, in no particular order: the index seek, plus the
   * odd rows of each field (an array holding the value, a boolean). The seek skips `exceptId`.
   */
  equal(eqs: Eq[], exceptId?: string): Row[] {
    const { sql, args } = this.pinned(eqs);
    const except = exceptId === undefined ? '' : ' AND id <> ?';
    if (exceptId !== undefined) args.push(exceptId);
    return distinct([
      this.rows(
        `SELECT rowid AS r, id AS i, json AS j FROM docs WHERE ${this.where}${sql}${except}`,
        ...args,
      ),
      this.odd(eqs.map((eq) => eq.field)),
    ]);
  }

  /**
   * Rows whose `field` is a number, in its order (ties in no particular order), within `bounds`,
   * among those matching `prefix` (the field before `field` in an index) if given. Odd rows may
   * come too (booleans); the caller skips them, as it reads them through `others`.
   */
  ordered(prefix: Eq | null, field: string, dir: 1 | -1, bounds: Bounds): Generator<KeyedRow> {
    const { sql, args } = this.pinned(prefix ? [prefix] : []);
    let range = ` AND ${NUMBER(field)}`;
    const more: number[] = [];
    for (const [op, cmp] of [
      ['gt', '>'],
      ['gte', '>='],
      ['lt', '<'],
      ['lte', '<='],
    ] as const) {
      const v = bounds[op];
      if (v !== undefined) {
        range += ` AND ${ex(field)} ${cmp} ?`;
        more.push(v);
      }
    }
    return this.iterate<KeyedRow>(
      `SELECT rowid AS r, id AS i, json AS j, ${ex(field)} AS k FROM docs WHERE ${this.where}${sql}${range} ` +
        `ORDER BY ${ex(field)} ${dir === -1 ? 'DESC' : 'ASC'}`,
      ...args,
      ...more,
    );
  }

  /**
   * The rows `ordered` leaves out, among those matching `prefix`: `field` missing, null or text,
   * and the odd rows of `field` and of the prefix's field. A superset; without duplicates.
   */
  others(prefix: Eq | null, field: string): Row[] {
    const { sql, args } = this.pinned(prefix ? [prefix] : []);
    const base = `SELECT rowid AS r, id AS i, json AS j FROM docs WHERE ${this.where}${sql}`;
    return distinct([
      this.rows(`${base} AND ${ex(field)} IS NULL`, ...args),
      this.rows(`${base} AND ${ex(field)} > 9e999`, ...args),
      this.odd(prefix ? [field, prefix.field] : [field]),
    ]);
  }

  /**
   * Exactly how many rows hold one of `values` as the string in `field`, counted in the index.
   * Only strings that cannot be mistaken for JSON text (see isPlainString) may be asked for.
   */
  countStrings(field: string, values: string[]): number {
    const marks = values.map(() => '?').join(', ');
    const sql = `SELECT count(*) AS n FROM docs WHERE ${this.where} AND ${ex(field)} IN (${marks})`;
    return (this.stmt(sql).get(...values) as { n: number }).n;
  }

  /** How many rows the index holds for `eqs`, counted up to `cap` only (a cheap size estimate). */
  estimate(eqs: Eq[], cap: number): number {
    const { sql, args } = this.pinned(eqs);
    const inner = `SELECT 1 FROM docs WHERE ${this.where}${sql} LIMIT ${cap}`;
    return (this.stmt(`SELECT count(*) AS n FROM (${inner})`).get(...args) as { n: number }).n;
  }
}

/** The rows of several reads, each once. */
export function distinct(lists: Iterable<Row[]>): Row[] {
  const seen = new Set<number>();
  const out: Row[] = [];
  for (const rows of lists) {
    for (const row of rows) {
      if (seen.has(row.r)) continue;
      seen.add(row.r);
      out.push(row);
    }
  }
  return out;
}

/** A string json_extract can only have returned for that very JSON string (not for an array or object). */
export function isPlainString(v: unknown): v is string {
  return typeof v === 'string' && !v.startsWith('[') && !v.startsWith('{');
}
