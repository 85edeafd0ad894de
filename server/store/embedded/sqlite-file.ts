/**
 * The embedded engine's durable copy: DATA_DIR/notula.db in WAL mode. A commit appends to the WAL
 * (synchronous=NORMAL: no fsync on the event loop) and `durable()` then flushes the WAL to disk on
 * libuv's thread pool; the journal acknowledges a batch only after that, so a write is on disk
 * when its promise resolves, exactly as with synchronous=FULL, while the server keeps answering
 * other requests during the fsync (it was most of a claim's time). Documents live in `docs` (coll, id, json), one row each, read and
 * written by doc-table.ts; `indexes` holds the declared index specs. The connection runs in EXCLUSIVE locking mode: the OS-level lock it
 * holds is what really keeps a second process out (and the OS drops it when a process dies).
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { DocTable } from './doc-table.ts';
import type { IndexSpec } from './index-set.ts';

/** Writes batched until the commit: index declarations. Documents are written at once (journal.ts). */
export type WriteOp =
  { kind: 'index'; coll: string; spec: IndexSpec } | { kind: 'dropIndex'; coll: string; name: string };

/** Thrown when another process holds the database lock. */
export class DatabaseBusyError extends Error {}

export class SqliteFile {
  private readonly db: Database.Database;
  private readonly indexStmt: Database.Statement<[string, string, string]>;
  private readonly dropIndexStmt: Database.Statement<[string, string]>;
  private readonly commitTx: (ops: WriteOp[]) => void;
  private readonly savepointStmt: Database.Statement;
  private readonly releaseStmt: Database.Statement;
  private readonly rollbackToStmt: Database.Statement;
  /** The WAL, opened after the first commit creates it; fsync'd for each batch. */
  private walFd: number | null = null;
  private syncing: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {
    // timeout 0: a locked database means another process, and waiting for it would hang start-up.
    const db = new Database(file, { timeout: 0 });
    try {
      // Must precede WAL mode so SQLite never uses the shared-memory index (no -shm file).
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = WAL');
      // Durability comes from durable() below; SQLite still syncs the WAL before each checkpoint.
      db.pragma('synchronous = NORMAL');
      // Checkpoints run inside a commit, on the event loop, with two fsyncs; every 10,000 pages
      // (a WAL of up to ~40 MB) instead of SQLite's 1,000, they come a tenth as often and copy each
      // page rewritten meanwhile (a segment saved many times) once. Replaying such a WAL after a
      // crash takes well under a second.
      db.pragma('wal_autocheckpoint = 10000');
      db.exec(`
        CREATE TABLE IF NOT EXISTS indexes (coll TEXT NOT NULL, name TEXT NOT NULL, spec TEXT NOT NULL, PRIMARY KEY (coll, name));
      `);
      DocTable.ensureSchema(db);
      // Take the exclusive lock now rather than at the first write.
      db.exec('BEGIN EXCLUSIVE; COMMIT;');
    } catch (err) {
      db.close();
      if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new DatabaseBusyError(String(err));
      throw err;
    }
    this.db = db;
    this.savepointStmt = db.prepare('SAVEPOINT one_write');
    this.releaseStmt = db.prepare('RELEASE one_write');
    this.rollbackToStmt = db.prepare('ROLLBACK TO one_write');
    this.indexStmt = db.prepare('INSERT OR REPLACE INTO indexes (coll, name, spec) VALUES (?, ?, ?)');
    this.dropIndexStmt = db.prepare('DELETE FROM indexes WHERE coll = ? AND name = ?');
    this.commitTx = db.transaction((ops: WriteOp[]) => this.apply(ops));
  }

  private apply(ops: WriteOp[]): void {
    for (const op of ops) {
      if (op.kind === 'index') this.indexStmt.run(op.coll, op.spec.name, JSON.stringify(op.spec));
      else this.dropIndexStmt.run(op.coll, op.name);
    }
  }

  loadIndexes(): Array<{ coll: string; spec: IndexSpec }> {
    const rows = this.db.prepare('SELECT coll, spec FROM indexes ORDER BY rowid').all() as Array<{
      coll: string;
      spec: string;
    }>;
    return rows.map((r) => ({ coll: r.coll, spec: JSON.parse(r.spec) as IndexSpec }));
  }

  /** The connection, for the collections' tables (doc-table.ts, cold-table.ts). */
  get handle(): Database.Database {
    return this.db;
  }

  /** Opens the transaction that the next `commit` ends; writes run in it at once (journal.ts). */
  begin(): void {
    if (!this.db.inTransaction) this.db.exec('BEGIN');
  }

  /** Marks the start of one multi-document write inside the open transaction. */
  savepoint(): void {
    this.savepointStmt.run();
  }

  /** Keeps what was written since `savepoint`. */
  release(): void {
    this.releaseStmt.run();
  }

  /** Undoes what was written since `savepoint`, keeping the rest of the transaction. */
  rollbackToSavepoint(): void {
    this.rollbackToStmt.run();
    this.releaseStmt.run();
  }

  /**
   * Writes all ops, in the transaction opened by `begin` if there is one, and commits to the WAL;
   * throws on failure (the caller then calls `rollback`). Durable once `durable()` resolves.
   */
  commit(ops: WriteOp[]): void {
    if (!this.db.inTransaction) return this.commitTx(ops);
    this.apply(ops);
    this.db.exec('COMMIT');
  }

  /**
   * Resolves once everything committed so far is on disk: an fdatasync of the WAL on the thread
   * pool (fsync reaches the file's data whichever descriptor wrote it). Rejects on an I/O error.
   */
  durable(): Promise<void> {
    if (this.walFd === null) {
      try {
        this.walFd = fs.openSync(`${this.file}-wal`, 'r');
      } catch (err) {
        // No WAL yet (nothing committed since it was checkpointed away): nothing to flush.
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return Promise.resolve();
        return Promise.reject(err as Error);
      }
    }
    const fd = this.walFd;
    const done = new Promise<void>((resolve, reject) =>
      fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())),
    );
    this.syncing = done.catch(() => undefined);
    return done;
  }

  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }

  ping(): void {
    this.db.prepare('SELECT 1').get();
  }

  /** Closes the database once the last flush of the WAL has finished. */
  async close(): Promise<void> {
    await this.syncing;
    this.closeNow();
  }

  /** Closes at once (a store that failed to open: nothing of it was acknowledged). */
  closeNow(): void {
    if (this.walFd !== null) fs.closeSync(this.walFd);
    this.walFd = null;
    this.db.close();
  }
}
