export * from './spec';
export * from './common';
import * as tenant from './tenant';
import * as auth from './auth';
import * as members from './members';
import * as dev from './dev';
export { tenant, auth, members, dev };
export { signupSpaceBody, updateTenantBody } from './tenant';
export { createClient, ApiError } from './client';
