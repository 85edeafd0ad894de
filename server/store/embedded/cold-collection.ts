/**
 * A cold collection: append-mostly, read rarely (the audit log), so it lives in SQLite only and
 * its memory use does not grow with its size. Writes run at once inside the group commit's
 * transaction (journal.ts `writeNow`) and resolve when it commits, like every other write; reads
 * stream rows, match them with mingo and stop as soon as the order allows (cold-read.ts).
 *
 * Same results as a hot collection, with two limits: a unique index other than the implicit one
 * on `_id` is refused, and updateMany/deleteMany hold their matches (or their ids) while they run.
 */
import { DuplicateKeyError } from '../types.ts';
import type {
  Collection,
  DeleteResult,
  Doc,
  Filter,
  FindOneAndUpdateOptions,
  FindOptions,
  IndexOptions,
  Sort,
  Update,
  UpdateOptions,
  UpdateResult,
} from '../types.ts';
import { TopK, order, orderedMatches, streamField } from './cold-read.ts';
import type { Bounds, Found } from './cold-read.ts';
import { sqlIndexable } from './cold-table.ts';
import type { ColdTable } from './cold-table.ts';
import { defaultIndexName, equalityValues } from './index-set.ts';
import type { IndexSpec } from './index-set.ts';
import type { Journal } from './journal.ts';
import { compileFilter, project } from './mingo.ts';
import { applyUpdate, checkUpdate, upsertDoc } from './modify.ts';

/** A plain top-level field name (pair indexes only take these). */
const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/;

function assertDocId(doc: Doc): void {
  if (doc === null || typeof doc !== 'object' || typeof doc._id !== 'string' || doc._id === '') {
    throw new TypeError('A document needs a non-empty string _id.');
  }
}

export class ColdCollection<T extends Doc> implements Collection<T> {
  private readonly specs: IndexSpec[] = [];
  /** First fields of the declared indexes, each with a SQLite index for ordered reads. */
  private readonly indexed = new Set<string>();
  /**
   * Declared indexes `{eq: 1, field: ±1}` on two plain top-level names, as `[eq, field]`: a read
   * that pins `eq` to one value and sorts on `field` walks only that value's rows (the audit log
   * filtered by user or action, newest first).
   */
  private readonly pairs: Array<[string, string]> = [];

  constructor(
    readonly name: string,
    private readonly journal: Journal,
    private readonly table: ColdTable,
  ) {}

  loadIndex(spec: IndexSpec): void {
    this.specs.push(spec);
    this.addIndexed(spec);
  }

  /**
   * The SQLite indexes of a declared index: a pair's, or the first field's for ordered reads. (A
   * pair's first field gets none of its own: nothing reads the log in order of person, action or
   * organisation, and each such index would cost every insert its upkeep.)
   */
  private addIndexed(spec: IndexSpec): void {
    const [eq, second] = Object.keys(spec.keys);
    if (second !== undefined && PLAIN.test(eq) && PLAIN.test(second)) {
      this.table.ensurePairIndex(eq, second);
      if (!this.pairs.some(([a, b]) => a === eq && b === second)) this.pairs.push([eq, second]);
      return;
    }
    if (!sqlIndexable(eq)) return;
    this.table.ensureIndex(eq);
    this.indexed.add(eq);
  }

  /** Drops SQLite indexes that no declared index asked for since open (left by an earlier version). */
  dropOthers(): void {
    this.table.dropOthers();
  }

  // ---- reading -------------------------------------------------------------------------------

  /**
   * Matches in the order a hot collection meets them: the `_id`s asked for, or insertion order.
   * Ties of a sort go by insertion order (the rowid) either way, as in a hot collection.
   */
  private *matching(filter: Filter): Generator<Found<T>> {
    const query = compileFilter(filter);
    const ids = equalityValues(filter._id);
    if (ids) {
      for (const id of new Set(ids)) {
        const row = typeof id === 'string' ? this.table.get(id) : undefined;
        if (!row) continue;
        const doc = JSON.parse(row.j) as T;
        if (query.test(doc)) yield { doc, seq: row.r };
      }
      return;
    }
    for (const row of this.table.scan()) {
      const doc = JSON.parse(row.j) as T;
      if (query.test(doc)) yield { doc, seq: row.r };
    }
  }

  /** A pair index that serves `filter` sorted by `sort`: its `eq` pinned to one string or number. */
  private pairFor(filter: Filter, sort: Sort): { eq: string; value: string | number; field: string } | null {
    const first = Object.keys(sort)[0];
    for (const [eq, field] of this.pairs) {
      if (field !== first) continue;
      const values = equalityValues(filter[eq]);
      const value = values?.length === 1 ? values[0] : undefined;
      if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)))
        return { eq, value, field };
    }
    return null;
  }

  private *sorted(filter: Filter, sort: Sort, k: number): Generator<T> {
    const pair = equalityValues(filter._id) ? null : this.pairFor(filter, sort);
    if (pair) {
      const { eq, value, field } = pair;
      const source = {
        ordered: (dir: 1 | -1, bounds: Bounds) => this.table.orderedWhere(eq, value, field, dir, bounds),
        others: () => this.table.othersWhere(eq, value, field),
        // Read with the others: an array may match element-wise, and SQL compares it as text.
        skip: (doc: object) => Array.isArray((doc as Record<string, unknown>)[eq]),
      };
      for (const found of orderedMatches<T>(source, field, sort, filter, compileFilter(filter), k))
        yield found.doc;
      return;
    }
    const field = equalityValues(filter._id) ? null : streamField(sort, this.indexed);
    if (field) {
      const source = {
        ordered: (dir: 1 | -1, bounds: Bounds) => this.table.ordered(field, dir, bounds),
        others: () => this.table.others(field),
      };
      for (const found of orderedMatches<T>(source, field, sort, filter, compileFilter(filter), k))
        yield found.doc;
      return;
    }
    const top = new TopK<Found<T>>(k, order<T>(sort));
    for (const found of this.matching(filter)) top.add(found);
    for (const found of top.sorted()) yield found.doc;
  }

  private select(filter: Filter, options: FindOptions = {}): T[] {
    const { sort, skip = 0, limit, projection } = options;
    // MongoDB treats limit 0 as "no limit".
    const k = limit ? skip + limit : Infinity;
    const docs: T[] = [];
    let seen = 0;
    const source =
      sort && Object.keys(sort).length > 0 ? this.sorted(filter, sort, k) : this.unsorted(filter);
    for (const doc of source) {
      if (seen++ >= skip) docs.push(doc);
      if (seen >= k) break;
    }
    if (!projection || Object.keys(projection).length === 0) return docs;
    return project(docs, projection);
  }

  private *unsorted(filter: Filter): Generator<T> {
    for (const found of this.matching(filter)) yield found.doc;
  }

  private first(filter: Filter, sort?: Sort): T | undefined {
    return this.select(filter, { sort, limit: 1 })[0];
  }

  private read<R>(compute: () => R): Promise<R> {
    try {
      this.journal.assertUsable();
      return this.journal.settled(compute());
    } catch (err) {
      return Promise.reject(err);
    }
  }

  findOne(filter: Filter, options: FindOptions = {}): Promise<T | null> {
    return this.read(() => this.select(filter, { ...options, limit: 1 })[0] ?? null);
  }

  find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    return this.read(() => this.select(filter, options));
  }

  countDocuments(filter: Filter = {}): Promise<number> {
    return this.read(() => {
      if (Object.keys(filter).length === 0) return this.table.count();
      let n = 0;
      for (const _found of this.matching(filter)) n++;
      return n;
    });
  }

  // ---- writing -------------------------------------------------------------------------------

  /** Runs a synchronous write step; resolves with its result once it (and everything before it) is durable. */
  private write<R>(step: () => { result: R; exec?: () => void }): Promise<R> {
    try {
      this.journal.assertUsable();
      const { result, exec } = step();
      if (exec) this.journal.writeNow(exec);
      return this.journal.settled(result);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  insertOne(doc: T): Promise<void> {
    return this.insertMany([doc]);
  }

  /** All or nothing, as in a hot collection. */
  insertMany(docs: T[]): Promise<void> {
    return this.write(() => {
      const ids = new Set<string>();
      const rows = docs.map((doc) => {
        assertDocId(doc);
        if (ids.has(doc._id) || this.table.has(doc._id)) throw new DuplicateKeyError(this.name, '_id_');
        ids.add(doc._id);
        return { id: doc._id, json: JSON.stringify(doc) };
      });
      return {
        result: undefined,
        exec: rows.length ? () => rows.forEach((r) => this.table.insert(r.id, r.json)) : undefined,
      };
    });
  }

  updateOne(filter: Filter, update: Update, options: UpdateOptions = {}): Promise<UpdateResult> {
    return this.write<UpdateResult>(() => {
      checkUpdate(update);
      const doc = this.first(filter);
      if (!doc) {
        if (!options.upsert) return { result: { matchedCount: 0, modifiedCount: 0 } };
        const { id, exec } = this.upsert(filter, update);
        return { result: { matchedCount: 0, modifiedCount: 0, upsertedId: id }, exec };
      }
      const applied = applyUpdate(doc, update, filter);
      if (!applied.modified) return { result: { matchedCount: 1, modifiedCount: 0 } };
      return {
        result: { matchedCount: 1, modifiedCount: 1 },
        exec: () => this.table.replace(doc._id, applied.json),
      };
    });
  }

  updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    return this.write(() => {
      checkUpdate(update);
      let matchedCount = 0;
      const changed: Array<{ id: string; json: string }> = [];
      for (const { doc } of this.matching(filter)) {
        matchedCount++;
        const applied = applyUpdate(doc, update, filter);
        if (applied.modified) changed.push({ id: doc._id, json: applied.json });
      }
      return {
        result: { matchedCount, modifiedCount: changed.length },
        exec: changed.length ? () => changed.forEach((c) => this.table.replace(c.id, c.json)) : undefined,
      };
    });
  }

  findOneAndUpdate(filter: Filter, update: Update, options: FindOneAndUpdateOptions = {}): Promise<T | null> {
    const { projection } = options;
    // Documents here are parsed per read, so nobody else holds them: projecting is all that is left.
    const answer = (doc: T): T =>
      projection && Object.keys(projection).length > 0 ? project([doc], projection)[0]! : doc;
    return this.write(() => {
      checkUpdate(update);
      const doc = this.first(filter, options.sort);
      const after = options.returnDocument !== 'before';
      if (!doc) {
        if (!options.upsert) return { result: null };
        const { doc: inserted, exec } = this.upsert(filter, update);
        return { result: after ? answer(inserted) : null, exec };
      }
      const applied = applyUpdate(doc, update, filter);
      if (!applied.modified) return { result: answer(doc) };
      return {
        result: answer(after ? (JSON.parse(applied.json) as T) : doc),
        exec: () => this.table.replace(doc._id, applied.json),
      };
    });
  }

  private upsert(filter: Filter, update: Update): { id: string; doc: T; exec: () => void } {
    const applied = upsertDoc<T>(filter, update);
    const id = applied.doc._id;
    if (this.table.has(id)) throw new DuplicateKeyError(this.name, '_id_');
    return { id, doc: JSON.parse(applied.json) as T, exec: () => this.table.insert(id, applied.json) };
  }

  deleteOne(filter: Filter): Promise<DeleteResult> {
    return this.write(() => {
      const doc = this.first(filter);
      if (!doc) return { result: { deletedCount: 0 } };
      return { result: { deletedCount: 1 }, exec: () => this.table.delete(doc._id) };
    });
  }

  deleteMany(filter: Filter): Promise<DeleteResult> {
    return this.write(() => {
      const ids: string[] = [];
      for (const { doc } of this.matching(filter)) ids.push(doc._id);
      return {
        result: { deletedCount: ids.length },
        exec: ids.length ? () => ids.forEach((id) => this.table.delete(id)) : undefined,
      };
    });
  }

  /** Rows read from SQLite so far (for tests: an index-backed read touches only what it needs). */
  get rowsRead(): number {
    return this.table.rowsRead;
  }

  createIndex(keys: Record<string, 1 | -1>, options: IndexOptions = {}): Promise<void> {
    return this.write(() => {
      if (Object.keys(keys).length === 0) throw new TypeError('An index needs at least one field.');
      const spec: IndexSpec = {
        name: options.name ?? defaultIndexName(keys),
        keys: { ...keys },
        unique: options.unique ?? false,
      };
      const same = this.specs.find((s) => JSON.stringify(s.keys) === JSON.stringify(spec.keys));
      if (same) {
        if (same.unique === spec.unique && same.name === spec.name) return { result: undefined };
        throw new Error(
          `An index on ${JSON.stringify(keys)} already exists in ${this.name} as ${same.name} (unique: ${same.unique}).`,
        );
      }
      if (this.specs.some((s) => s.name === spec.name))
        throw new Error(`An index named ${spec.name} already exists in ${this.name} with other keys.`);
      if (spec.unique && Object.keys(keys).some((k) => k !== '_id'))
        throw new Error(`${this.name} is kept on disk only and supports no unique index but the one on _id.`);
      this.specs.push(spec);
      // The spec is journaled like a hot collection's; the SQLite index is made in the same transaction.
      void this.journal.write({ kind: 'index', coll: this.name, spec }, () => {
        this.specs.splice(this.specs.indexOf(spec), 1);
        this.indexed.clear();
        this.pairs.length = 0;
        for (const s of this.specs) {
          const [first, second] = Object.keys(s.keys);
          if (sqlIndexable(first)) this.indexed.add(first);
          if (second !== undefined && PLAIN.test(first) && PLAIN.test(second))
            this.pairs.push([first, second]);
        }
      });
      return { result: undefined, exec: () => this.addIndexed(spec) };
    });
  }
}
