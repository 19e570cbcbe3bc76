import { SignJWT, decodeProtectedHeader, jwtVerify } from 'jose';

/** What a session token says: who, in which realm (a tenant id or `platform`), with which role. */
export interface SessionClaims {
  sub: string; // user id
  sid: string; // session id (revocable item in the table)
  realm: string; // tenant id, or 'platform'
  role: string;
  iat: number;
}

export const SESSION_DAYS = 30;

/**
 * The keys that sign and verify session tokens, each named by a `kid` carried in the token's header.
 * `current` signs; every key listed verifies. Rotation without signing anyone out: add the new key
 * beside the old one, make it current (new and refreshed tokens use it while the old ones still
 * verify), then drop the old key once no live token uses it (a session refreshes within a minute
 * of use; an unused one expires).
 */
export interface JwtKeys {
  current: string;
  keys: Record<string, Uint8Array>;
}

/** The kid of a single key given as plain bytes (a deployment that has never rotated). */
export const DEFAULT_KID = 'k1';

/**
 * Reads the key secret: either `{"current":"k2","keys":{"k1":"…","k2":"…"}}` or, as before rotation,
 * one plain string (kid `k1`).
 */
export function parseJwtKeys(secret: string): JwtKeys {
  const enc = (v: string) => new TextEncoder().encode(v);
  const text = secret.trim();
  if (!text.startsWith('{')) return { current: DEFAULT_KID, keys: { [DEFAULT_KID]: enc(secret) } };
  const parsed = JSON.parse(text) as { current?: unknown; keys?: Record<string, unknown> };
  const entries = Object.entries(parsed.keys ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length >= 32);
  if (typeof parsed.current !== 'string' || !entries.some(([kid]) => kid === parsed.current)) {
    throw new Error('JWT keys: "current" must name one of "keys" (each at least 32 characters)');
  }
  return { current: parsed.current, keys: Object.fromEntries(entries.map(([kid, v]) => [kid, enc(v)])) };
}

/** A deployment's keys: its keyring, or its one secret under kid `k1`. */
export const jwtKeysOf = (deps: { jwtSecret: Uint8Array; jwtKeys?: JwtKeys | undefined }): JwtKeys =>
  deps.jwtKeys ?? { current: DEFAULT_KID, keys: { [DEFAULT_KID]: deps.jwtSecret } };

const asKeys = (k: JwtKeys | Uint8Array): JwtKeys => (k instanceof Uint8Array ? { current: DEFAULT_KID, keys: { [DEFAULT_KID]: k } } : k);

export async function signSession(claims: Omit<SessionClaims, 'iat'>, keys: JwtKeys | Uint8Array, now: Date): Promise<string> {
  const ring = asKeys(keys);
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ sid: claims.sid, realm: claims.realm, role: claims.role })
    .setProtectedHeader({ alg: 'HS256', kid: ring.current })
    .setSubject(claims.sub)
    .setIssuedAt(iat)
    .setExpirationTime(iat + SESSION_DAYS * 86400)
    .setIssuer('lieu')
    .sign(ring.keys[ring.current]!);
}

export async function verifySession(token: string, keys: JwtKeys | Uint8Array, now: Date): Promise<SessionClaims | null> {
  try {
    const ring = asKeys(keys);
    // A token signed before kids were written names none: it was signed with the first key.
    const kid = decodeProtectedHeader(token).kid ?? DEFAULT_KID;
    const key = ring.keys[kid];
    if (!key) return null;
    const { payload } = await jwtVerify(token, key, { issuer: 'lieu', algorithms: ['HS256'], currentDate: now });
    if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.realm !== 'string' || typeof payload.role !== 'string') return null;
    return { sub: payload.sub, sid: payload.sid, realm: payload.realm, role: payload.role, iat: payload.iat ?? 0 };
  } catch {
    return null;
  }
}

// One-time link tokens live with the account use-cases; re-exported for the HTTP adapters.
export { newLinkToken, hashToken } from '@lieu/app/account';
