/**
 * The embedded search's cursor: which window of matches (a rowid range) a page continues, and how
 * far into its ranking. Opaque to callers (base64url JSON); checked field by field when it comes back.
 */
import { SearchCursorError } from '../types.ts';

export interface Cursor {
  /** Highest rowid of the window (inclusive). */
  hi: number;
  /** Lowest rowid of the window (inclusive), or null when the next window starts at `hi`. */
  lo: number | null;
  /** Hits of the window's ranking already returned. */
  offset: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.hi, c.lo, c.offset])).toString('base64url');
}

const rowid = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

export function decodeCursor(s: string, maxOffset: number): Cursor {
  let v: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(s)) throw new SearchCursorError();
    v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  } catch {
    throw new SearchCursorError();
  }
  if (!Array.isArray(v) || v.length !== 3) throw new SearchCursorError();
  const [hi, lo, offset] = v as unknown[];
  if (!rowid(hi) || !(lo === null || (rowid(lo) && lo <= hi))) throw new SearchCursorError();
  if (!Number.isSafeInteger(offset) || (offset as number) < 0 || (offset as number) > maxOffset)
    throw new SearchCursorError();
  return { hi, lo, offset: offset as number };
}
