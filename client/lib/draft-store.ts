/**
 * Keeps every edit of a segment in IndexedDB until the server acknowledges it, so a crash,
 * reload or dropped connection loses nothing. One record per segment id.
 */
import type { LocalDraft } from './draft-logic.ts';

const DB_NAME = 'notula';
const STORE = 'drafts';

let dbPromise: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  dbPromise ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB is not available'));
  });
  return dbPromise;
}

function run<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const req = fn(tx.objectStore(STORE));
        tx.oncomplete = () => resolve(req.result as T);
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
      }),
  );
}

export const draftStore = {
  get: (segmentId: string): Promise<LocalDraft | null> =>
    run<LocalDraft | undefined>('readonly', (s) => s.get(segmentId)).then((d) => d ?? null),
  put: (segmentId: string, draft: LocalDraft): Promise<void> =>
    run<unknown>('readwrite', (s) => s.put(draft, segmentId)).then(() => undefined),
  remove: (segmentId: string): Promise<void> =>
    run<unknown>('readwrite', (s) => s.delete(segmentId)).then(() => undefined),
};

/**
 * Writes the latest draft for one segment with at most one write in flight: a burst of
 * keystrokes becomes a handful of writes, and the last state always lands.
 */
export class DraftWriter {
  private pending: LocalDraft | null = null;
  private running: Promise<void> | null = null;
  failed = false;

  constructor(private readonly segmentId: string) {}

  write(draft: LocalDraft): Promise<void> {
    this.pending = draft;
    this.running ??= this.drain();
    return this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending) {
        const d = this.pending;
        this.pending = null;
        try {
          await draftStore.put(this.segmentId, d);
          this.failed = false;
        } catch {
          this.failed = true; // private mode or quota: the editor says so, typing goes on
        }
      }
    } finally {
      this.running = null;
    }
  }

  /** Resolves when everything written so far is on disk. */
  flush(): Promise<void> {
    return this.running ?? Promise.resolve();
  }
}
