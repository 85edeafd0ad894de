/**
 * The SQLite side of a cold collection: one rowid table per collection (`cold_<name>`), so a table
 * scan runs in insertion order, as the in-memory Map of a hot collection does. An update keeps a
 * row's rowid (and a Map entry keeps its place); a delete and re-insert moves it to the end in both.
 *
 * A declared index on a plain field gets a SQLite index on the field's numeric values only:
 * SQLite orders numbers as MongoDB does, but not the other types (booleans are integers there,
 * objects and arrays are text). Rows whose value is not a number are found through a second,
 * partial index; there are none in the collections made cold (times are numbers), so an ordered
 * read costs one index walk that stops when the caller has enough.
 */
import type Database from 'better-sqlite3';
import type { Bounds } from './cold-read.ts';
import { dropIndexesBut } from './doc-table.ts';

export interface ColdRow {
  /** SQLite rowid: insertion order. */
  r: number;
  /** The document's JSON. */
  j: string;
}

export interface KeyedRow extends ColdRow {
  /** The indexed field's value, a number. */
  k: number;
}

const NAME = /^[a-z][a-z0-9_]*$/;
const FIELD_PART = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether `field` (a dotted path) can have a SQLite index: plain names only. */
export function sqlIndexable(field: string): boolean {
  return field !== '_id' && field.split('.').every((p) => FIELD_PART.test(p));
}

function jsonPath(field: string): string {
  return `'$.${field}'`;
}

export class ColdTable {
  private readonly table: string;
  private readonly stmts = new Map<string, Database.Statement>();

  /** Creates the table and moves any rows of `coll` still in `docs` (stores written before it was cold). */
  constructor(
    private readonly db: Database.Database,
    readonly coll: string,
  ) {
    if (!NAME.test(coll)) throw new Error(`Invalid cold collection name ${coll}`);
    this.table = `"cold_${coll}"`;
    db.transaction(() => {
      db.exec(`CREATE TABLE IF NOT EXISTS ${this.table} (id TEXT PRIMARY KEY NOT NULL, json TEXT NOT NULL)`);
      db.prepare(
        `INSERT INTO ${this.table} (id, json) SELECT id, json FROM docs WHERE coll = ? ORDER BY rowid`,
      ).run(coll);
      db.prepare('DELETE FROM docs WHERE coll = ?').run(coll);
    })();
  }

  private stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  /** The indexes made or confirmed since open (`dropOthers` keeps these). */
  private readonly ensured = new Set<string>();

  /** Creates the SQLite indexes for ordered reads on `field` (idempotent). */
  ensureIndex(field: string): void {
    const path = jsonPath(field);
    const base = `cold_${this.coll}.${field}`;
    this.db.exec(
      `CREATE INDEX IF NOT EXISTS "${base}.num" ON ${this.table} (json_extract(json, ${path})) ${this.numeric(field)};
       CREATE INDEX IF NOT EXISTS "${base}.other" ON ${this.table} (id) ${this.other(field)};`,
    );
    this.ensured.add(`${base}.num`).add(`${base}.other`);
  }

  /** Drops this table's indexes that nothing made or confirmed since open: each costs every insert. */
  dropOthers(): void {
    const names = this.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL")
      .all(`cold_${this.coll}`) as Array<{ name: string }>;
    dropIndexesBut(this.db, names, this.ensured);
  }

  private numeric(field: string): string {
    return `WHERE json_type(json, ${jsonPath(field)}) IN ('integer', 'real')`;
  }

  private other(field: string): string {
    const path = jsonPath(field);
    return `WHERE json_type(json, ${path}) IS NOT 'integer' AND json_type(json, ${path}) IS NOT 'real'`;
  }

  /**
   * Creates the SQLite indexes for ordered reads on `field` among the rows whose `eq` holds one
   * value (a declared index `{eq: 1, field: ±1}`), and one that finds the rows whose `eq` is an
   * array (which an equality on it may match element-wise; read apart, as `othersWhere` does).
   */
  ensurePairIndex(eq: string, field: string): void {
    const pair = `cold_${this.coll}.${eq}+${field}.num`;
    const array = `cold_${this.coll}.${eq}.array`;
    this.db.exec(
      `CREATE INDEX IF NOT EXISTS "${pair}" ON ${this.table} (json_extract(json, ${jsonPath(eq)}), json_extract(json, ${jsonPath(field)})) ${this.numeric(field)};
       CREATE INDEX IF NOT EXISTS "${array}" ON ${this.table} (id) WHERE json_type(json, ${jsonPath(eq)}) = 'array';`,
    );
    this.ensured.add(pair).add(array);
  }

  /** Like `ordered`, among the rows whose `eq` is the scalar `value`: one walk of the pair index. */
  orderedWhere(
    eq: string,
    value: string | number,
    field: string,
    dir: 1 | -1,
    bounds: Bounds,
  ): IterableIterator<KeyedRow> {
    return this.walk(field, dir, bounds, [`json_extract(json, ${jsonPath(eq)}) = ?`], [value]);
  }

  /** The rows `orderedWhere` leaves out that may still match: `field` not a number, or `eq` an array. */
  othersWhere(eq: string, value: string | number, field: string): IterableIterator<ColdRow> {
    const sql =
      `SELECT rowid AS r, json AS j FROM ${this.table} ${this.other(field)} AND json_extract(json, ${jsonPath(eq)}) = ? ` +
      `UNION SELECT rowid AS r, json AS j FROM ${this.table} WHERE json_type(json, ${jsonPath(eq)}) = 'array'`;
    return this.counted(() => this.stmt(sql).iterate(value) as IterableIterator<ColdRow>);
  }

  /** Rows handed out by reads (for tests: an index-backed read touches only what it returns). */
  rowsRead = 0;

  /** Starts the statement only when the first row is asked for, so an unread result holds nothing open. */
  private *counted<R>(start: () => IterableIterator<R>): IterableIterator<R> {
    for (const row of start()) {
      this.rowsRead++;
      yield row;
    }
  }

  /** How SQLite runs `sql` (for tests: an index-backed read names its index, never a scan). */
  plan(sql: string): string {
    return (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>)
      .map((r) => r.detail)
      .join('; ');
  }

  get(id: string): ColdRow | undefined {
    return this.stmt(`SELECT rowid AS r, json AS j FROM ${this.table} WHERE id = ?`).get(id) as
      ColdRow | undefined;
  }

  has(id: string): boolean {
    return this.stmt(`SELECT 1 FROM ${this.table} WHERE id = ?`).get(id) !== undefined;
  }

  count(): number {
    return (this.stmt(`SELECT count(*) AS n FROM ${this.table}`).get() as { n: number }).n;
  }

  /** Every row in insertion order. */
  scan(): IterableIterator<ColdRow> {
    return this.counted(
      () =>
        this.stmt(
          `SELECT rowid AS r, json AS j FROM ${this.table} ORDER BY rowid`,
        ).iterate() as IterableIterator<ColdRow>,
    );
  }

  /** Rows whose `field` is a number, ordered by it (ties in no particular order), within `bounds`. */
  ordered(field: string, dir: 1 | -1, bounds: Bounds): IterableIterator<KeyedRow> {
    return this.walk(field, dir, bounds, [], []);
  }

  /** The ordered walk both reads share: numeric `field` within `bounds`, plus any `pinned` conditions. */
  private walk(
    field: string,
    dir: 1 | -1,
    bounds: Bounds,
    pinned: string[],
    pinnedArgs: Array<number | string>,
  ): IterableIterator<KeyedRow> {
    const expr = `json_extract(json, ${jsonPath(field)})`;
    const where = [this.numeric(field), ...pinned];
    const args: Array<number | string> = [...pinnedArgs];
    for (const [op, sql] of [
      ['gt', '>'],
      ['gte', '>='],
      ['lt', '<'],
      ['lte', '<='],
    ] as const) {
      const v = bounds[op];
      if (v !== undefined) {
        where.push(`${expr} ${sql} ?`);
        args.push(v);
      }
    }
    const sql =
      `SELECT rowid AS r, json AS j, ${expr} AS k FROM ${this.table} ${where.join(' AND ')} ` +
      `ORDER BY ${expr} ${dir === -1 ? 'DESC' : 'ASC'}`;
    return this.counted(() => this.stmt(sql).iterate(...args) as IterableIterator<KeyedRow>);
  }

  /** Rows whose `field` is not a number (missing, null, text, boolean, object, array). */
  others(field: string): IterableIterator<ColdRow> {
    return this.counted(
      () =>
        this.stmt(
          `SELECT rowid AS r, json AS j FROM ${this.table} ${this.other(field)}`,
        ).iterate() as IterableIterator<ColdRow>,
    );
  }

  insert(id: string, json: string): void {
    this.stmt(`INSERT INTO ${this.table} (id, json) VALUES (?, ?)`).run(id, json);
  }

  replace(id: string, json: string): void {
    this.stmt(`UPDATE ${this.table} SET json = ? WHERE id = ?`).run(json, id);
  }

  delete(id: string): void {
    this.stmt(`DELETE FROM ${this.table} WHERE id = ?`).run(id);
  }
}
