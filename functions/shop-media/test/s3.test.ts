import { describe, expect, it } from 'vitest';
import { s3Signer } from '../s3';

/**
 * The S3 signing is checked against AWS's own published example ("Authenticating Requests: Using Query
 * Parameters", S3 API reference: GET examplebucket/test.txt, 2013-05-24, 86400 s, us-east-1), so a
 * presigned URL this code makes is one S3 accepts, without an AWS account in the tests.
 */
const example = {
  bucket: 'examplebucket', region: 'us-east-1', host: 'examplebucket.s3.amazonaws.com',
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
};

describe('S3 request signing (SigV4, no S3 client)', () => {
  it("presigns a GET exactly as AWS's documented example", async () => {
    const url = new URL(await s3Signer(example).presign('GET', 'test.txt', {}, 86400, new Date('2013-05-24T00:00:00Z')));
    expect(url.origin + url.pathname).toBe('https://examplebucket.s3.amazonaws.com/test.txt');
    expect(url.searchParams.get('X-Amz-Credential')).toBe('AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('86400');
    expect(url.searchParams.get('X-Amz-Signature')).toBe('aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404');
  });

  it('binds an upload URL to its content type and length (both signed), and to the session token', async () => {
    const signer = s3Signer({ ...example, credentials: { ...example.credentials, sessionToken: 'token/with+chars=' } });
    const now = new Date('2026-11-25T10:00:00Z');
    const headers = { 'content-type': 'image/png', 'content-length': '1234' };
    const url = new URL(await signer.presign('PUT', 'tenants/t1/products/p1/ph1', headers, 600, now));
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe('token/with+chars=');
    const other = new URL(await signer.presign('PUT', 'tenants/t1/products/p1/ph1', { ...headers, 'content-length': '1235' }, 600, now));
    expect(other.searchParams.get('X-Amz-Signature')).not.toBe(url.searchParams.get('X-Amz-Signature'));
  });
});
