import type * as z from 'zod/mini';
import type { Module, Role } from '@lieu/core';

/**
 * Who may call a route:
 * - `public`: anyone (still scoped to the host's tenant when `host` is `tenant`);
 * - `session`: any signed-in person of this host's realm;
 * - `member` / `operator` / `owner`: at least that role in this tenant;
 * - `platform`: a platform admin, on the platform host.
 */
export type Access = 'public' | 'session' | Role | 'platform';

/** Which host a route answers on: a tenant's, the platform's, or either. */
export type HostKind = 'tenant' | 'platform' | 'any';

export type Schema = z.ZodMiniType;

/**
 * A route as data: method, path, who may call it and its zod/mini schemas. The same object feeds
 * request validation (packages/http), the OpenAPI document (./openapi.ts) and the portal's typed
 * client (./client.ts). Declared here, with no I/O, so the portal can import it.
 */
export interface RouteSpec {
  operationId: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Hono-style path, e.g. `/api/v1/members/:memberId`. */
  path: string;
  summary: string;
  tags: string[];
  host: HostKind;
  access: Access;
  params?: Schema;
  query?: Schema;
  body?: Schema;
  response: Schema;
  /** Success status (200 by default). */
  status?: 200 | 201 | 202 | 204;
  /** Error statuses this route can answer besides 400 (documented in the OpenAPI document). */
  errors?: number[];
  /**
   * The route creates or moves money or capacity: it honours an `Idempotency-Key` header (a retry
   * with the same key and body gets the first answer). `true`: the HTTP layer does it for the route;
   * `'own'`: the use-case does it itself (documented the same way).
   */
  idempotent?: true | 'own';
  /**
   * The module the route belongs to (several: any one of them); absent for what every space has
   * (members, plans, settings). On a space that does not run it, the route answers 404.
   */
  module?: Module | readonly Module[];
  /**
   * A public read another website may call from its pages (the embeddable widget): the answer
   * carries `Access-Control-Allow-Origin: *`. Such a call carries no cookie, so it reads what any
   * visitor reads.
   */
  embeddable?: true;
  /** The response is not JSON (a file, a calendar); `response` then describes nothing useful. */
  contentType?: string;
}

/** Bookings (resources, availability, calendars) serve desks and rooms as well as machines. */
export const BOOKABLE = ['coworking', 'machines'] as const satisfies readonly Module[];

export const defineSpec = <const S extends RouteSpec>(s: S): S => s;

export type Out<S> = S extends z.ZodMiniType ? z.output<S> : undefined;
export type In<S> = S extends z.ZodMiniType ? z.input<S> : undefined;
