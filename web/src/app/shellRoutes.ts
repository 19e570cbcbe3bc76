import type { auth, bookings, members, tenant } from '@lieu/api';

/**
 * The routes the shell and the home page call, as the client needs them: method, path and
 * operation id (the query cache's key), typed as the very specs of `@lieu/api`. The specs carry
 * their zod schemas, which would pull zod and every schema into a member's first load; these
 * references do not. Lazy pages use the specs themselves (same operation ids, so the cache is
 * shared). `test/foundation/shellRoutes.test.ts` checks that each reference matches its spec.
 */
const ref = <S>(r: { operationId: string; method: string; path: string }): S => r as S;

export const shellRoutes = {
  getTenant: ref<typeof tenant.getTenant>({ operationId: 'getTenant', method: 'get', path: '/api/v1/tenant' }),
  listTenants: ref<typeof tenant.listTenants>({ operationId: 'listTenants', method: 'get', path: '/api/v1/platform/tenants' }),
  me: ref<typeof auth.me>({ operationId: 'me', method: 'get', path: '/api/v1/auth/me' }),
  logout: ref<typeof auth.logout>({ operationId: 'logout', method: 'post', path: '/api/v1/auth/logout' }),
  updateProfile: ref<typeof members.updateProfile>({ operationId: 'updateProfile', method: 'patch', path: '/api/v1/me' }),
  myBookings: ref<typeof bookings.myBookings>({ operationId: 'myBookings', method: 'get', path: '/api/v1/me/bookings' }),
};
