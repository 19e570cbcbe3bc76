/**
 * The browser's stand-in for `node:crypto`, which `@lieu/core` imports to make ids. The portal does
 * not make ids, but the shared module loads here too, so it gets the same function on Web Crypto.
 */
export function randomBytes(size: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(size));
}
