import { ApiError, createClient, type In, type Out, type RouteSpec } from '@lieu/api';
import { QueryClient, useMutation, useQuery, type UseQueryOptions } from '@tanstack/react-query';
import { i18n, type KeyOf } from './messages';
import { shellRoutes } from './shellRoutes';

/** The one typed client of the portal: same origin, the session cookie rides along. */
// Writes that create or move money or capacity carry one Idempotency-Key per user action, and a
// lost connection or a busy server is retried with it twice: a member tapping "Book" on a flaky
// phone network books once.
const client = createClient({ retries: 2 });

/**
 * A route's input and output, read from its spec. `@lieu/api`'s own `Input` asks for `params` on
 * routes that declare none (it indexes a missing key, which TypeScript reads as `unknown`), so the
 * portal states the same shape by asking whether the spec *has* each part.
 */
export type CallInput<S extends RouteSpec> = (S extends { params: infer P } ? { params: In<P> } : {}) &
  (S extends { query: infer Q } ? { query?: Partial<In<Q>> } : {}) &
  (S extends { body: infer B } ? { body: In<B> } : {});
export type CallOutput<S extends RouteSpec> = Out<S['response']>;

/** Calls one API route through the typed client; fails with an `ApiError` carrying the API's error. */
export function call<S extends RouteSpec>(spec: S, ...input: {} extends CallInput<S> ? [CallInput<S>?] : [CallInput<S>]): Promise<CallOutput<S>> {
  return client.call(spec, (input[0] ?? {}) as never) as Promise<CallOutput<S>>;
}

/** A query's cache key: the route's operation id and its input, so two specs never share an entry. */
export const keyOf = (spec: RouteSpec, input?: unknown) => (input === undefined ? [spec.operationId] : [spec.operationId, input]);

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A 4xx will not get better by asking again; network errors and 5xx get two more tries.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});

/** `useQuery` over one API route: typed input and output come from the spec. */
export function useApiQuery<S extends RouteSpec>(
  spec: S,
  input?: CallInput<S>,
  options: Omit<UseQueryOptions<CallOutput<S>, Error>, 'queryKey' | 'queryFn'> = {},
) {
  return useQuery<CallOutput<S>, Error>({
    queryKey: keyOf(spec, input),
    queryFn: () => call(spec, ...([input] as [CallInput<S>])),
    ...options,
  });
}

/** `useMutation` over one API route. */
export function useApiMutation<S extends RouteSpec>(spec: S, onSuccess?: (out: CallOutput<S>, input: CallInput<S>) => void) {
  return useMutation<CallOutput<S>, Error, CallInput<S>>({
    mutationFn: (input) => call(spec, ...([input] as [CallInput<S>])),
    ...(onSuccess ? { onSuccess } : {}),
  });
}

export type ErrorKey = KeyOf<'errors'>;

/**
 * What a person should read for a failed call: the words of the API error's `reason` in the
 * `errors` catalogue, else of its coarse `code`, with the error's `params` in the placeholders.
 * The server's English `message` is for developers: it is never read here. The `errors` catalogue
 * must be loaded (`usePageI18n('errors')`, as `ErrorNote` does).
 */
export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return i18n._(error instanceof TypeError ? 'err.network' : 'err.unknown');
  const known = (k: string) => i18n.messages[k] !== undefined;
  const key = [`err.${error.reason}`, `err.${error.code}`].find(known) ?? 'err.unknown';
  return i18n._(key, error.params);
}

export { ApiError };

/**
 * After signing in or out: what was cached belongs to someone else. Unused entries are dropped and
 * the ones on screen (the space, "who am I") are fetched again. Removing the on-screen entries
 * instead would detach their observers from the cache, and later invalidations would miss them.
 */
export function forgetSession(): void {
  queryClient.removeQueries({ type: 'inactive' });
  void queryClient.invalidateQueries({ type: 'active' });
}

/**
 * After signing in: as `forgetSession`, but "who am I" is asked first and the next page waits for
 * its answer. Otherwise that page would render once with the anonymous visitor's answer still
 * cached, and the logged-out header and invitation to join would flash before the person's name.
 */
export async function startSession(): Promise<void> {
  const me = shellRoutes.me;
  queryClient.removeQueries({ type: 'inactive' });
  await queryClient.fetchQuery({ queryKey: keyOf(me), queryFn: () => call(me), staleTime: 0 }).catch(() => undefined);
  void queryClient.invalidateQueries({ type: 'active', predicate: (q) => q.queryKey[0] !== me.operationId });
}
