/**
 * The embedded engine: every document in DATA_DIR/notula.db, written before it is acknowledged;
 * in memory only the resident ones (residency.ts: small collections whole, the active work of the
 * large ones), so memory and start-up follow the active work, not the archive. Media under
 * DATA_DIR/media. One process at a time (see lock.ts).
 *
 * The cold collections (the audit log: append-mostly, read rarely, ~1M entries a day at load)
 * have a table of their own and keep nothing in memory (cold-collection.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { FsBlobStore } from '../fs-blobs.ts';
import type { BlobStore, Collection, CollectionName, Doc, SearchIndex, Store } from '../types.ts';
import { ColdCollection } from './cold-collection.ts';
import { ColdTable } from './cold-table.ts';
import { EmbeddedCollection } from './collection.ts';
import { FtsSearchIndex } from './search.ts';
import type { CollectionStats } from './collection.ts';
import { DocTable } from './doc-table.ts';
import type { IndexSpec } from './index-set.ts';
import { Journal } from './journal.ts';
import { claimInProcess, lockedError, releaseLock, unclaimInProcess, writeLock } from './lock.ts';
import { RESIDENCY, residencyOf } from './residency.ts';
import type { Residency } from './residency.ts';
import { DatabaseBusyError, SqliteFile } from './sqlite-file.ts';

export const DB_FILE = 'notula.db';

/** Collections kept on disk only, in a table of their own. */
export const COLD_COLLECTIONS: ReadonlySet<CollectionName> = new Set<CollectionName>(['audit']);

export interface EmbeddedOptions {
  /** Residency rules replacing the usual ones (residency.ts), for tests of every mode. */
  residency?: Partial<Record<CollectionName, Residency>>;
}

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
    private readonly residency: Partial<Record<string, Residency>>,
  ) {
    this.blobs = new FsBlobStore(path.join(dir, 'media'));
    this.search = new FtsSearchIndex(file.handle, journal);
  }

  static open(dataDir: string, options: EmbeddedOptions = {}): EmbeddedStore {
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
      const store = new EmbeddedStore(dir, file, new Journal(file, dir), options.residency ?? {});
      store.load();
      return store;
    } catch (err) {
      file.closeNow();
      releaseLock(dir);
      throw err;
    }
  }

  private load(): void {
    // First, so that rows of a collection made cold since they were written move to its table.
    for (const name of COLD_COLLECTIONS) {
      this.cold.set(name, new ColdCollection(name, this.journal, new ColdTable(this.file.handle, name)));
    }
    const specs = new Map<string, IndexSpec[]>();
    for (const { coll, spec } of this.file.loadIndexes()) {
      const cold = this.cold.get(coll);
      if (cold) cold.loadIndex(spec);
      else specs.set(coll, [...(specs.get(coll) ?? []), spec]);
    }
    for (const cold of this.cold.values()) cold.dropOthers();
    const names = new Set([...Object.keys(RESIDENCY), ...specs.keys()]);
    for (const name of names) if (!this.cold.has(name)) this.get(name, specs.get(name) ?? []);
  }

  /** The collection `name`, opened (its resident documents loaded) on first use. */
  private get(name: string, specs: IndexSpec[] = []): EmbeddedCollection<Doc> {
    let coll = this.collections.get(name);
    if (!coll) {
      const table = new DocTable(this.file.handle, name);
      coll = new EmbeddedCollection<Doc>(name, this.journal, table, residencyOf(name, this.residency));
      coll.open(specs);
      this.collections.set(name, coll);
    }
    return coll;
  }

  collection<T extends Doc>(name: CollectionName): Collection<T> {
    return (this.cold.get(name) ?? this.get(name)) as unknown as Collection<T>;
  }

  /** Per collection: documents held in memory and rows read from SQLite (for tests and the benchmark). */
  stats(): Record<string, CollectionStats> {
    const out: Record<string, CollectionStats> = {};
    for (const [name, coll] of this.collections) out[name] = coll.stats();
    return out;
  }

  /** How SQLite runs each statement the collections have prepared so far (for tests: none may scan). */
  queryPlans(): Array<{ collection: string; sql: string; plan: string }> {
    const out: Array<{ collection: string; sql: string; plan: string }> = [];
    for (const [name, coll] of this.collections) {
      for (const sql of coll.statements()) out.push({ collection: name, sql, plan: coll.plan(sql) });
    }
    return out;
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
      try {
        await this.file.close();
      } finally {
        releaseLock(this.dir);
      }
    }
  }
}
