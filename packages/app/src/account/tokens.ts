import { createHash, randomBytes } from 'node:crypto';

/** A one-time token for a link (magic link, reset, invitation): the raw value goes in the email, its hash in the table. */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}
export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
