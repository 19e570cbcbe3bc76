/**
 * The portal's security headers, one definition for the local server and for CloudFront's response
 * headers policy (infra/lib/web.ts): scripts only from the portal's own origin (no inline script, no
 * eval), no framing, no referrer beyond the origin to other sites, and no powerful browser features.
 * Styles allow inline attributes (components set CSS variables); images come from anywhere on https
 * (a space's logo URL) or the upload previews (blob:, data:). `uploadOrigins` are where the browser
 * PUTs photos (the media bucket in AWS; the same origin locally).
 */
export function portalSecurityHeaders(opts: { uploadOrigins?: readonly string[] } = {}): Record<string, string> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self'",
    ["connect-src 'self'", ...(opts.uploadOrigins ?? [])].join(' '),
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
  };
}

/** HSTS, sent by CloudFront only (the local server speaks http). */
export const HSTS_SECONDS = 2 * 365 * 86400;
