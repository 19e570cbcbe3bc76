/**
 * The deployed API entry behind CloudFront: a request without the origin secret CloudFront adds is
 * refused (it reached API Gateway another way), and the viewer address comes from CloudFront's header.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createDb, ensureTable } from '@lieu/db';
import { setPasswordCost } from '@lieu/http';
import { seedDemo } from '../../packages/local/src/seed';

type Result = { statusCode: number; body: string };
let handler: (event: unknown, context: unknown) => Promise<Result>;
const table = `lambda_origin_${randomBytes(4).toString('hex')}`;
const SECRET = randomBytes(24).toString('hex');

beforeAll(async () => {
  setPasswordCost(14);
  const db = createDb({ tableName: table, endpoint: inject('dynamoEndpoint'), region: 'local' });
  await ensureTable(db);
  await seedDemo(db);
  Object.assign(process.env, {
    TABLE_NAME: table, DYNAMODB_ENDPOINT: inject('dynamoEndpoint'), JWT_SECRET: randomBytes(32).toString('hex'),
    PLATFORM_DOMAIN: 'lieu.test', SECURE_COOKIES: 'true', AWS_REGION: 'eu-west-3',
    VIEWER_HOST_HEADER: 'x-lieu-viewer-host', VIEWER_IP_HEADER: 'x-lieu-viewer-ip',
    ORIGIN_SECRET_HEADER: 'x-lieu-origin-verify', ORIGIN_SECRET: SECRET,
  });
  handler = (await import('../../functions/api/handler')).handler as never;
});
afterAll(() => {
  for (const k of ['DYNAMODB_ENDPOINT', 'VIEWER_HOST_HEADER', 'VIEWER_IP_HEADER', 'ORIGIN_SECRET_HEADER', 'ORIGIN_SECRET']) delete process.env[k];
});

function event(headers: Record<string, string>) {
  const host = 'machinerie.lieu.test';
  return {
    version: '2.0', routeKey: '$default', rawPath: '/api/v1/auth/login', rawQueryString: '', cookies: [],
    headers: { host: 'abc123.execute-api.eu-west-3.amazonaws.com', 'x-lieu-viewer-host': host, 'content-type': 'application/json', ...headers },
    requestContext: {
      accountId: '123456789012', apiId: 'api', domainName: host, domainPrefix: 'machinerie', requestId: randomBytes(8).toString('hex'),
      routeKey: '$default', stage: '$default', time: new Date().toUTCString(), timeEpoch: Date.now(),
      http: { method: 'POST', path: '/api/v1/auth/login', protocol: 'HTTP/1.1', sourceIp: '130.176.0.1', userAgent: 'vitest' },
    },
    body: JSON.stringify({ email: 'lea@machinerie.example', password: 'wrong password' }),
    isBase64Encoded: false,
  };
}
const context = { awsRequestId: 'req', functionName: 'api', getRemainingTimeInMillis: () => 10_000 };

describe('the API entry behind CloudFront', () => {
  it('refuses a request without the origin secret, or with a wrong one (403), before any sign-in is tried', async () => {
    expect((await handler(event({}), context)).statusCode).toBe(403);
    expect((await handler(event({ 'x-lieu-origin-verify': 'guess' }), context)).statusCode).toBe(403);
    expect((await handler(event({ 'x-lieu-origin-verify': SECRET, 'x-lieu-viewer-ip': '192.0.2.1' }), context)).statusCode).toBe(401);
  });

  it('counts sign-in attempts by the viewer address CloudFront wrote, not by X-Forwarded-For', async () => {
    const statuses: number[] = [];
    // The per-(email, address) limit is 10 per window: a new X-Forwarded-For each time does not reset it.
    for (let i = 0; i < 11; i++) {
      statuses.push((await handler(event({ 'x-lieu-origin-verify': SECRET, 'x-lieu-viewer-ip': '192.0.2.2', 'x-forwarded-for': `198.51.100.${i}` }), context)).statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    // Another viewer is not held back by the first one's attempts.
    expect((await handler(event({ 'x-lieu-origin-verify': SECRET, 'x-lieu-viewer-ip': '192.0.2.3' }), context)).statusCode).toBe(401);
  });
});
