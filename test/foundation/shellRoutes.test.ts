import { describe, expect, it } from 'vitest';
import { auth, bookings, members, tenant } from '@lieu/api';
import { shellRoutes } from '../../web/src/app/shellRoutes';

/** The portal's shell calls a few routes without their specs (to keep zod out of the first load): they must be the same routes. */
describe('the portal shell’s route references', () => {
  it('name the very routes of @lieu/api (method, path, operation id)', () => {
    const specs = { getTenant: tenant.getTenant, listTenants: tenant.listTenants, me: auth.me, logout: auth.logout, updateProfile: members.updateProfile, myBookings: bookings.myBookings };
    for (const [name, ref] of Object.entries(shellRoutes)) {
      const spec = specs[name as keyof typeof specs];
      expect({ operationId: ref.operationId, method: ref.method, path: ref.path }, name).toEqual({ operationId: spec.operationId, method: spec.method, path: spec.path });
    }
    expect(Object.keys(shellRoutes).sort()).toEqual(Object.keys(specs).sort());
  });
});
