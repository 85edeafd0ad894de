import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { BlobStore, ByteRange } from '../store/types.ts';
import { AppError, NotFoundError } from '../errors.ts';

class RangeNotSatisfiableError extends AppError {
  override readonly status = 416;
  override readonly code = 'range_not_satisfiable';
}

/**
 * Parses a single `Range: bytes=…` header against `size`. Returns null for no/ignorable range
 * (send the whole body), throws 416 when it cannot be satisfied.
 */
function parseRange(header: string | undefined, size: number): ByteRange | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) {
    // Multiple ranges or other units: RFC 9110 allows ignoring the header.
    if (/^bytes=/.test(header.trim()) && !header.includes(','))
      throw new RangeNotSatisfiableError(`The range "${header}" is malformed.`);
    return null;
  }
  const [, a, b] = m;
  if (a === '' && b === '') throw new RangeNotSatisfiableError(`The range "${header}" is malformed.`);
  let start: number;
  let end: number;
  if (a === '') {
    const n = Number(b);
    if (n === 0) throw new RangeNotSatisfiableError('A suffix range of 0 bytes selects nothing.');
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start >= size || start > end) {
    throw new RangeNotSatisfiableError(`The range ${header} lies outside the ${size} bytes of this file.`);
  }
  return { start, end };
}

/** Streams a blob with Range support (206/416), for audio and peaks. */
export async function sendBlob(
  req: Request,
  res: Response,
  blobs: BlobStore,
  key: string | null,
  type: string,
): Promise<void> {
  const info = key ? await blobs.stat(key) : null;
  if (!key || !info) throw new NotFoundError('media');
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', 'private, no-store');
  let range: ByteRange | null;
  try {
    range = parseRange(req.get('range'), info.size);
  } catch (e) {
    res.setHeader('Content-Range', `bytes */${info.size}`);
    throw e;
  }
  if (range) {
    res.status(206);
    res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${info.size}`);
    res.setHeader('Content-Length', String(range.end - range.start + 1));
  } else {
    res.setHeader('Content-Length', String(info.size));
  }
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await pipeline(blobs.createReadStream(key, range ?? undefined), res).catch((err: unknown) => {
    // A listener that goes away mid-stream is normal for audio; anything else is logged by the caller.
    if ((err as NodeJS.ErrnoException)?.code !== 'ERR_STREAM_PREMATURE_CLOSE') throw err;
  });
}

/** Content type by the extension the media pipeline gave a file. */
/** Every type `audioType` answers for audio (the playback and segment files). */
export const AUDIO_TYPES = ['audio/webm', 'audio/ogg', 'audio/mp4', 'audio/mpeg', 'audio/wav'];

export function audioType(key: string): string {
  if (key.endsWith('.webm')) return 'audio/webm';
  if (key.endsWith('.ogg') || key.endsWith('.opus')) return 'audio/ogg';
  if (key.endsWith('.m4a') || key.endsWith('.mp4')) return 'audio/mp4';
  if (key.endsWith('.mp3')) return 'audio/mpeg';
  if (key.endsWith('.wav')) return 'audio/wav';
  return 'application/octet-stream';
}
