/**
 * The same identity round trip through the deployed Lambda entry that mounts auth (functions/api/handler.ts) with real
 * API Gateway HTTP API (payload v2) events, against the run's DynamoDB Local.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createDb, ensureTable } from '@lieu/db';
import { seedDemo } from '../../packages/local/src/seed';

type Result = { statusCode: number; headers?: Record<string, string>; cookies?: string[]; body: string };
let handler: (event: unknown, context: unknown) => Promise<Result>;
const table = `lambda_${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  const db = createDb({ tableName: table, endpoint: inject('dynamoEndpoint'), region: 'local' });
  await ensureTable(db);
  await seedDemo(db);
  Object.assign(process.env, {
    TABLE_NAME: table, DYNAMODB_ENDPOINT: inject('dynamoEndpoint'), JWT_SECRET: randomBytes(32).toString('hex'),
    PLATFORM_DOMAIN: 'lieu.test', SECURE_COOKIES: 'true', AWS_REGION: 'eu-west-3',
    // Behind CloudFront the Host is API Gateway's; the viewer's host comes in a header of our own.
    VIEWER_HOST_HEADER: 'x-lieu-viewer-host',
  });
  handler = (await import('../../functions/api/handler')).handler as never;
});
afterAll(() => { delete process.env.DYNAMODB_ENDPOINT; delete process.env.VIEWER_HOST_HEADER; });

function event(method: string, path: string, opts: { body?: unknown; cookies?: string[]; host?: string } = {}) {
  const host = opts.host ?? 'machinerie.lieu.test';
  return {
    version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: '',
    cookies: opts.cookies ?? [],
    headers: { host: 'abc123.execute-api.eu-west-3.amazonaws.com', 'x-lieu-viewer-host': host, 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https', origin: `https://${host}` },
    requestContext: {
      accountId: '123456789012', apiId: 'api', domainName: host, domainPrefix: host.split('.')[0], requestId: randomBytes(8).toString('hex'),
      routeKey: '$default', stage: '$default', time: new Date().toUTCString(), timeEpoch: Date.now(),
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
    },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    isBase64Encoded: false,
  };
}
const context = { awsRequestId: 'req', functionName: 'api', getRemainingTimeInMillis: () => 10_000 };
const sessionCookie = (r: Result) => (r.cookies ?? []).find((c) => c.startsWith('lieu_session='));

describe('the API Lambda entry behind API Gateway (payload v2): auth', () => {
  it('sign-up asks for a confirmation (202, no session); login → me → logout → me (401), with a Secure httpOnly cookie', async () => {
    const signup = await handler(event('POST', '/api/v1/auth/signup', { body: { name: 'Zoé Lambda', email: 'zoe@lambda.example', password: 'long enough pw' } }), context);
    expect(signup.statusCode).toBe(202);
    expect(sessionCookie(signup)).toBeUndefined();
    const login = await handler(event('POST', '/api/v1/auth/login', { body: { email: 'sophie@machinerie.example', password: 'lieu-demo-2026' } }), context);
    expect(login.statusCode).toBe(200);
    const cookie = sessionCookie(login)!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const jar = [cookie.split(';')[0]!];
    const me = await handler(event('GET', '/api/v1/auth/me', { cookies: jar }), context);
    expect(me.statusCode).toBe(200);
    expect(JSON.parse(me.body).user.email).toBe('sophie@machinerie.example');
    expect((await handler(event('POST', '/api/v1/auth/logout', { cookies: jar }), context)).statusCode).toBe(200);
    expect((await handler(event('GET', '/api/v1/auth/me', { cookies: jar }), context)).statusCode).toBe(401);
  });

  it('login with a demo account, and the same token on another tenant’s host is 403', async () => {
    const login = await handler(event('POST', '/api/v1/auth/login', { body: { email: 'lea@machinerie.example', password: 'lieu-demo-2026' } }), context);
    expect(login.statusCode).toBe(200);
    const jar = [sessionCookie(login)!.split(';')[0]!];
    const elsewhere = await handler(event('GET', '/api/v1/auth/me', { cookies: jar, host: 'coloc.lieu.test' }), context);
    expect(elsewhere.statusCode).toBe(403);
    expect(JSON.parse(elsewhere.body).error.code).toBe('forbidden');
  });

  it('a cross-origin state change with the session cookie is refused (403)', async () => {
    const login = await handler(event('POST', '/api/v1/auth/login', { body: { email: 'yanis@machinerie.example', password: 'lieu-demo-2026' } }), context);
    const jar = [sessionCookie(login)!.split(';')[0]!];
    const e = event('POST', '/api/v1/auth/logout', { cookies: jar });
    e.headers.origin = 'https://evil.example';
    expect((await handler(e, context)).statusCode).toBe(403);
  });
});
