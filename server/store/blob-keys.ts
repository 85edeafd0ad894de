/**
 * Blob keys become file paths (embedded) and GridFS file names (mongodb). Both engines accept the
 * same keys so a key that works on one works on the other; the embedded engine relies on this
 * check to keep every path inside DATA_DIR/media.
 */
import type { ByteRange } from './types.ts';

// Segments may not start with a dot: that rules out `.`/`..` and keeps the namespace of dot
// folders (the filesystem store's `.partial/`) away from keys.
const SEGMENT = /^[a-zA-Z0-9_-][a-zA-Z0-9._-]*$/;
const MAX_KEY_LENGTH = 512;

export function assertBlobKey(key: string): void {
  if (
    typeof key !== 'string' ||
    key.length === 0 ||
    key.length > MAX_KEY_LENGTH ||
    !key.split('/').every((s) => SEGMENT.test(s))
  ) {
    throw new TypeError(
      `Invalid blob key ${JSON.stringify(key)}: use slash-separated segments of [a-zA-Z0-9._-] not starting with a dot.`,
    );
  }
}

/** A prefix is a key, optionally ending in a slash, whose last segment may be partial. */
export function assertBlobPrefix(prefix: string): void {
  if (typeof prefix !== 'string' || prefix.length === 0) {
    throw new TypeError('A blob prefix must not be empty (that would delete every blob).');
  }
  assertBlobKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
}

export function assertByteRange(range: ByteRange | undefined): void {
  if (range === undefined) return;
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError(`Invalid byte range ${start}-${end}: both ends are inclusive, 0 <= start <= end.`);
  }
}
