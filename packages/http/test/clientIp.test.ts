import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientIp } from '../src/app';

const behindCloudFront = { originSecret: { header: 'x-lieu-origin-verify', value: 's'.repeat(40) }, viewerIpHeader: 'x-lieu-viewer-ip' };

async function ipOf(deps: Parameters<typeof clientIp>[1], headers: Record<string, string>, env: unknown) {
  const app = new Hono();
  app.get('/', (c) => c.text(clientIp(c, deps)));
  return (await app.request('/', { headers }, env as never)).text();
}

describe('the address rate limits count by', () => {
  it('behind CloudFront: the viewer address the CloudFront function wrote, whatever X-Forwarded-For says', async () => {
    const env = { event: { requestContext: { http: { sourceIp: '130.176.0.1' } } } }; // a CloudFront edge
    expect(await ipOf(behindCloudFront, { 'x-lieu-viewer-ip': '192.0.2.10', 'x-forwarded-for': '198.51.100.1, 203.0.113.9' }, env)).toBe('192.0.2.10');
  });

  it('without an origin secret the viewer header is not trusted: the connection’s own address is used', async () => {
    const headers = { 'x-lieu-viewer-ip': '192.0.2.10', 'x-forwarded-for': '198.51.100.1' };
    expect(await ipOf({ viewerIpHeader: 'x-lieu-viewer-ip' }, headers, { incoming: { socket: { remoteAddress: '127.0.0.1' } } })).toBe('127.0.0.1');
    expect(await ipOf({}, headers, { event: { requestContext: { http: { sourceIp: '203.0.113.50' } } } })).toBe('203.0.113.50');
  });
});
