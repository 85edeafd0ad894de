/**
 * DATA_DIR/notula.lock names the process using the embedded store, so a second process can be
 * told who to stop. It is informational: the exclusive SQLite lock decides who owns the store,
 * and the OS releases that lock when its process dies, so a lock file left behind by a killed
 * process (even one whose pid has since been reused, as pid 1 is in every container) never
 * blocks a restart.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StoreLockedError } from '../types.ts';

export const LOCK_FILE = 'notula.lock';

interface LockInfo {
  pid: number;
  hostname: string;
  startedAt: number;
}

/** Data directories opened by this process; a second open in the same process is refused too. */
const heldHere = new Set<string>();

function readLock(dir: string): LockInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')) as Partial<LockInfo>;
    return typeof info.pid === 'number'
      ? { pid: info.pid, hostname: String(info.hostname ?? ''), startedAt: Number(info.startedAt ?? 0) }
      : null;
  } catch {
    return null;
  }
}

export function lockedError(dir: string): StoreLockedError {
  const info = readLock(dir);
  const who = info
    ? `Another Notula process (pid ${info.pid}${info.hostname && info.hostname !== os.hostname() ? ` on ${info.hostname}` : ''}, started ${new Date(info.startedAt).toISOString()})`
    : 'Another Notula process';
  return new StoreLockedError(
    `${who} is using the embedded store in ${dir}. The embedded engine is single-process: ` +
      'stop that process, or set MONGODB_URI to share one database between several processes.',
  );
}

/** Refuses a data directory this process already holds; call before opening SQLite. */
export function claimInProcess(dir: string): void {
  if (heldHere.has(dir)) throw lockedError(dir);
  heldHere.add(dir);
}

/** Records this process as the owner; call once the SQLite lock is held. */
export function writeLock(dir: string): void {
  const info: LockInfo = { pid: process.pid, hostname: os.hostname(), startedAt: Date.now() };
  const tmp = path.join(dir, `${LOCK_FILE}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(info) + '\n');
  fs.renameSync(tmp, path.join(dir, LOCK_FILE));
}

export function releaseLock(dir: string): void {
  heldHere.delete(dir);
  const info = readLock(dir);
  if (info && info.pid === process.pid && info.hostname === os.hostname()) {
    fs.rmSync(path.join(dir, LOCK_FILE), { force: true });
  }
}

/** Forgets an in-process claim after a failed open. */
export function unclaimInProcess(dir: string): void {
  heldHere.delete(dir);
}
