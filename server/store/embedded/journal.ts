/**
 * Group commit. A write runs its SQL statements at once (`writeNow`), inside a transaction the
 * open batch began, and changes memory in the same synchronous step (so a match-and-update needs
 * no locking, and reads of SQLite and of memory both see it at once); at the end of the tick the
 * batch's transaction commits, and once that commit is on disk the writes' promises resolve. While
 * a commit's fdatasync runs, the next batch stays open and gathers every write that comes in
 * meanwhile, committing when the fdatasync lands: one commit, and each page it writes, serves as
 * many writes as possible, and the disk is flushed once at a time.
 *
 * Reads are computed at once too but resolve only once every batch pending at the time is durable
 * (the open one, and any committed one whose fdatasync has not come back: a later fdatasync covers
 * every earlier commit), so no caller ever acts on a state that might not survive a crash. (Letting
 * reads that no pending write could have changed resolve at once was tried: it halved draft saves
 * per second under `bench:load`, as requests then interleave their store work with HTTP parsing
 * instead of running it back to back after each commit.)
 *
 * A write of several documents runs in a savepoint (`atomic`): if it stops halfway on an error of
 * its own (a duplicate key), its statements and memory changes are undone and the batch goes on.
 *
 * A failed commit: memory is rolled back to the last committed state (undo entries, newest
 * first), every write and read of that batch rejects, and the store stops: every later call
 * rejects with the same cause. After an I/O error SQLite cannot promise what reached the disk,
 * so serving on would risk acknowledging writes on top of a state that is gone; a restart
 * reloads the truth from notula.db. (A store that keeps running after ENOSPC would be nicer; it
 * is not worth the risk of a silent divergence between memory and disk.)
 */
import type { SqliteFile, WriteOp } from './sqlite-file.ts';

type Undo = () => void;

interface Batch {
  ops: Map<string, WriteOp>;
  undo: Undo[];
  done: Promise<void>;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class StoreFailedError extends Error {
  constructor(dir: string, cause: unknown) {
    super(
      `The embedded store in ${dir} could not write to notula.db (${(cause as Error)?.message ?? String(cause)}). ` +
        'Writes since the last commit were rolled back; restart Notula once the cause (disk full, I/O error) is fixed.',
      { cause },
    );
    this.name = 'StoreFailedError';
  }
}

export class Journal {
  private batch: Batch | null = null;
  /** Batches committed whose fdatasync has not come back yet, oldest first. */
  private readonly inFlight: Batch[] = [];
  private failure: Error | null = null;
  private closed = false;
  /** Test hook: the next commit throws this instead of writing. */
  failNextCommit: Error | null = null;

  constructor(
    private readonly file: SqliteFile,
    private readonly dir: string,
  ) {}

  /** Throws if the store can no longer be used; call before touching memory. */
  assertUsable(): void {
    if (this.failure) throw this.failure;
    if (this.closed) throw new Error(`The embedded store in ${this.dir} is closed.`);
  }

  /** Records an index declaration, written at the commit; `undo` restores memory should it fail. */
  write(op: WriteOp, undo: Undo): Promise<void> {
    const batch = this.open();
    const key = `${op.coll}\0${op.kind === 'index' ? op.spec.name : op.name}`;
    batch.ops.delete(key);
    batch.ops.set(key, op);
    batch.undo.push(undo);
    return batch.done;
  }

  /**
   * Runs `exec` (SQL statements) now, inside the open batch's transaction, and returns what it
   * returns; `undo` restores memory should the batch fail. If `exec` throws, SQLite may have
   * dropped the whole transaction, so the batch fails as a failed commit does and the store stops.
   */
  writeNow<R>(exec: () => R, undo?: Undo): R {
    const batch = this.open();
    let result: R;
    try {
      this.file.begin();
      result = exec();
    } catch (err) {
      this.batch = null;
      this.fail(batch, err);
      throw this.failure;
    }
    if (undo) batch.undo.push(undo);
    return result;
  }

  /**
   * Runs `step`, a write of several documents through `writeNow`, as one: if it throws an error
   * of its own, what it wrote is rolled back to a savepoint and its memory changes undone, and
   * the error is rethrown; the rest of the batch stands.
   */
  atomic<R>(step: () => R): R {
    const batch = this.open();
    try {
      this.file.begin();
      this.file.savepoint();
    } catch (err) {
      this.batch = null;
      this.fail(batch, err);
      throw this.failure;
    }
    const mark = batch.undo.length;
    let result: R;
    try {
      result = step();
    } catch (err) {
      // A failure of SQLite has failed the batch already (writeNow); nothing more to undo here.
      if (this.failure) throw this.failure;
      try {
        this.file.rollbackToSavepoint();
      } catch (sqlErr) {
        this.batch = null;
        this.fail(batch, sqlErr);
        throw this.failure;
      }
      for (let i = batch.undo.length - 1; i >= mark; i--) batch.undo[i]();
      batch.undo.length = mark;
      throw err;
    }
    try {
      this.file.release();
    } catch (err) {
      this.batch = null;
      this.fail(batch, err);
      throw this.failure;
    }
    return result;
  }

  /** Resolves with `value` once every write issued so far is durable. */
  settled<T>(value: T): Promise<T> {
    const newest = this.batch ?? this.inFlight.at(-1);
    return newest ? newest.done.then(() => value) : Promise.resolve(value);
  }

  private open(): Batch {
    if (this.batch) return this.batch;
    let resolve!: () => void;
    let reject!: (err: Error) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Callers handle the rejection; this keeps a batch nobody awaits from crashing the process.
    done.catch(() => undefined);
    const batch: Batch = { ops: new Map(), undo: [], done, resolve, reject };
    this.batch = batch;
    setImmediate(() => this.flush(false));
    return batch;
  }

  /**
   * Commits the open batch (`force`: now, as close does). Otherwise it waits while an earlier
   * commit's fdatasync is running and commits when that lands, so one commit, and each page it
   * writes to the WAL, serves every write that came in meanwhile.
   */
  flush(force = true): void {
    const batch = this.batch;
    if (!batch) return;
    if (!force && this.inFlight.length > 0) return;
    this.batch = null;
    try {
      if (this.failNextCommit) {
        const err = this.failNextCommit;
        this.failNextCommit = null;
        throw err;
      }
      this.file.commit([...batch.ops.values()]);
    } catch (err) {
      this.fail(batch, err);
      return;
    }
    // Acknowledged once on disk; later batches commit meanwhile and wait for their own flush.
    this.inFlight.push(batch);
    const landed = () => this.inFlight.splice(this.inFlight.indexOf(batch), 1);
    this.file.durable().then(
      () => {
        landed();
        if (this.failure) batch.reject(this.failure);
        else batch.resolve();
        // The batch that gathered writes meanwhile (on a failed store it rejects as before).
        this.flush(false);
      },
      (err: unknown) => {
        landed();
        // Committed but maybe not on disk: stop, as after a failed commit; a restart reloads notula.db.
        if (!this.failure) this.failure = new StoreFailedError(this.dir, err);
        batch.reject(this.failure);
        this.flush(false);
      },
    );
  }

  private fail(batch: Batch, err: unknown): void {
    try {
      this.file.rollback();
    } catch {
      // The store stops either way; a restart reloads what notula.db holds.
    }
    for (let i = batch.undo.length - 1; i >= 0; i--) batch.undo[i]();
    this.failure = new StoreFailedError(this.dir, err);
    batch.reject(this.failure);
  }

  close(): void {
    this.flush();
    this.closed = true;
  }
}
