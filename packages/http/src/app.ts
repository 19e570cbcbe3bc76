import { randomUUID, timingSafeEqual } from 'node:crypto';
import { AppError } from '@lieu/core';
import type { RouteSpec } from '@lieu/api';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { toErrorResponse, zodIssuesToFields } from './errors';
import { tenantBudgets } from './budget';
import { logger } from './log';
import { actorOf, createScope, linksFor, type TenantScope } from '@lieu/app';
import { runsModule, verifiedDomain, type Tenant } from '@lieu/core';
import { answerBeforeCommit, currentRequest, type RecordedAnswer } from '@lieu/db';
import { answerToResult, runIdempotent } from './idempotency';
import type { Deps, RequestCtx, Route } from './route';
import { authorize, guardedBySession, readSession, readToken, realmOfHost } from './session';
import { createTenantResolver, hostName } from './tenancy';

export const MAX_BODY_BYTES = 1024 * 1024;
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Env = { Variables: { requestId: string; route: string } };

/**
 * Builds the hono app for a set of routes. The same function serves one area per Lambda and all
 * areas together in packages/local: request id and logs, body limit, tenant from the host, session,
 * access rule, Origin check, zod validation, then the handler; every error leaves through one mapper.
 */
export function createApp(deps: Deps, routes: Route[]) {
  const app = new Hono<Env>();
  const tenants = createTenantResolver(deps);
  const budgets = tenantBudgets(deps.tenantBudget);

  app.use('*', async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    const started = performance.now();
    await next();
    c.header('x-request-id', requestId);
    // The route's pattern, never the path: a path may carry a secret (an iCal feed's token).
    logger.info('request', {
      requestId, method: c.req.method, route: c.get('route') ?? 'unmatched', status: c.res.status,
      ms: Math.round(performance.now() - started), host: hostName(viewerHost(c, deps)),
    });
  });

  app.use('/api/*', bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => { throw new AppError('payload_too_large', 'The request body is too large (1 MB at most)'); },
  }));

  for (const route of routes) {
    app.on(route.spec.method.toUpperCase(), route.spec.path, async (c) => run(c, route));
  }

  async function run(c: Context<Env>, route: Route): Promise<Response> {
    const spec = route.spec;
    throughOrigin(c, deps);
    c.set('route', spec.path);
    const now = deps.clock();
    const hostHeader = viewerHost(c, deps);
    const host = await tenants.resolve(hostHeader, now.getTime());
    if (spec.host === 'tenant' && host.kind !== 'tenant') throw new AppError('not_found', 'This page belongs to a space: open it on the space’s address');
    if (spec.host === 'platform' && host.kind !== 'platform') throw new AppError('not_found', 'Not found on a space’s address');
    const tenant = host.kind === 'tenant' ? host.tenant : null;
    if (tenant && tenant.status === 'suspended') {
      throw new AppError('tenant_suspended', `${tenant.name} is suspended on Lieu for now; contact the platform`);
    }
    if (tenant) budgets.take(tenant.id, now.getTime());
    const realm = realmOfHost(tenant?.id ?? null);
    let scope: TenantScope | null | undefined;
    const ctx: RequestCtx = {
      deps, requestId: c.get('requestId'), now, tenant, realm,
      session: await readSession(c, deps, realm, now),
      origin: publicOrigin(deps, tenant),
      ip: clientIp(c, deps),
      hono: c,
      actor: null,
      get scope() {
        if (scope === undefined) {
          scope = tenant
            ? createScope({ db: deps.db, tenant, now, requestId: ctx.requestId, actor: ctx.actor, links: linksFor(ctx.origin), sendBudget: deps.sendBudget })
            : null;
        }
        return scope;
      },
    };
    ctx.tenantChanged = () => tenant && tenants.forget(tenant.id);
    // After the session is read (a foreign session stays a 403 everywhere), before the role: a
    // module the space does not run is absent, for anyone.
    if (spec.module && tenant && !runsModule(tenant, spec.module)) throw new AppError('not_found', 'This space does not run this module', { rule: 'module_disabled' });
    await authorize(ctx, spec.access);
    ctx.actor = ctx.session ? actorOf(ctx.session) : null;
    if (STATE_CHANGING.has(c.req.method)) checkOrigin(c, hostHeader);
    route = guardedBySession(ctx, route);
    const input = await parseInput(c, spec);
    const answer = async (): Promise<RecordedAnswer | Response> => {
      const out = await route.handler({ ...input, ctx, scope: ctx.scope } as never);
      if (out instanceof Response) return out;
      return { status: spec.status ?? 200, body: spec.status === 204 ? null : documented(spec, out, deps, ctx.requestId) };
    };
    let result: RecordedAnswer | Response;
    if (spec.idempotent === true) {
      ctx.answerEarly = (out) => answerBeforeCommit({ status: spec.status ?? 200, body: documented(spec, out, deps, ctx.requestId) });
      const bodyText = spec.body ? await c.req.text() : '';
      result = answerToResult(await runIdempotent(ctx, bodyText, answer as () => Promise<RecordedAnswer>));
    } else {
      result = await currentRequest.run({ requestId: ctx.requestId }, answer);
    }
    if (spec.embeddable) c.header('access-control-allow-origin', '*');
    if (result instanceof Response) return result;
    if (result.status === 204) return c.body(null, 204);
    return c.json(result.body as object, result.status as 200);
  }

  app.notFound((c) => toErrorResponse(c, new AppError('not_found', 'No such route'), c.get('requestId') ?? '', () => {}));
  app.onError((err, c) =>
    toErrorResponse(c, err, c.get('requestId') ?? '', (e) => logger.error('unhandled', { requestId: c.get('requestId'), error: e as Error })),
  );
  return app;
}

/**
 * What leaves the server is what the route documents: the response goes through its schema, which
 * drops any field it does not declare (a stored `version`, a payment's internal `effect`). A body
 * that does not fit its schema is our bug: an error in dev and tests, logged in production.
 */
function documented(spec: RouteSpec, out: unknown, deps: Deps, requestId: string): unknown {
  const r = spec.response.safeParse(out);
  if (r.success) return r.data;
  if (deps.devMode) throw new Error(`${spec.operationId}: response does not match its schema: ${JSON.stringify(r.error.issues.slice(0, 3))}`);
  logger.error('response_schema', { requestId, operationId: spec.operationId, issues: r.error.issues.slice(0, 3) });
  return out;
}

/**
 * Cookie-authenticated state changes must come from the same origin (CSRF). Browsers send Origin on
 * such requests (and Sec-Fetch-Site on all); a request with neither is not a browser's same-origin
 * request, so it is refused: another site's page, or another space on a sibling subdomain
 * ('same-site'), cannot act with the visitor's cookie. API clients using a Bearer token are not
 * exposed to CSRF.
 */
function checkOrigin(c: Context, host: string | undefined) {
  const token = readToken(c);
  if (token?.via !== 'cookie') return;
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  if (origin) {
    let originHost = '';
    try { originHost = new URL(origin).host.toLowerCase(); } catch { /* invalid → mismatch */ }
    if (originHost !== (host ?? '').toLowerCase()) throw new AppError('forbidden', 'Cross-origin request refused');
  } else if (site !== 'same-origin' && site !== 'none') {
    throw new AppError('forbidden', site ? 'Cross-origin request refused' : 'A request that changes something must say where it comes from (Origin)');
  }
}

/**
 * The absolute origin of a space (its verified custom domain, else its platform subdomain) or of the
 * platform, from configuration and stored settings only: a client header such as X-Forwarded-Proto or Host never shapes a link we send out.
 */
export function publicOrigin(deps: Deps, tenant: (Pick<Tenant, 'slug'> & Partial<Pick<Tenant, 'customDomain' | 'domainStatus'>>) | null): string {
  const scheme = deps.publicScheme ?? (deps.secureCookies ? 'https' : 'http');
  const port = deps.publicPort ? `:${deps.publicPort}` : '';
  // A custom domain only once verified: a pending one may not be the space's at all.
  const custom = tenant ? verifiedDomain(tenant) : undefined;
  const host = custom ?? (tenant ? `${tenant.slug}.${deps.platformDomain}` : deps.platformDomain);
  return `${scheme}://${host}${port}`;
}

/** The host the visitor asked for (see `Deps.hostHeader`). */
export const viewerHost = (c: Context, deps: Deps): string | undefined =>
  c.req.header(deps.hostHeader ?? 'host') ?? c.req.header('host');

async function parseInput(c: Context, spec: RouteSpec) {
  const params = validate(spec.params, c.req.param(), 'params');
  const query = validate(spec.query, c.req.query(), 'query');
  let body: unknown = undefined;
  if (spec.body) {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') throw new AppError('unsupported_media_type', 'Send the body as application/json');
    const text = await c.req.text();
    let raw: unknown;
    try { raw = text === '' ? undefined : JSON.parse(text); } catch {
      throw new AppError('invalid_input', 'The body is not valid JSON', { fields: [{ path: 'body', message: 'Malformed JSON' }] });
    }
    body = validate(spec.body, raw, 'body');
  }
  return { params, query, body };
}

function validate(schema: RouteSpec['params'], value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new AppError('invalid_input', `Invalid ${where === 'body' ? 'request body' : where}`, {
    fields: zodIssuesToFields(r.error.issues, where === 'body' ? '' : where),
  });
}

/**
 * In AWS every request must come through CloudFront, which adds the origin secret header (a viewer
 * cannot set it: CloudFront overwrites a header of that name); a request that reached API Gateway
 * another way is refused before anything trusts its viewer headers (host, address).
 */
function throughOrigin(c: Context, deps: Deps) {
  const secret = deps.originSecret;
  if (!secret) return;
  const given = Buffer.from(c.req.header(secret.header) ?? '');
  const expected = Buffer.from(secret.value);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError('forbidden', 'Use the platform’s address');
  }
}

/**
 * The caller's address for rate limits. Behind CloudFront (an origin secret configured), the viewer
 * address the CloudFront function wrote in `viewerIpHeader`; otherwise the address of the connection
 * itself (the local server's socket; API Gateway's source address). Never X-Forwarded-For, which a
 * client writes as it likes.
 */
export function clientIp(c: Context, deps: Pick<Deps, 'originSecret' | 'viewerIpHeader'>): string {
  if (deps.originSecret && deps.viewerIpHeader) {
    const viewer = c.req.header(deps.viewerIpHeader)?.trim();
    if (viewer && viewer.length <= 64) return viewer;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } }; event?: { requestContext?: { http?: { sourceIp?: string } } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? env?.event?.requestContext?.http?.sourceIp ?? 'unknown';
}
