import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

/**
 * Checks every answer of the black-box suites against the OpenAPI document the server itself
 * serves (`/api/openapi.json`): a success body must match its route's documented response schema
 * (so an internal field such as `version` that leaks out fails the test that saw it), an error body
 * the one documented error shape, and a status the route does not document fails too (5xx always).
 */
interface Operation { pattern: RegExp; method: string; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }
interface Checker { ops: Operation[]; validators: Map<string, ValidateFunction>; ajv: Ajv2020; doc: { components?: { schemas?: Record<string, unknown> } } }

const checkers = new Map<string, Promise<Checker>>();

async function load(origin: string, fetcher: typeof fetch): Promise<Checker> {
  const doc = await (await fetcher(`${origin}/api/openapi.json`)).json() as {
    paths: Record<string, Record<string, Operation['responses'] extends infer R ? { responses: R } : never>>;
    components?: { schemas?: Record<string, unknown> };
  };
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: 'lieu:components', components: doc.components ?? {} });
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    const pattern = new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, (ch) => (ch === '{' || ch === '}' ? ch : `\\${ch}`)).replace(/\{[^}]+\}/g, '[^/]+')}$`);
    for (const [method, op] of Object.entries(methods)) ops.push({ pattern, method: method.toUpperCase(), responses: op.responses });
  }
  // Literal paths before templated ones (`/bookings/mine` before `/bookings/{id}`).
  ops.sort((a, b) => (a.pattern.source.match(/\[\^\/\]\+/g)?.length ?? 0) - (b.pattern.source.match(/\[\^\/\]\+/g)?.length ?? 0));
  return { ops, validators: new Map(), ajv, doc };
}

const rewriteRefs = (schema: unknown): unknown => JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"lieu:components#/components/'));

export async function checkAgainstOpenApi(url: string, method: string, res: Response, fetcher: typeof fetch): Promise<void> {
  const u = new URL(url);
  if (!u.pathname.startsWith('/api/') || u.pathname === '/api/openapi.json' || u.pathname.startsWith('/api/v1/dev/') || u.pathname === '/api/docs') return;
  if (u.pathname.startsWith('/api/media/')) return; // uploaded files (signed URLs), not API operations
  const origin = `${u.protocol}//${u.host}`;
  const port = u.port;
  if (!checkers.has(port)) checkers.set(port, load(origin, fetcher));
  const checker = await checkers.get(port)!;
  const op = checker.ops.find((o) => o.method === method.toUpperCase() && o.pattern.test(u.pathname));
  const status = res.status;
  const where = `${method.toUpperCase()} ${u.pathname} → ${status}`;
  if (status >= 500 && status !== 503) throw new Error(`OpenAPI check: ${where}: a server error`);
  if (!op) {
    if (status === 404 || status === 405) return; // no such route: the generic not-found answer
    throw new Error(`OpenAPI check: ${where}: the document has no such operation`);
  }
  const declared = op.responses[String(status)];
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  let schema: unknown;
  if (declared) {
    const content = declared.content?.[type] ?? declared.content?.['application/json'];
    if (!declared.content) { if (status === 204 || status === 302 || status === 303) return; }
    if (type !== 'application/json') return; // files, calendars, CSV: described as strings
    schema = content?.schema;
  } else if (status >= 400) {
    // Access and tenancy errors (401/403/404/409/413/415/429/503) can answer any route; they all take the one error shape.
    schema = { $ref: '#/components/schemas/Error' };
  } else if (status === 302 || status === 303 || status === 304) {
    return;
  } else {
    throw new Error(`OpenAPI check: ${where}: status not documented for this operation`);
  }
  if (!schema || type !== 'application/json') return;
  const key = `${op.method} ${op.pattern.source} ${status}`;
  let validate = checker.validators.get(key);
  if (!validate) {
    validate = checker.ajv.compile(rewriteRefs(schema) as object);
    checker.validators.set(key, validate);
  }
  const text = await res.clone().text();
  if (text === '') return;
  const body: unknown = JSON.parse(text);
  if (!validate(body)) {
    const errors = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`).join('; ');
    throw new Error(`OpenAPI check: ${where}: the body does not match the documented schema: ${errors}`);
  }
}
