/**
 * A collection on MongoDB through the official driver. Mostly a pass-through: what it adds is the
 * mapping of duplicate-key errors to DuplicateKeyError and string `_id`s for upserts.
 */
import type { Collection as DriverCollection, Document, Filter as DriverFilter, UpdateFilter } from 'mongodb';
import { newId } from '../../ids.ts';
import { DuplicateKeyError } from '../types.ts';
import type {
  Collection,
  DeleteResult,
  Doc,
  Filter,
  FindOneAndUpdateOptions,
  FindOptions,
  IndexOptions,
  Update,
  UpdateOptions,
  UpdateResult,
} from '../types.ts';

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Translates the server's E11000 into DuplicateKeyError, naming the index from its message. */
function mapError(collection: string, err: unknown): unknown {
  const e = err as { code?: unknown; message?: unknown; writeErrors?: unknown } | null;
  const firstWriteError = Array.isArray(e?.writeErrors)
    ? (e.writeErrors[0] as { code?: unknown; errmsg?: unknown })
    : undefined;
  const code = e?.code ?? firstWriteError?.code;
  if (code !== 11000) return err;
  const message = String(firstWriteError?.errmsg ?? e?.message ?? '');
  const index = /index: (\S+)/.exec(message)?.[1] ?? 'unknown';
  return new DuplicateKeyError(collection, index);
}

/** Upserts get a Notula id, not an ObjectId, unless the filter or update already fixes `_id`. */
function withStringId(filter: Filter, update: Update): Update {
  const idCond = filter._id;
  if (typeof idCond === 'string' || (isObject(idCond) && typeof idCond.$eq === 'string')) return update;
  const onInsert = isObject(update.$setOnInsert) ? update.$setOnInsert : {};
  if ('_id' in onInsert || (isObject(update.$set) && '_id' in update.$set)) return update;
  return { ...update, $setOnInsert: { ...onInsert, _id: newId() } };
}

export class MongoCollection<T extends Doc> implements Collection<T> {
  readonly name: string;

  constructor(
    private readonly coll: DriverCollection<Document>,
    /** Throws once the store is closed (the driver would quietly reconnect). */
    private readonly assertOpen: () => void,
  ) {
    this.name = coll.collectionName;
  }

  private async run<R>(op: () => Promise<R>): Promise<R> {
    this.assertOpen();
    try {
      return await op();
    } catch (err) {
      throw mapError(this.name, err);
    }
  }

  async insertOne(doc: T): Promise<void> {
    await this.run(() => this.coll.insertOne(doc as Document));
  }

  async insertMany(docs: T[]): Promise<void> {
    if (docs.length === 0) return;
    await this.run(() => this.coll.insertMany(docs as Document[]));
  }

  async findOne(filter: Filter, options: FindOptions = {}): Promise<T | null> {
    const doc = await this.run(() => this.coll.findOne(filter as DriverFilter<Document>, options));
    return doc as T | null;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    const docs = await this.run(() => this.coll.find(filter as DriverFilter<Document>, options).toArray());
    return docs as unknown as T[];
  }

  countDocuments(filter: Filter = {}): Promise<number> {
    return this.run(() => this.coll.countDocuments(filter as DriverFilter<Document>));
  }

  async updateOne(filter: Filter, update: Update, options: UpdateOptions = {}): Promise<UpdateResult> {
    const u = options.upsert ? withStringId(filter, update) : update;
    const r = await this.run(() =>
      this.coll.updateOne(filter as DriverFilter<Document>, u as UpdateFilter<Document>, {
        upsert: options.upsert ?? false,
      }),
    );
    const out: UpdateResult = { matchedCount: r.matchedCount, modifiedCount: r.modifiedCount };
    if (r.upsertedId !== null && r.upsertedId !== undefined) out.upsertedId = String(r.upsertedId);
    return out;
  }

  async updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    const r = await this.run(() =>
      this.coll.updateMany(filter as DriverFilter<Document>, update as UpdateFilter<Document>),
    );
    return { matchedCount: r.matchedCount, modifiedCount: r.modifiedCount };
  }

  async findOneAndUpdate(
    filter: Filter,
    update: Update,
    options: FindOneAndUpdateOptions = {},
  ): Promise<T | null> {
    const u = options.upsert ? withStringId(filter, update) : update;
    // Driver 6+: without includeResultMetadata the document itself (or null) comes back.
    const doc = await this.run(() =>
      this.coll.findOneAndUpdate(filter as DriverFilter<Document>, u as UpdateFilter<Document>, {
        sort: options.sort,
        upsert: options.upsert ?? false,
        returnDocument: options.returnDocument ?? 'after',
        ...(options.projection ? { projection: options.projection } : {}),
        includeResultMetadata: false,
      }),
    );
    return doc as T | null;
  }

  async deleteOne(filter: Filter): Promise<DeleteResult> {
    const r = await this.run(() => this.coll.deleteOne(filter as DriverFilter<Document>));
    return { deletedCount: r.deletedCount };
  }

  async deleteMany(filter: Filter): Promise<DeleteResult> {
    const r = await this.run(() => this.coll.deleteMany(filter as DriverFilter<Document>));
    return { deletedCount: r.deletedCount };
  }

  async createIndex(keys: Record<string, 1 | -1>, options: IndexOptions = {}): Promise<void> {
    // `unique: false` is left out rather than sent: an index created without it must count as the same index.
    await this.run(() =>
      this.coll.createIndex(keys, {
        ...(options.unique ? { unique: true } : {}),
        ...(options.name ? { name: options.name } : {}),
      }),
    );
  }
}
