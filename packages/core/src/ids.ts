import { randomBytes } from 'node:crypto';

/**
 * Ids: 16 random bytes, base32 lower-case, time-prefixed so that ids sort by creation. 26 characters,
 * URL-safe, and shaped so that a path id can be validated with one regex.
 */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
export function newId(now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) { time = ALPHABET[t % 32] + time; t = Math.floor(t / 32); }
  const bytes = randomBytes(16);
  let rand = '';
  for (let i = 0; i < 16; i++) rand += ALPHABET[bytes[i]! % 32];
  return time + rand;
}
export const ID_PATTERN = /^[0-9a-hjkmnp-tv-z]{26}$/;
