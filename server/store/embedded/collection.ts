/**
 * One collection of the embedded engine. SQLite (doc-table.ts) holds every document; memory holds
 * the resident ones (residency.ts: all of a small collection, the active work of a large one).
 * A query that can only match resident documents is answered from memory (resident.ts), any other
 * from SQLite through its indexes (table-read.ts); mingo matches, sorts and projects either way,
 * so both give the same answer.
 *
 * Every method does its whole job synchronously (match, check, write SQLite, update memory) and
 * returns the journal's promise, so no other operation can interleave with it and a write is
 * acknowledged only once committed.
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
import { TopK, order } from './cold-read.ts';
import type { Found } from './cold-read.ts';
import { sqlField } from './doc-table.ts';
import type { DocTable } from './doc-table.ts';
import { defaultIndexName, equalityValues, fullKeys, sameIndexedValues } from './index-set.ts';
import type { IndexSpec } from './index-set.ts';
import type { Journal } from './journal.ts';
import { compileFilter, project } from './mingo.ts';
import type { Matcher } from './mingo.ts';
import { copyJson } from './copy.ts';
import { applyUpdate, checkUpdate, upsertDoc } from './modify.ts';
import { isResident, onlyResident, residentSql } from './residency.ts';
import type { Residency } from './residency.ts';
import { Resident } from './resident.ts';
import { TableReader } from './table-read.ts';

function assertDocId(doc: Doc): void {
  if (doc === null || typeof doc !== 'object' || typeof doc._id !== 'string' || doc._id === '') {
    throw new TypeError('A document needs a non-empty string _id.');
  }
}

/** The leading fields of an index that SQLite can index (doc-table.ts `sqlField`). */
function sqlFields(keys: Record<string, 1 | -1>): string[] {
  const out: string[] = [];
  for (const field of Object.keys(keys)) {
    if (!sqlField(field)) break;
    out.push(field);
  }
  return out;
}

function sameKeys(a: Set<string>, b: Set<string>): boolean {
  if (a.size !== b.size) return false;
  for (const k of a) if (!b.has(k)) return false;
  return true;
}

export interface CollectionStats {
  /** Documents held in memory. */
  resident: number;
  /** Rows read from SQLite by queries since open. */
  rowsRead: number;
}

export class EmbeddedCollection<T extends Doc> implements Collection<T> {
  private readonly memory: Resident<T>;
  private readonly reader: TableReader<T>;
  /** The SQL-indexed leading fields of each declared index that has any. */
  private readonly indexed: string[][] = [];

  constructor(
    readonly name: string,
    private readonly journal: Journal,
    private readonly table: DocTable,
    private readonly policy: Residency,
  ) {
    this.memory = new Resident<T>(name);
    this.reader = new TableReader<T>(table, this.indexed, (id) => this.memory.found(id)?.doc);
  }

  /**
   * At open: makes sure SQLite has the indexes (a store written before they existed gets them
   * now, once), then loads the resident documents alone, through the residency index.
   */
  open(specs: IndexSpec[]): void {
    for (const spec of specs) this.addSqlIndex(spec);
    this.table.ensureOddIndex();
    const resident = residentSql(this.policy);
    if (this.policy.kind === 'status') this.table.ensureResidentIndex(this.policy.field, resident!);
    this.table.dropOthers();
    if (this.policy.kind !== 'disk') {
      for (const row of this.table.loadResident(resident)) this.memory.put(JSON.parse(row.j) as T, row.r);
    }
    for (const spec of specs) this.memory.indexes.create(spec, this.memory.placed());
  }

  private addSqlIndex(spec: IndexSpec): void {
    const fields = sqlFields(spec.keys);
    if (fields.length === 0) return;
    this.table.ensureIndex(spec.name, fields);
    this.indexed.push(fields);
  }

  /** The SQL statements prepared so far, and how SQLite runs one (EmbeddedStore.queryPlans). */
  statements(): string[] {
    return this.table.statements();
  }

  plan(sql: string): string {
    // Placeholders take null: the plan does not depend on the values.
    return this.table.plan(sql, ...Array.from(sql.matchAll(/\?/g), () => null));
  }

  stats(): CollectionStats {
    return { resident: this.memory.size, rowsRead: this.table.rowsRead };
  }

  // ---- reading -------------------------------------------------------------------------------

  /** A copy of `doc` if it is held in memory (callers must not share it), else `doc` itself. */
  private own(doc: T): T {
    return this.memory.holds(doc) ? copyJson(doc) : doc;
  }

  private fromTable(id: string): Found<T> | undefined {
    const row = this.table.get(id);
    return row ? { doc: JSON.parse(row.j) as T, seq: row.r } : undefined;
  }

  /** The matches in storage order (`_id`s asked for: in the order asked), the first `k` at most. */
  private unsorted(filter: Filter, query: Matcher, k: number): Array<Found<T>> {
    const inMemory = onlyResident(this.policy, filter);
    const ids = equalityValues(filter._id);
    if (ids) {
      const out: Array<Found<T>> = [];
      for (const id of new Set(ids)) {
        if (typeof id !== 'string') continue;
        const found = this.memory.found(id) ?? (inMemory ? undefined : this.fromTable(id));
        if (found && query.test(found.doc)) out.push(found);
        if (out.length >= k) break;
      }
      return out;
    }
    if (inMemory) return this.memory.matching(filter, query, k);
    return this.reader.unsorted(filter, query, k);
  }

  private select(filter: Filter, options: FindOptions = {}): Array<Found<T>> {
    const { sort, skip = 0, limit } = options;
    // MongoDB treats limit 0 as "no limit".
    const k = limit ? skip + limit : Infinity;
    const query = compileFilter(filter);
    let found: Array<Found<T>>;
    if (!sort || Object.keys(sort).length === 0) found = this.unsorted(filter, query, k);
    else if (equalityValues(filter._id)) {
      const top = new TopK<Found<T>>(k, order<T>(sort));
      for (const f of this.unsorted(filter, query, Infinity)) top.add(f);
      found = top.sorted();
    } else if (onlyResident(this.policy, filter)) found = this.memory.sorted(filter, query, sort, k);
    else {
      found = [];
      for (const f of this.reader.sorted(filter, query, sort, k)) found.push(f);
    }
    return skip ? found.slice(skip) : found;
  }

  private first(filter: Filter, sort?: Sort): Found<T> | undefined {
    return this.select(filter, { sort, limit: 1 })[0];
  }

  private output(found: Array<Found<T>>, options: FindOptions): T[] {
    const { projection } = options;
    if (!projection || Object.keys(projection).length === 0) return found.map((f) => this.own(f.doc));
    // Project first, then copy what is left (mingo's projection may share values with its input).
    const projected = project(
      found.map((f) => f.doc),
      projection,
    );
    return found.some((f) => this.memory.holds(f.doc)) ? copyJson(projected) : projected;
  }

  findOne(filter: Filter, options: FindOptions = {}): Promise<T | null> {
    return this.read(() => this.output(this.select(filter, { ...options, limit: 1 }), options)[0] ?? null);
  }

  find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    return this.read(() => this.output(this.select(filter, options), options));
  }

  countDocuments(filter: Filter = {}): Promise<number> {
    return this.read(() => {
      if (Object.keys(filter).length === 0)
        return this.policy.kind === 'memory' ? this.memory.size : this.table.count();
      const query = compileFilter(filter);
      if (equalityValues(filter._id) || onlyResident(this.policy, filter))
        return this.unsorted(filter, query, Infinity).length;
      return this.reader.count(filter, query);
    });
  }

  /** Computes a read now; resolves once every write it may have seen is durable (journal.ts `settled`). */
  private read<R>(compute: () => R): Promise<R> {
    try {
      this.journal.assertUsable();
      return this.journal.settled(compute());
    } catch (err) {
      return Promise.reject(err);
    }
  }

  // ---- writing -------------------------------------------------------------------------------

  /** Runs a synchronous write step; resolves with its result once it (and everything before it) is durable. */
  private write<R>(step: () => R, atomic = false): Promise<R> {
    try {
      this.journal.assertUsable();
      const result = atomic ? this.journal.atomic(step) : step();
      return this.journal.settled(result);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Writes `next` over `prev` (null: a new document) in SQLite, and in memory if it is resident. */
  private put(prev: Found<T> | null, next: T, json: string): void {
    const id = next._id;
    const before = this.memory.found(id);
    const seq = this.journal.writeNow(
      () => {
        if (!prev) return this.table.insert(id, json, next);
        this.table.update(prev.seq, id, json, next, prev.doc);
        return prev.seq;
      },
      () => this.memory.restore(id, before),
    );
    if (isResident(this.policy, next)) this.memory.put(next, seq);
    else this.memory.remove(id);
  }

  private delete(id: string): void {
    const before = this.memory.found(id);
    this.journal.writeNow(
      () => this.table.delete(id),
      () => this.memory.restore(id, before),
    );
    this.memory.remove(id);
  }

  private exists(id: string): boolean {
    return this.memory.has(id) || (this.policy.kind !== 'memory' && this.table.has(id));
  }

  /**
   * Throws DuplicateKeyError if storing `doc` (new, or over its previous version `prev`) breaks a
   * unique index. An update that leaves an index's keys as they were cannot (a draft save).
   */
  private checkUnique(doc: T, prev?: T): void {
    if (this.policy.kind === 'memory') return this.memory.indexes.check(doc);
    for (const spec of this.memory.indexes.specs()) {
      if (!spec.unique) continue;
      const fields = Object.keys(spec.keys);
      if (
        prev &&
        (sameIndexedValues(fields, prev, doc) || sameKeys(fullKeys(fields, prev), fullKeys(fields, doc)))
      )
        continue;
      if (this.reader.conflicts(fields, doc)) throw new DuplicateKeyError(this.name, spec.name);
    }
  }

  insertOne(doc: T): Promise<void> {
    return this.insertMany([doc]);
  }

  /** All or nothing: a duplicate anywhere stores none of them (MongoDB would store a prefix). */
  insertMany(docs: T[]): Promise<void> {
    return this.write(() => {
      const prepared = docs.map((doc) => {
        assertDocId(doc);
        const json = JSON.stringify(doc);
        return { doc: JSON.parse(json) as T, json };
      });
      for (const { doc, json } of prepared) {
        if (this.exists(doc._id)) throw new DuplicateKeyError(this.name, '_id_');
        this.checkUnique(doc);
        this.put(null, doc, json);
      }
    }, true);
  }

  updateOne(filter: Filter, update: Update, options: UpdateOptions = {}): Promise<UpdateResult> {
    return this.write(() => {
      checkUpdate(update);
      const found = this.first(filter);
      if (!found) {
        if (!options.upsert) return { matchedCount: 0, modifiedCount: 0 };
        const doc = this.upsert(filter, update);
        return { matchedCount: 0, modifiedCount: 0, upsertedId: doc._id };
      }
      const applied = applyUpdate(found.doc, update, filter);
      if (!applied.modified) return { matchedCount: 1, modifiedCount: 0 };
      this.checkUnique(applied.doc, found.doc);
      this.put(found, applied.doc, applied.json);
      return { matchedCount: 1, modifiedCount: 1 };
    });
  }

  /** All or nothing on a duplicate key (MongoDB would keep the documents updated before it). */
  updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    return this.write(() => {
      checkUpdate(update);
      const targets = this.unsorted(filter, compileFilter(filter), Infinity);
      const applied = targets.map((found) => ({ found, ...applyUpdate(found.doc, update, filter) }));
      let modifiedCount = 0;
      for (const a of applied) {
        if (!a.modified) continue;
        this.checkUnique(a.doc, a.found.doc);
        this.put(a.found, a.doc, a.json);
        modifiedCount++;
      }
      return { matchedCount: targets.length, modifiedCount };
    }, true);
  }

  findOneAndUpdate(filter: Filter, update: Update, options: FindOneAndUpdateOptions = {}): Promise<T | null> {
    const answer = (doc: T): T => this.output([{ doc, seq: 0 }], options)[0]!;
    return this.write(() => {
      checkUpdate(update);
      const found = this.first(filter, options.sort);
      const after = options.returnDocument !== 'before';
      if (!found) {
        if (!options.upsert) return null;
        const doc = this.upsert(filter, update);
        return after ? answer(doc) : null;
      }
      const applied = applyUpdate(found.doc, update, filter);
      if (!applied.modified) return answer(found.doc);
      this.checkUnique(applied.doc, found.doc);
      this.put(found, applied.doc, applied.json);
      return answer(after ? applied.doc : found.doc);
    });
  }

  private upsert(filter: Filter, update: Update): T {
    const applied = upsertDoc<T>(filter, update);
    if (this.exists(applied.doc._id)) throw new DuplicateKeyError(this.name, '_id_');
    this.checkUnique(applied.doc);
    this.put(null, applied.doc, applied.json);
    return applied.doc;
  }

  deleteOne(filter: Filter): Promise<DeleteResult> {
    return this.write(() => {
      const found = this.first(filter);
      if (!found) return { deletedCount: 0 };
      this.delete(found.doc._id);
      return { deletedCount: 1 };
    });
  }

  deleteMany(filter: Filter): Promise<DeleteResult> {
    return this.write(() => {
      const targets = this.unsorted(filter, compileFilter(filter), Infinity);
      for (const found of targets) this.delete(found.doc._id);
      return { deletedCount: targets.length };
    });
  }

  createIndex(keys: Record<string, 1 | -1>, options: IndexOptions = {}): Promise<void> {
    return this.write(() => {
      if (Object.keys(keys).length === 0) throw new TypeError('An index needs at least one field.');
      const spec: IndexSpec = {
        name: options.name ?? defaultIndexName(keys),
        keys: { ...keys },
        unique: options.unique ?? false,
      };
      const indexes = this.memory.indexes;
      const same = indexes.specs().find((s) => JSON.stringify(s.keys) === JSON.stringify(spec.keys));
      if (same) {
        if (same.unique === spec.unique && same.name === spec.name) return;
        throw new Error(
          `An index on ${JSON.stringify(keys)} already exists in ${this.name} as ${same.name} (unique: ${same.unique}).`,
        );
      }
      if (indexes.find(spec.name))
        throw new Error(`An index named ${spec.name} already exists in ${this.name} with other keys.`);
      if (spec.unique && this.policy.kind !== 'memory') this.assertUniqueOnDisk(spec);
      indexes.create(spec, this.memory.placed());
      const count = this.indexed.length;
      this.journal.writeNow(() => {
        this.addSqlIndex(spec);
        this.table.ensureOddIndex();
      });
      void this.journal.write({ kind: 'index', coll: this.name, spec }, () => {
        indexes.drop(spec.name);
        this.indexed.length = count;
      });
    });
  }

  /** Throws DuplicateKeyError if the documents in SQLite (resident or not) cannot hold a new unique index. */
  private assertUniqueOnDisk(spec: IndexSpec): void {
    const fields = Object.keys(spec.keys);
    const owners = new Map<string, string>();
    for (const row of this.table.scan()) {
      const doc = JSON.parse(row.j) as T;
      for (const key of fullKeys(fields, doc)) {
        const owner = owners.get(key);
        if (owner !== undefined && owner !== doc._id) throw new DuplicateKeyError(this.name, spec.name);
        owners.set(key, doc._id);
      }
    }
  }
}
