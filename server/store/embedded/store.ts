/**
 * The embedded engine: every document in memory, every write in DATA_DIR/notula.db before it is
 * acknowledged, media under DATA_DIR/media. One process at a time (see lock.ts).
 *
 * Except the cold collections: append-mostly, read rarely and growing without end (the audit log
 * gets an entry per draft save, ~1M a day at load), they stay on disk only (cold-collection.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { FsBlobStore } from '../fs-blobs.ts';
import type { BlobStore, Collection, CollectionName, Doc, SearchIndex, Store } from '../types.ts';
import { ColdCollection } from './cold-collection.ts';
import { ColdTable } from './cold-table.ts';
import { EmbeddedCollection } from './collection.ts';
import { FtsSearchIndex } from './search.ts';
import { Journal } from './journal.ts';
import { claimInProcess, lockedError, releaseLock, unclaimInProcess, writeLock } from './lock.ts';
import { DatabaseBusyError, SqliteFile } from './sqlite-file.ts';

export const DB_FILE = 'notula.db';

/** Collections kept on disk only. Webhook deliveries are small and pruned, so they stay in memory. */
export const COLD_COLLECTIONS: ReadonlySet<CollectionName> = new Set<CollectionName>(['audit']);

export class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;
  readonly blobs: BlobStore;
  readonly search: SearchIndex;
  private readonly collections = new Map<string, EmbeddedCollection<Doc>>();
  private readonly cold = new Map<string, ColdCollection<Doc>>();
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly file: SqliteFile,
    /** Exposed for tests of the failure path (`journal.failNextCommit`). */
    readonly journal: Journal,
  ) {
    this.blobs = new FsBlobStore(path.join(dir, 'media'));
    this.search = new FtsSearchIndex(file.handle, journal);
  }

  static open(dataDir: string): EmbeddedStore {
    const dir = path.resolve(dataDir);
    fs.mkdirSync(dir, { recursive: true });
    claimInProcess(dir);
    let file: SqliteFile;
    try {
      file = new SqliteFile(path.join(dir, DB_FILE));
    } catch (err) {
      unclaimInProcess(dir);
      throw err instanceof DatabaseBusyError ? lockedError(dir) : err;
    }
    try {
      writeLock(dir);
      const store = new EmbeddedStore(dir, file, new Journal(file, dir));
      store.load();
      return store;
    } catch (err) {
      file.close();
      releaseLock(dir);
      throw err;
    }
  }

  private load(): void {
    // First, so that rows of a collection made cold since they were written move to its table.
    for (const name of COLD_COLLECTIONS) {
      this.cold.set(name, new ColdCollection(name, this.journal, new ColdTable(this.file.handle, name)));
    }
    for (const row of this.file.loadDocs()) {
      this.get(row.coll).load(JSON.parse(row.json) as Doc);
    }
    for (const { coll, spec } of this.file.loadIndexes())
      (this.cold.get(coll) ?? this.get(coll)).loadIndex(spec);
  }

  private get(name: string): EmbeddedCollection<Doc> {
    let coll = this.collections.get(name);
    if (!coll) {
      coll = new EmbeddedCollection<Doc>(name, this.journal);
      this.collections.set(name, coll);
    }
    return coll;
  }

  collection<T extends Doc>(name: CollectionName): Collection<T> {
    return (this.cold.get(name) ?? this.get(name)) as unknown as Collection<T>;
  }

  async ping(): Promise<void> {
    this.journal.assertUsable();
    this.file.ping();
  }

  async close(): Promise<void> {
    if (this.closed) throw new Error(`The embedded store in ${this.dir} is already closed.`);
    this.closed = true;
    try {
      // Commits the open batch, whose promises then resolve as usual.
      this.journal.close();
    } finally {
      this.file.close();
      releaseLock(this.dir);
    }
  }
}
