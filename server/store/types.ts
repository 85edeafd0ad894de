/**
 * The one persistence interface every service uses. It is the subset of the official MongoDB
 * driver's Db/Collection API that Notula needs; queries and updates are MongoDB's own language.
 *
 * Documents hold JSON values only (no Date, no ObjectId): ids are strings in `_id`, times are
 * epoch milliseconds (fields ending in `At`). That keeps both engines byte-for-byte alike.
 */
import type { Readable } from 'node:stream';
import type { SearchTerm } from '../search/query.ts';

export type StoreKind = 'embedded' | 'mongodb';

/** Every document has a string id. */
export interface Doc {
  _id: string;
}

/** A MongoDB query document (`{status: 'open', start: {$gte: 3}}`). */
export type Filter = Record<string, unknown>;
/** A MongoDB update document (`{$set: {...}, $inc: {...}}`). */
export type Update = Record<string, unknown>;
export type Sort = Record<string, 1 | -1>;
export type Projection = Record<string, 0 | 1>;

export interface FindOptions {
  sort?: Sort;
  limit?: number;
  skip?: number;
  projection?: Projection;
}

export interface UpdateOptions {
  upsert?: boolean;
}

export interface FindOneAndUpdateOptions {
  sort?: Sort;
  upsert?: boolean;
  /** Which version of the document to return; `'after'` unless told. */
  returnDocument?: 'before' | 'after';
  /** The fields to return (as `find` takes them), when the caller needs only a few. */
  projection?: Projection;
}

export interface UpdateResult {
  matchedCount: number;
  modifiedCount: number;
  upsertedId?: string;
}

export interface DeleteResult {
  deletedCount: number;
}

export interface IndexOptions {
  unique?: boolean;
  name?: string;
}

/**
 * A collection of documents of type T. Every write resolves only once it is durable
 * (embedded: committed to SQLite; mongodb: acknowledged by the server with the configured write concern).
 * A write that breaks a unique index rejects with `DuplicateKeyError`.
 */
export interface Collection<T extends Doc> {
  readonly name: string;
  insertOne(doc: T): Promise<void>;
  insertMany(docs: T[]): Promise<void>;
  findOne(filter: Filter, options?: FindOptions): Promise<T | null>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  countDocuments(filter?: Filter): Promise<number>;
  updateOne(filter: Filter, update: Update, options?: UpdateOptions): Promise<UpdateResult>;
  updateMany(filter: Filter, update: Update): Promise<UpdateResult>;
  /** Atomic: no other write to the collection can interleave between the match and the update. */
  findOneAndUpdate(filter: Filter, update: Update, options?: FindOneAndUpdateOptions): Promise<T | null>;
  deleteOne(filter: Filter): Promise<DeleteResult>;
  deleteMany(filter: Filter): Promise<DeleteResult>;
  createIndex(keys: Record<string, 1 | -1>, options?: IndexOptions): Promise<void>;
}

export interface BlobInfo {
  size: number;
}

/** Byte range, both ends inclusive (as in HTTP `Range`). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Media storage: the filesystem under DATA_DIR/media (embedded) or GridFS (mongodb).
 * Keys are slash-separated paths made by Notula (`rec/<id>/playback.opus`), never user input.
 */
export interface BlobStore {
  /** Stores the file at `filePath` under `key`, replacing what was there. */
  putFile(key: string, filePath: string): Promise<BlobInfo>;
  /** Stores a buffer under `key`, replacing what was there. */
  putBuffer(key: string, data: Buffer): Promise<BlobInfo>;
  stat(key: string): Promise<BlobInfo | null>;
  /** Reads the whole blob or the inclusive byte range. Errors if the key does not exist. */
  createReadStream(key: string, range?: ByteRange): Readable;
  getBuffer(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
  /** Deletes every blob whose key starts with `prefix`. */
  deletePrefix(prefix: string): Promise<number>;
}

export type CollectionName =
  | 'orgs'
  | 'users'
  | 'sessions'
  | 'tokens'
  | 'password_links'
  | 'segment_tombstones'
  | 'recordings'
  | 'segments'
  | 'jobs'
  | 'audit'
  | 'webhooks'
  | 'drafts'
  | 'figures'
  | 'transcriber_totals'
  | 'throughput'
  | 'rates'
  | 'earnings';

/** One searchable unit of a completed recording: a turn of its transcript as typed. */
export interface SearchEntry {
  speaker: string;
  /** Seconds from the start of the recording. */
  start: number;
  end: number;
  text: string;
}

/** The recording facts every entry of it is filed under. */
export interface SearchRecordingRef {
  recordingId: string;
  orgId: string;
  /** Epoch ms; the index keeps recordings in this order (newest first when ranking is bounded). */
  createdAt: number;
}

export interface SearchRequest {
  /** All must occur (parsed and folded by server/search/query.ts). */
  terms: SearchTerm[];
  /** Only this organisation's entries; null for every organisation. */
  orgId: string | null;
  recordingId?: string;
  /** A speaker key (server/search/tokens.ts `speakerKey`). */
  speakerKey?: string;
  /** Recording created within these epoch-ms bounds (inclusive). */
  createdFrom?: number;
  createdTo?: number;
  limit: number;
  /** A `nextCursor` this index returned for the same request, or null for the first page. */
  cursor: string | null;
}

export interface SearchRow extends SearchEntry {
  recordingId: string;
  orgId: string;
}

export interface SearchPage {
  /** Best match first. */
  rows: SearchRow[];
  nextCursor: string | null;
}

/**
 * The full-text index of completed transcripts: SQLite FTS5 (embedded) or a text index (MongoDB).
 * Writes resolve once durable, as collection writes do.
 */
export interface SearchIndex {
  /** Creates what the index needs (idempotent); called at start-up. */
  ensureIndexes(): Promise<void>;
  /** Files `entries` under the recording, replacing whatever it had (idempotent). */
  replace(ref: SearchRecordingRef, entries: SearchEntry[]): Promise<void>;
  /** Forgets every entry of the recording. */
  remove(recordingId: string): Promise<void>;
  /** Rejects with SearchCursorError when the cursor is not one it gave out. */
  search(req: SearchRequest): Promise<SearchPage>;
}

export class SearchCursorError extends Error {
  constructor() {
    super('The search cursor is not one this search returned.');
    this.name = 'SearchCursorError';
  }
}

export interface Store {
  readonly kind: StoreKind;
  collection<T extends Doc>(name: CollectionName): Collection<T>;
  readonly blobs: BlobStore;
  readonly search: SearchIndex;
  /** Round-trip check used by /healthz. */
  ping(): Promise<void>;
  /** Flushes and closes. Further calls reject. */
  close(): Promise<void>;
}

export class DuplicateKeyError extends Error {
  readonly code = 11000;
  constructor(
    readonly collection: string,
    readonly index: string,
  ) {
    super(`duplicate key in ${collection} for index ${index}`);
    this.name = 'DuplicateKeyError';
  }
}

export class StoreLockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreLockedError';
  }
}
