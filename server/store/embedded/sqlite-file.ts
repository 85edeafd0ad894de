/**
 * The embedded engine's durable copy: DATA_DIR/notula.db, WAL with synchronous=FULL so a commit
 * is on disk when it returns. Documents live in `docs` (coll, id, json), one row each, read and
 * written by doc-table.ts; `indexes` holds the declared index specs. The connection runs in EXCLUSIVE locking mode: the OS-level lock it
 * holds is what really keeps a second process out (and the OS drops it when a process dies).
 */
import Database from 'better-sqlite3';
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

  constructor(file: string) {
    // timeout 0: a locked database means another process, and waiting for it would hang start-up.
    const db = new Database(file, { timeout: 0 });
    try {
      // Must precede WAL mode so SQLite never uses the shared-memory index (no -shm file).
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec(`
        CREATE TABLE IF NOT EXISTS docs (coll TEXT NOT NULL, id TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (coll, id));
        CREATE TABLE IF NOT EXISTS indexes (coll TEXT NOT NULL, name TEXT NOT NULL, spec TEXT NOT NULL, PRIMARY KEY (coll, name));
      `);
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
   * Writes all ops, in the transaction opened by `begin` if there is one, and commits; returns
   * once it is durable, throws otherwise (the caller then calls `rollback`).
   */
  commit(ops: WriteOp[]): void {
    if (!this.db.inTransaction) return this.commitTx(ops);
    this.apply(ops);
    this.db.exec('COMMIT');
  }

  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }

  ping(): void {
    this.db.prepare('SELECT 1').get();
  }

  close(): void {
    this.db.close();
  }
}
