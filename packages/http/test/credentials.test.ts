import { SignJWT, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, passwordCost, PASSWORD_LOG2_N, setPasswordCost, verifyPassword } from '@lieu/app/account';
import { parseJwtKeys, signSession, verifySession, type JwtKeys } from '../src/tokens';

const enc = (s: string) => new TextEncoder().encode(s);
const K1 = 'a'.repeat(40), K2 = 'b'.repeat(40);
const now = new Date('2026-12-01T10:00:00Z');
const claims = { sub: 'u1', sid: 's1', realm: 't1', role: 'member' };

describe('session token keys', () => {
  it('a token names the key that signed it (kid)', async () => {
    const token = await signSession(claims, { current: 'k2', keys: { k1: enc(K1), k2: enc(K2) } }, now);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'HS256', kid: 'k2' });
  });

  it('during a rotation both keys verify; once the old key is dropped its tokens are refused', async () => {
    const before: JwtKeys = { current: 'k1', keys: { k1: enc(K1) } };
    const during: JwtKeys = { current: 'k2', keys: { k1: enc(K1), k2: enc(K2) } };
    const after: JwtKeys = { current: 'k2', keys: { k2: enc(K2) } };
    const old = await signSession(claims, before, now);
    const fresh = await signSession(claims, during, now);
    expect(await verifySession(old, during, now)).toMatchObject({ sub: 'u1', sid: 's1' });
    expect(await verifySession(fresh, during, now)).toMatchObject({ sub: 'u1' });
    expect(await verifySession(fresh, after, now)).toMatchObject({ sub: 'u1' });
    expect(await verifySession(old, after, now)).toBeNull();
  });

  it('a token naming an unknown kid, or a known kid with another key’s signature, is refused', async () => {
    const ring: JwtKeys = { current: 'k1', keys: { k1: enc(K1) } };
    const forged = await new SignJWT({ sid: 's1', realm: 't1', role: 'owner' }).setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setSubject('u1').setIssuedAt(now.getTime() / 1000).setExpirationTime(now.getTime() / 1000 + 60).setIssuer('lieu').sign(enc(K2));
    expect(await verifySession(forged, ring, now)).toBeNull();
    const unknown = await signSession(claims, { current: 'k9', keys: { k9: enc(K1) } }, now);
    expect(await verifySession(unknown, ring, now)).toBeNull();
  });

  it('a token signed before kids were written still verifies with the first key', async () => {
    const legacy = await new SignJWT({ sid: 's1', realm: 't1', role: 'member' }).setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1').setIssuedAt(now.getTime() / 1000).setExpirationTime(now.getTime() / 1000 + 60).setIssuer('lieu').sign(enc(K1));
    expect(await verifySession(legacy, parseJwtKeys(K1), now)).toMatchObject({ sub: 'u1' });
  });

  it('the secret is one key (kid k1) or a keyring naming its current key', () => {
    expect(parseJwtKeys(K1)).toEqual({ current: 'k1', keys: { k1: enc(K1) } });
    expect(parseJwtKeys(JSON.stringify({ current: 'k2', keys: { k1: K1, k2: K2 } }))).toEqual({ current: 'k2', keys: { k1: enc(K1), k2: enc(K2) } });
    expect(() => parseJwtKeys(JSON.stringify({ current: 'k3', keys: { k1: K1 } }))).toThrow();
    expect(() => parseJwtKeys(JSON.stringify({ current: 'k1', keys: { k1: 'short' } }))).toThrow();
  });
});

describe('password hashing cost', () => {
  it('new hashes cost scrypt N = 2^17 at least; a cheaper stored hash is due for a rehash', async () => {
    const testCost = passwordCost();
    setPasswordCost(PASSWORD_LOG2_N);
    try {
      expect(PASSWORD_LOG2_N).toBeGreaterThanOrEqual(17);
      const hash = await hashPassword('correct horse battery');
      expect(Number(hash.split('$')[1])).toBeGreaterThanOrEqual(2 ** 17);
      expect(await verifyPassword('correct horse battery', hash)).toBe(true);
      expect(needsRehash(hash)).toBe(false);
      setPasswordCost(14);
      const cheap = await hashPassword('correct horse battery');
      setPasswordCost(PASSWORD_LOG2_N);
      expect(needsRehash(cheap)).toBe(true);
      expect(await verifyPassword('correct horse battery', cheap)).toBe(true);
    } finally {
      setPasswordCost(testCost);
    }
  });
});
