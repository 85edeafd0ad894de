import { randomBytes, randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
/** Characters after the time prefix; each carries 5 bits (a byte masked to 0..31 is uniform). */
const RANDOM_CHARS = 20;

/** Random bytes for ids, drawn from the system 4 KiB at a time (one call per ~200 ids); each byte is used once. */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

/**
 * A 29-character id, URL-safe, lower-case: 9 characters of time (milliseconds, base 32) so ids sort
 * by creation, then 20 random characters (100 bits), so an id cannot be guessed from its neighbours.
 */
export function newId(): string {
  const time = Date.now().toString(32).padStart(9, '0');
  if (poolAt + RANDOM_CHARS > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  let out = time;
  for (let i = poolAt; i < poolAt + RANDOM_CHARS; i++) out += ALPHABET[pool[i]! & 31];
  poolAt += RANDOM_CHARS;
  return out;
}

/** A secret token: 32 random bytes, base64url. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
