/**
 * Keeps one segment's turns safe: every edit goes to IndexedDB at once, and to the server a few
 * seconds after typing stops, on leaving the page, and again after the connection comes back.
 */
import { ApiError, messageOf, segments as api } from '../../api.ts';
import { DraftWriter, draftStore } from '../../lib/draft-store.ts';
import { turnsEqual } from '../../lib/turns.ts';
import type { Turn } from '../../types.ts';

export type SaveStatus =
  'idle' | 'pending' | 'saving' | 'saved' | 'offline' | 'conflict' | 'lease-lost' | 'error';

export interface SaveHooks {
  onStatus(status: SaveStatus, message?: string): void;
  onLease(expiresAt: string): void;
  onConflict(mine: Turn[], theirs: Turn[], serverVersion: number): void;
}

/** What the session reports of listening: a ratio for the server, intervals for IndexedDB. */
export interface HeardSource {
  readonly ratio: number;
  toJSON(): [number, number][];
  /** Seconds the editor has had focus on this segment, in all (for the quality figures). */
  readonly editingSeconds?: number;
}

const AUTOSAVE_MS = 3000;
const RETRY_MS = 10000;

export class SaveSession {
  turns: Turn[];
  version: number;
  private writer: DraftWriter;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  /** The turns the server has, as far as we know. */
  private savedTurns: Turn[];
  private blocked = false;
  private disposed = false;
  private onOnline = (): void => this.schedule(0);

  constructor(
    private readonly segmentId: string,
    version: number,
    serverTurns: Turn[],
    /** `null` for reviewers: their listening must not overwrite the transcriber's figure. */
    private readonly heard: HeardSource | null,
    private readonly hooks: SaveHooks,
  ) {
    this.version = version;
    this.turns = serverTurns;
    this.savedTurns = serverTurns;
    this.writer = new DraftWriter(segmentId);
    window.addEventListener('online', this.onOnline);
  }

  get dirty(): boolean {
    return !turnsEqual(this.turns, this.savedTurns);
  }

  /** Every user edit: kept locally at once, sent to the server after a pause in typing. */
  edit(turns: Turn[]): void {
    this.turns = turns;
    void this.keepLocally();
    if (this.blocked) return;
    this.hooks.onStatus('pending');
    this.schedule(AUTOSAVE_MS);
  }

  /** Heard intervals changed; kept locally with the next write, sent with the next save. */
  keepHeard(): void {
    void this.keepLocally();
  }

  private keepLocally(): Promise<void> {
    return this.writer.write({
      turns: this.turns,
      baseVersion: this.version,
      savedAt: Date.now(),
      acked: !this.dirty,
      heard: this.heard?.toJSON(),
    });
  }

  private schedule(ms: number): void {
    if (this.disposed || this.blocked) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.saveNow();
    }, ms);
  }

  /** Sends the current turns unless the server already has them. */
  async saveNow(keepalive = false): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.blocked) return;
    if (!this.dirty) {
      // An edit taken back (undo) leaves nothing to send: the server already has this text.
      if (!this.inFlight) this.hooks.onStatus('saved');
      return;
    }
    if (this.inFlight) {
      await this.inFlight;
      return this.saveNow(keepalive);
    }
    this.inFlight = this.send(keepalive).finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  private async send(keepalive: boolean): Promise<void> {
    const sent = this.turns;
    this.hooks.onStatus('saving');
    try {
      const res = await api.saveDraft(this.segmentId, this.body(sent), keepalive);
      this.version = res.version;
      this.savedTurns = sent;
      this.hooks.onLease(res.leaseExpiresAt);
      await this.keepLocally();
      if (this.dirty) this.schedule(AUTOSAVE_MS);
      else this.hooks.onStatus('saved');
    } catch (err) {
      this.handleError(err, sent);
    }
  }

  private handleError(err: unknown, sent: Turn[]): void {
    if (!(err instanceof ApiError)) {
      this.hooks.onStatus('error', String(err));
      return;
    }
    if (err.isNetwork || err.status >= 500) {
      this.hooks.onStatus('offline');
      this.schedule(RETRY_MS);
      return;
    }
    if (err.code === 'version_conflict') {
      const d = (err.details ?? {}) as { currentVersion?: number; currentTurns?: Turn[] };
      const theirs = d.currentTurns ?? [];
      const serverVersion = d.currentVersion ?? this.version;
      // Our own earlier save landed but its answer was lost: nothing to choose between.
      if (turnsEqual(theirs, sent) || turnsEqual(theirs, this.turns)) {
        this.version = serverVersion;
        this.savedTurns = theirs;
        this.schedule(0);
        return;
      }
      this.blocked = true;
      this.hooks.onStatus('conflict');
      this.hooks.onConflict(this.turns, theirs, serverVersion);
      return;
    }
    if (err.code === 'recording_deleted') {
      // Not a lost hold: nothing will ever accept this text again, so say why and stop trying.
      this.blocked = true;
      this.hooks.onStatus('error', messageOf(err));
      return;
    }
    if (err.code === 'lease_expired' || err.status === 404) {
      this.blocked = true;
      this.hooks.onStatus('lease-lost', messageOf(err));
      return;
    }
    this.hooks.onStatus('error', messageOf(err));
  }

  /** The body for draft, submit and approve requests. */
  body(turns: Turn[] = this.turns): {
    turns: Turn[];
    version: number;
    heardRatio?: number;
    editingSeconds?: number;
  } {
    if (!this.heard) return { turns, version: this.version };
    const editing = this.heard.editingSeconds;
    return {
      turns,
      version: this.version,
      heardRatio: this.heard.ratio,
      ...(editing !== undefined ? { editingSeconds: Math.round(editing) } : {}),
    };
  }

  /** A conflict found on opening: no saving until the user chooses. */
  blockForConflict(): void {
    this.blocked = true;
    this.hooks.onStatus('conflict');
  }

  /** After a version conflict: keep my text on top of the server's version, or take theirs. */
  resolve(choice: 'mine' | 'theirs', theirs: Turn[], serverVersion: number): void {
    this.blocked = false;
    this.version = serverVersion;
    this.savedTurns = theirs;
    if (choice === 'theirs') this.turns = theirs;
    void this.keepLocally();
    if (choice === 'mine') void this.saveNow();
    else this.hooks.onStatus('saved');
  }

  /** For submit/approve: wait until local writes and any save in flight are done. */
  async settle(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    await this.writer.flush();
    await this.inFlight;
  }

  /** After the server accepted a submit or approve: the local copy is no longer needed. */
  async finished(): Promise<void> {
    this.dispose();
    await this.writer.flush();
    await draftStore.remove(this.segmentId).catch(() => undefined);
  }

  /** Page is going away: a keepalive request still reaches the server after unload. */
  flushOnLeave(): void {
    void this.keepLocally();
    if (this.dirty && !this.blocked && !this.inFlight) void this.saveNow(true);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    window.removeEventListener('online', this.onOnline);
  }

  get localWriteFailed(): boolean {
    return this.writer.failed;
  }
}
