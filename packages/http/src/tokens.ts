import { SignJWT, jwtVerify } from 'jose';

/** What a session token says: who, in which realm (a tenant id or `platform`), with which role. */
export interface SessionClaims {
  sub: string; // user id
  sid: string; // session id (revocable item in the table)
  realm: string; // tenant id, or 'platform'
  role: string;
  iat: number;
}

export const SESSION_DAYS = 30;

export async function signSession(claims: Omit<SessionClaims, 'iat'>, secret: Uint8Array, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ sid: claims.sid, realm: claims.realm, role: claims.role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuedAt(iat)
    .setExpirationTime(iat + SESSION_DAYS * 86400)
    .setIssuer('lieu')
    .sign(secret);
}

export async function verifySession(token: string, secret: Uint8Array, now: Date): Promise<SessionClaims | null> {
  try {
    const { payload } = await jwtVerify(token, secret, { issuer: 'lieu', algorithms: ['HS256'], currentDate: now });
    if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.realm !== 'string' || typeof payload.role !== 'string') return null;
    return { sub: payload.sub, sid: payload.sid, realm: payload.realm, role: payload.role, iat: payload.iat ?? 0 };
  } catch {
    return null;
  }
}

// One-time link tokens live with the account use-cases; re-exported for the HTTP adapters.
export { newLinkToken, hashToken } from '@lieu/app/account';
