/**
 * One collection of the embedded engine: a Map of immutable documents keyed by `_id`, secondary
 * indexes, and mingo for matching, sorting and projecting. Every method does its whole job
 * synchronously (match, check, apply) and returns the journal's promise, so no other operation
 * can interleave with it.
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
import { IndexSet, defaultIndexName, equalityValues } from './index-set.ts';
import type { IndexSpec } from './index-set.ts';
import type { Journal } from './journal.ts';
import { compileFilter, project } from './mingo.ts';
import { applyUpdate, checkUpdate, upsertDoc } from './modify.ts';
import { comparator, minBy } from './sort.ts';

function copy<T>(v: T): T {
  return structuredClone(v);
}

function assertDocId(doc: Doc): void {
  if (doc === null || typeof doc !== 'object' || typeof doc._id !== 'string' || doc._id === '') {
    throw new TypeError('A document needs a non-empty string _id.');
  }
}

export class EmbeddedCollection<T extends Doc> implements Collection<T> {
  private readonly docs = new Map<string, T>();
  private readonly indexes: IndexSet;

  constructor(
    readonly name: string,
    private readonly journal: Journal,
  ) {
    this.indexes = new IndexSet(name);
  }

  /** Loading at open: no checks, no journal. */
  load(doc: T): void {
    this.docs.set(doc._id, doc);
  }

  loadIndex(spec: IndexSpec): void {
    this.indexes.create(spec, this.docs.values());
  }

  // ---- writes to memory, each with its undo --------------------------------------------------

  /** Replaces (or inserts, or with `next` null deletes) one document and journals it. */
  private commit(id: string, next: T | null, json: string | null): Promise<void> {
    const prev = this.docs.get(id) ?? null;
    this.swap(id, prev, next);
    const op =
      json === null
        ? { kind: 'delete' as const, coll: this.name, id }
        : { kind: 'put' as const, coll: this.name, id, json };
    return this.journal.write(op, () => this.swap(id, next, prev));
  }

  private swap(id: string, from: T | null, to: T | null): void {
    if (from) this.indexes.remove(from);
    if (to) {
      this.docs.set(id, to);
      this.indexes.add(to);
    } else this.docs.delete(id);
  }

  // ---- matching ------------------------------------------------------------------------------

  private candidates(filter: Filter): Iterable<T> {
    const ids = equalityValues(filter._id);
    if (ids) {
      const out: T[] = [];
      for (const id of new Set(ids)) {
        const doc = typeof id === 'string' ? this.docs.get(id) : undefined;
        if (doc) out.push(doc);
      }
      return out;
    }
    const narrowed = this.indexes.candidates(filter);
    if (!narrowed) return this.docs.values();
    const out: T[] = [];
    for (const id of narrowed) out.push(this.docs.get(id)!);
    return out;
  }

  private *matching(filter: Filter): Generator<T> {
    const query = compileFilter(filter);
    for (const doc of this.candidates(filter)) if (query.test(doc)) yield doc;
  }

  private first(filter: Filter, sort?: Sort): T | undefined {
    if (sort && Object.keys(sort).length > 0) return minBy(this.matching(filter), sort);
    for (const doc of this.matching(filter)) return doc;
    return undefined;
  }

  private select(filter: Filter, options: FindOptions = {}): T[] {
    const { sort, skip = 0, limit, projection } = options;
    let docs = [...this.matching(filter)];
    if (sort && Object.keys(sort).length > 0) docs.sort(comparator(sort));
    // MongoDB treats limit 0 as "no limit".
    if (skip || limit) docs = docs.slice(skip, limit ? skip + limit : undefined);
    if (!projection || Object.keys(projection).length === 0) return docs;
    return project(docs, projection);
  }

  // ---- the Collection interface ----------------------------------------------------------------

  insertOne(doc: T): Promise<void> {
    return this.insertMany([doc]);
  }

  /** All or nothing: every document is checked before any is stored (MongoDB would store a prefix). */
  insertMany(docs: T[]): Promise<void> {
    return this.write(() => {
      const prepared = docs.map((doc) => {
        assertDocId(doc);
        const json = JSON.stringify(doc);
        return { doc: JSON.parse(json) as T, json };
      });
      this.dryRun(
        prepared.map((p) => p.doc),
        true,
      );
      const done = prepared.map((p) => this.commit(p.doc._id, p.doc, p.json));
      return { result: undefined, done: Promise.all(done).then(() => undefined) };
    });
  }

  /**
   * Throws DuplicateKeyError if storing `next` one after another would break an index, each
   * checked against memory holding the earlier ones; memory is left as it was either way.
   */
  private dryRun(next: T[], inserting: boolean): void {
    const undo: Array<() => void> = [];
    try {
      for (const doc of next) {
        const prev = this.docs.get(doc._id) ?? null;
        if (inserting && prev) throw new DuplicateKeyError(this.name, '_id_');
        this.indexes.check(doc);
        this.swap(doc._id, prev, doc);
        undo.push(() => this.swap(doc._id, doc, prev));
      }
    } finally {
      for (let i = undo.length - 1; i >= 0; i--) undo[i]();
    }
  }

  findOne(filter: Filter, options: FindOptions = {}): Promise<T | null> {
    return this.read(() => {
      const found =
        options.projection || options.skip
          ? this.select(filter, { ...options, limit: 1 })[0]
          : this.first(filter, options.sort);
      return found ? copy(found) : null;
    });
  }

  find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    return this.read(() => copy(this.select(filter, options)));
  }

  countDocuments(filter: Filter = {}): Promise<number> {
    return this.read(() => {
      if (Object.keys(filter).length === 0) return this.docs.size;
      let n = 0;
      for (const _doc of this.matching(filter)) n++;
      return n;
    });
  }

  private read<R>(compute: () => R): Promise<R> {
    try {
      this.journal.assertUsable();
      return this.journal.settled(compute());
    } catch (err) {
      return Promise.reject(err);
    }
  }

  updateOne(filter: Filter, update: Update, options: UpdateOptions = {}): Promise<UpdateResult> {
    return this.write(() => {
      checkUpdate(update);
      const doc = this.first(filter);
      if (!doc)
        return options.upsert
          ? this.upsert(filter, update)
          : { result: { matchedCount: 0, modifiedCount: 0 } };
      const applied = applyUpdate(doc, update, filter);
      if (!applied.modified) return { result: { matchedCount: 1, modifiedCount: 0 } };
      this.indexes.check(applied.doc);
      return {
        result: { matchedCount: 1, modifiedCount: 1 },
        done: this.commit(doc._id, applied.doc, applied.json),
      };
    });
  }

  /** All or nothing on a duplicate key (MongoDB would keep the documents updated before it). */
  updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    return this.write(() => {
      checkUpdate(update);
      const targets = [...this.matching(filter)];
      const applied = targets.map((doc) => applyUpdate(doc, update, filter)).filter((a) => a.modified);
      this.dryRun(
        applied.map((a) => a.doc),
        false,
      );
      const done = applied.map((a) => this.commit(a.doc._id, a.doc, a.json));
      return {
        result: { matchedCount: targets.length, modifiedCount: applied.length },
        done: Promise.all(done).then(() => undefined),
      };
    });
  }

  findOneAndUpdate(filter: Filter, update: Update, options: FindOneAndUpdateOptions = {}): Promise<T | null> {
    return this.write(() => {
      checkUpdate(update);
      const doc = this.first(filter, options.sort);
      const after = options.returnDocument !== 'before';
      if (!doc) {
        if (!options.upsert) return { result: null };
        const { result, done } = this.upsert(filter, update);
        return { result: after ? copy(this.docs.get(result.upsertedId!)!) : null, done };
      }
      const applied = applyUpdate(doc, update, filter);
      if (!applied.modified) return { result: copy(doc) };
      this.indexes.check(applied.doc);
      const done = this.commit(doc._id, applied.doc, applied.json);
      return { result: copy(after ? applied.doc : doc), done };
    });
  }

  private upsert(filter: Filter, update: Update): { result: UpdateResult; done: Promise<void> } {
    const applied = upsertDoc<T>(filter, update);
    if (this.docs.has(applied.doc._id)) throw new DuplicateKeyError(this.name, '_id_');
    this.indexes.check(applied.doc);
    const done = this.commit(applied.doc._id, applied.doc, applied.json);
    return { result: { matchedCount: 0, modifiedCount: 0, upsertedId: applied.doc._id }, done };
  }

  deleteOne(filter: Filter): Promise<DeleteResult> {
    return this.write(() => {
      const doc = this.first(filter);
      if (!doc) return { result: { deletedCount: 0 } };
      return { result: { deletedCount: 1 }, done: this.commit(doc._id, null, null) };
    });
  }

  deleteMany(filter: Filter): Promise<DeleteResult> {
    return this.write(() => {
      const targets = [...this.matching(filter)];
      const done = targets.map((doc) => this.commit(doc._id, null, null));
      return { result: { deletedCount: targets.length }, done: Promise.all(done).then(() => undefined) };
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
      const same = this.indexes.specs().find((s) => JSON.stringify(s.keys) === JSON.stringify(spec.keys));
      if (same) {
        if (same.unique === spec.unique && same.name === spec.name) return { result: undefined };
        throw new Error(
          `An index on ${JSON.stringify(keys)} already exists in ${this.name} as ${same.name} (unique: ${same.unique}).`,
        );
      }
      if (this.indexes.find(spec.name))
        throw new Error(`An index named ${spec.name} already exists in ${this.name} with other keys.`);
      this.indexes.create(spec, this.docs.values());
      const done = this.journal.write({ kind: 'index', coll: this.name, spec }, () =>
        this.indexes.drop(spec.name),
      );
      return { result: undefined, done };
    });
  }

  /** Runs a synchronous write step; resolves with its result once it (and everything before it) is durable. */
  private write<R>(step: () => { result: R; done?: Promise<void> }): Promise<R> {
    try {
      this.journal.assertUsable();
      const { result, done } = step();
      return done ? done.then(() => result) : this.journal.settled(result);
    } catch (err) {
      return Promise.reject(err);
    }
  }
}
