import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing with scrypt (node:crypto): `scrypt$N$r$p$salt$hash`, the parameters stored with
 * the hash so that a stronger cost applies to new hashes and to old ones on their next login.
 * N = 2^17 costs about 128 MB and a few hundred milliseconds per check, which is the point; tests
 * lower it with `setPasswordCost` (their many logins would otherwise dominate their time).
 */
export const PASSWORD_LOG2_N = 17;
const R = 8, P = 1, LEN = 32;
let logN = PASSWORD_LOG2_N;

/** The cost of new hashes (log2 of N). Production keeps the default; test environments lower it. */
export function setPasswordCost(log2N: number): void {
  if (!Number.isInteger(log2N) || log2N < 10 || log2N > 20) throw new Error('scrypt cost out of range');
  logN = log2N;
}
export const passwordCost = () => logN;

function scrypt(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFKC'), salt, LEN, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const n = 2 ** logN;
  const key = await scrypt(password, salt, n, R, P);
  return `scrypt$${n}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  if (!stored) {
    // Spend the same time as a real check, so that response times do not tell which emails exist.
    await scrypt(password, DUMMY_SALT, 2 ** logN, R, P);
    return false;
  }
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return false;
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  const expected = Buffer.from(hash, 'base64url');
  return expected.length === key.length && timingSafeEqual(expected, key);
}

/** A stored hash weaker than today's cost: rehashed at the next successful login. */
export function needsRehash(stored: string | undefined): boolean {
  if (!stored) return false;
  const [alg, n, r] = stored.split('$');
  return alg !== 'scrypt' || Number(n) < 2 ** logN || Number(r) !== R;
}
const DUMMY_SALT = randomBytes(16);
