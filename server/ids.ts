import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** A random 20-character id (100 bits), URL-safe, lower-case; prefixed by time so ids sort by creation. */
export function newId(): string {
  const time = Date.now().toString(32).padStart(9, '0');
  const bytes = randomBytes(11);
  let out = time;
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

/** A secret token: 32 random bytes, base64url. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
