/**
 * Proofs over every mounted route, enumerated from the route declarations (so a route added
 * tomorrow is covered without anyone remembering to): the OpenAPI document lists them all; a
 * session of one tenant on another tenant's host is 403; hostile input is a 4xx with the error
 * shape, never a 5xx, and leaves the table as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteSpec } from '@lieu/api';
import { Browser, DEMO, hosts, rawRequest } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';
import { mountedSpecs, pathOf, snapshot } from '../support/routes';

let env: TestEnv;
const specs = mountedSpecs();
const A_ID = '0000000000aaaaaaaaaaaaaaaa'; // a well-formed id that exists nowhere

beforeAll(async () => { env = await createTestEnv({ tenantCacheMs: 60_000 }); });
afterAll(async () => { await env?.close(); });

const label = (s: RouteSpec) => `${s.method.toUpperCase()} ${s.path}`;

function expectErrorShape(status: number, body: unknown, where: string) {
  expect(status, where).toBeGreaterThanOrEqual(400);
  expect(status, where).toBeLessThan(500);
  expect(body, where).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
}

describe('route inventory', () => {
  it('the OpenAPI document lists every mounted route, and only those', async () => {
    const doc = await (await new Browser(env.url, hosts.platform).fetch('/api/openapi.json')).json();
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const m of Object.keys(ops)) documented.add(`${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
    }
    expect([...documented].sort()).toEqual(specs.map(label).sort());
    expect(doc.openapi).toBe('3.1.0');
  });

  it('the docs page is served without any CDN', async () => {
    const html = await (await new Browser(env.url, hosts.platform).fetch('/api/docs')).text();
    expect(html).toContain('/api/openapi.json');
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
  });
});

describe('a session of tenant A on tenant B’s host', () => {
  it('is 403 on every route of B (and shows nothing of B)', async () => {
    const a = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.owner, DEMO.password);
    // The foreign cookie is cleared by each 403: send it explicitly every time.
    const onB = new Browser(env.url, hosts.coloc);
    const bearer = a.cookie!.split('=')[1]!;
    let checked = 0;
    for (const spec of specs.filter((s) => s.host !== 'platform')) {
      const path = pathOf(spec, () => A_ID);
      for (const auth of ['cookie', 'bearer'] as const) {
        const init = { method: spec.method.toUpperCase(), headers: (auth === 'bearer' ? { authorization: `Bearer ${bearer}`, cookie: '' } : { cookie: a.cookie! }) as Record<string, string>, ...(spec.body ? { json: {} } : {}) };
        const res = await onB.fetch(path, init);
        const text = await res.text();
        expect(res.status, `${label(spec)} via ${auth}`).toBe(403);
        expect(text).not.toContain("La Coloc'");
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe('hostile input on every route', () => {
  const BAD_VALUES: unknown[] = [null, true, -1, 0, 1e308, 12345678901234567890, '', ' ', 'x'.repeat(5000), '\u0000\u0007\u202e\ud800', '💥'.repeat(300), {}, [], [1, 2], { $ne: null }];
  const counts: Record<string, number> = {};

  it('answers 4xx with the error shape, never 5xx, and writes nothing', { timeout: 240_000 }, async () => {
    const tenantOwner = await new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.owner, DEMO.password);
    const admin = await new Browser(env.url, hosts.platform).login(DEMO.admin, DEMO.password);
    const doc = await (await admin.fetch('/api/openapi.json')).json();
    const before = await snapshot(env.db);
    let accepted: string[] = [];

    for (const spec of specs) {
      const who = spec.host === 'platform' ? admin : tenantOwner;
      const op = doc.paths[spec.path.replace(/:(\w+)/g, '{$1}')][spec.method];
      const bodySchema = op.requestBody?.content['application/json'].schema as { properties?: Record<string, unknown>; required?: string[] } | undefined;
      const pending: Array<() => Promise<void>> = [];
      const send = async (path: string, init: RequestInit & { json?: unknown }, what: string) => { pending.push(async () => {
        const res = await who.fetch(path, { method: spec.method.toUpperCase(), signal: AbortSignal.timeout(10_000), ...init }).catch((e) => { throw new Error(`${label(spec)} ${what}: ${e}`); });
        const body = await res.json().catch(() => null);
        counts[label(spec)] = (counts[label(spec)] ?? 0) + 1;
        if (res.status < 300) { accepted.push(`${label(spec)} ${what}`); return; }
        expectErrorShape(res.status, body, `${label(spec)} ${what} → ${res.status} ${JSON.stringify(body)?.slice(0, 200)}`);
      }); };
      const goodPath = pathOf(spec, () => A_ID);
      // Path ids of the wrong shape.
      if (spec.params) for (const bad of ['x', '../../etc/passwd', 'A'.repeat(300), '%00', '1 OR 1=1']) await send(pathOf(spec, () => bad), spec.body ? { json: {} } : {}, `param ${bad.slice(0, 20)}`);
      // Query strings out of range.
      if (spec.query) for (const q of ['limit=-1', 'limit=abc', 'limit=1000', 'cursor=%%%', `cursor=${'e'.repeat(3000)}`, 'cursor=eyJwIjoiVCN4IiwiayI6e319']) await send(`${goodPath}?${q}`, spec.body ? { json: {} } : {}, `query ${q.slice(0, 30)}`);
      if (!spec.body) { await pool(pending, 6); continue; }
      // Transport-level garbage.
      await send(goodPath, { body: '{"unterminated', headers: { 'content-type': 'application/json' } }, 'malformed JSON');
      await send(goodPath, { body: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 'form body');
      await send(goodPath, { body: JSON.stringify({}), headers: { 'content-type': 'text/plain' } }, 'text/plain');
      const big = await rawRequest(who.baseUrl + goodPath, { method: spec.method.toUpperCase(), headers: { 'content-type': 'application/json', cookie: who.cookie ?? '' }, body: 'x'.repeat(1024 * 1024 + 10) });
      counts[label(spec)] = (counts[label(spec)] ?? 0) + 1;
      expectErrorShape(big.status, JSON.parse(big.body), `${label(spec)} 1 MB body`);
      for (const v of [null, [], 'str', 42]) await send(goodPath, { json: v }, `body ${JSON.stringify(v)}`);
      // Each declared field set to each hostile value, alone (the others missing or wrong).
      for (const field of Object.keys(bodySchema?.properties ?? {})) {
        for (const v of BAD_VALUES) await send(goodPath, { json: { [field]: v } }, `${field}=${JSON.stringify(v)?.slice(0, 20)}`);
      }
      await pool(pending, 6);
    }
    // Some hostile-looking inputs are valid (an empty PATCH, an unknown email on "forgot password"):
    // those are allowed to succeed; everything else must have been refused. Only the former may write.
    accepted = accepted.filter((a) => !ALLOWED_TO_SUCCEED.some((re) => re.test(a)));
    expect(accepted).toEqual([]);
    const after = await snapshot(env.db, (i) => !WRITES_OF_ALLOWED.has(String(i.type)));
    expect(after).toEqual(before.filter((s) => !WRITES_OF_ALLOWED.has(JSON.parse(s).type)));
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(`hostile input: ${total} cases over ${Object.keys(counts).length} routes`);
    expect(total).toBeGreaterThan(500);
  });
});

/** Routes whose every field is optional (or where an empty body is meaningful): an empty or partial body may succeed. */
const ALLOWED_TO_SUCCEED = [
  /^PATCH \/api\/v1\/(tenant|me) /, /^POST \/api\/v1\/auth\/logout /, /^GET /,
];
/** Items the allowed successes above may write (a new version of the tenant or of the caller, and its audit entry). */
const WRITES_OF_ALLOWED = new Set(['Tenant', 'User', 'Session', 'Audit']);

/** Runs thunks with at most `n` in flight. */
async function pool(tasks: Array<() => Promise<void>>, n: number) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, tasks.length) }, async () => {
    while (next < tasks.length) await tasks[next++]!();
  }));
}
