import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
/** Characters after the time prefix; each carries 5 bits (a byte masked to 0..31 is uniform). */
const RANDOM_CHARS = 20;

/**
 * A 29-character id, URL-safe, lower-case: 9 characters of time (milliseconds, base 32) so ids sort
 * by creation, then 20 random characters (100 bits), so an id cannot be guessed from its neighbours.
 */
export function newId(): string {
  const time = Date.now().toString(32).padStart(9, '0');
  const bytes = randomBytes(RANDOM_CHARS);
  let out = time;
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

/** A secret token: 32 random bytes, base64url. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
