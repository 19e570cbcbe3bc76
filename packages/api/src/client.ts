import type { In, Out, RouteSpec, Schema } from './spec';

/** A failed call, with the API's error body. */
export class ApiError extends Error {
  /** The precise cause (one of core's `ERROR_REASONS`; the code itself when nothing more precise applies). */
  readonly reason: string;
  /** What a message about it needs (`{deadline}`, `{count}`). */
  readonly params: Record<string, string | number>;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    extra: { reason?: string | undefined; params?: Record<string, string | number> | undefined } = {},
  ) {
    super(message);
    this.reason = extra.reason ?? (typeof details?.rule === 'string' ? details.rule : code);
    this.params = extra.params ?? {};
  }
}

/** What a call needs: `params`, `query` and `body` exactly when the route declares them. */
type Input<S extends RouteSpec> = (S extends { params: infer P extends Schema } ? { params: In<P> } : {}) &
  (S extends { query: infer Q extends Schema } ? { query?: Partial<In<Q>> } : {}) &
  (S extends { body: infer B extends Schema } ? { body: In<B> } : {});

export interface ClientOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
  headers?: Record<string, string>;
  /**
   * Safe retries of the routes that honour an Idempotency-Key: each call gets its own key, and a
   * network failure, a 503 or a "still processing" 409 is sent again with that key, up to this many
   * more times (the server answers a repeat with the first answer, so nothing is done twice).
   */
  retries?: number;
}

/** One key per call (= per user action); 128 random bits. */
function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The typed client: `call(spec, input)` builds the URL from the spec's path, sends the body as
 * JSON and returns the spec's response type. Used by the portal and by the black-box tests, so a
 * change to a route's schema breaks its callers at compile time.
 */
export function createClient(opts: ClientOptions = {}) {
  const f = opts.fetch ?? fetch;
  return {
    async call<S extends RouteSpec>(spec: S, input: Input<S> = {} as Input<S>): Promise<Out<S['response']>> {
      const i = input as { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown };
      let path = spec.path.replace(/:(\w+)/g, (_, k: string) => encodeURIComponent(String(i.params?.[k] ?? '')));
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(i.query ?? {})) if (v !== undefined && v !== null) qs.set(k, String(v));
      if ([...qs].length) path += `?${qs}`;
      const retries = spec.idempotent ? (opts.retries ?? 0) : 0;
      const key = retries > 0 ? newIdempotencyKey() : undefined;
      const send = () => f(`${opts.baseUrl ?? ''}${path}`, {
        method: spec.method.toUpperCase(),
        credentials: 'same-origin',
        headers: { ...(i.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(key ? { 'idempotency-key': key } : {}), ...opts.headers },
        ...(i.body !== undefined ? { body: JSON.stringify(i.body) } : {}),
      });
      let res: Response;
      for (let attempt = 0; ; attempt++) {
        try {
          res = await send();
        } catch (networkError) {
          if (attempt >= retries) throw networkError;
          await pause(300 * 2 ** attempt);
          continue;
        }
        const busy = res.status === 503 || (res.status === 409 && res.headers.get('retry-after') !== null);
        if (!busy || attempt >= retries) break;
        await pause(Math.max(300 * 2 ** attempt, 1000 * Number(res.headers.get('retry-after') ?? 0)));
      }
      if (res.status === 204) return undefined as Out<S['response']>;
      type ErrorBody = { code: string; reason?: string; params?: Record<string, string | number>; message: string; details?: Record<string, unknown> };
      const data = (await res.json().catch(() => null)) as { error?: ErrorBody } | null;
      if (!res.ok) {
        const e = data?.error;
        throw new ApiError(res.status, e?.code ?? 'http_error', e?.message ?? res.statusText, e?.details, { reason: e?.reason, params: e?.params });
      }
      return data as Out<S['response']>;
    },
  };
}
export type ApiClient = ReturnType<typeof createClient>;
