import type { AuditFilter } from '@lieu/db';
import type { SignedScope } from '../scope';

/** The space's audit log for its staff, newest first. */
export const listAudit = (scope: SignedScope, filter: AuditFilter, limit: number, cursor?: string) =>
  scope.repos.audit.list(filter, limit, cursor);
