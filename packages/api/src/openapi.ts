import * as z from 'zod/mini';
import { errorSchema } from './common';
import type { RouteSpec } from './spec';

/**
 * Builds the OpenAPI 3.1 document from the route declarations, with zod's own JSON Schema output
 * (2020-12, the dialect of OpenAPI 3.1). Runs in the local server and at build time, never in a Lambda.
 */
export function buildOpenApi(specs: RouteSpec[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  const toSchema = (s: z.ZodMiniType, io: 'input' | 'output') => {
    const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
    return rest;
  };
  const errorRef = { $ref: '#/components/schemas/Error' };
  for (const s of specs) {
    const path = s.path.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [['path', s.params], ['query', s.query]] as const) {
      if (!schema) continue;
      const js = toSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, prop] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: prop });
      }
    }
    if (s.idempotent) {
      parameters.push({
        name: 'Idempotency-Key', in: 'header', required: false,
        description: 'One key per user action (8–100 letters, digits, - or _): a retry with the same key and body gets the first answer for 24 h; the same key with another body is a 422.',
        schema: { type: 'string', pattern: '^[\\w-]{8,100}$' },
      });
    }
    const responses: Record<string, unknown> = {
      [String(s.status ?? 200)]: s.status === 204
        ? { description: 'Done' }
        : { description: 'Success', content: { [s.contentType ?? 'application/json']: { schema: s.contentType ? { type: 'string' } : toSchema(s.response, 'output') } } },
    };
    // A module's route is absent (404) on a space that does not run the module.
    const errors = s.module && !(s.errors ?? []).includes(404) ? [...(s.errors ?? []), 404] : (s.errors ?? []);
    for (const code of [400, ...errors]) responses[String(code)] = { description: ERROR_TEXT[code] ?? 'Error', content: { 'application/json': { schema: errorRef } } };
    (paths[path] ??= {})[s.method] = {
      operationId: s.operationId, summary: s.summary, tags: s.tags,
      'x-lieu-access': s.access, 'x-lieu-host': s.host,
      ...(s.embeddable ? { 'x-lieu-embeddable': true } : {}),
      ...(s.module ? { 'x-lieu-module': typeof s.module === 'string' ? [s.module] : s.module } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(s.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(s.body, 'input') } } } } : {}),
      responses,
      ...(s.access !== 'public' ? { security: [{ session: [] }, { bearer: [] }] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: { ...info, description: 'The Lieu API. Every route answers on a space’s own host (`<slug>.<domain>`) unless marked as a platform route.' },
    paths,
    components: {
      schemas: { Error: toSchema(errorSchema, 'output') },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'lieu_session' },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
    },
  };
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input', 401: 'Not signed in', 403: 'Not allowed (role, tenant or suspended space)', 404: 'Not found in this space',
  409: 'Conflict', 413: 'Body too large', 415: 'Not JSON', 422: 'A business rule refused it', 429: 'Too many requests', 503: 'Busy, retry',
};
