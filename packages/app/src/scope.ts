import { hasRole, notFound, type Role, type Tenant, type User } from '@lieu/core';
import { localDateOf } from '@lieu/core/booking';
import {
  auditRepo, bookingsRepo, catalogueRepo, eventsRepo, memberBillingRepo, outboxRepo, paymentsRepo,
  receiptsRepo, refundsRepo, shopRepo, tenantRealm, usersRepo, type Db,
} from '@lieu/db';
import { brandedOutbox } from './mail';
import { DEFAULT_SEND_BUDGET, type SendBudget } from './sendBudget';

/** Who is asking, inside one space: their user id and role, typed once here. */
export interface Actor {
  id: string;
  role: Role;
  /** Operators and owners: the space's staff. */
  isStaff: boolean;
  isOwner: boolean;
  sessionId: string;
}

export const actorOf = (claims: { sub: string; sid: string; role: string }): Actor => {
  const role = claims.role as Role; // the token was signed by us with a Role (packages/http/src/session.ts)
  return { id: claims.sub, role, isStaff: hasRole(role, 'operator'), isOwner: role === 'owner', sessionId: claims.sid };
};

/** Absolute addresses of this space, from configuration (never from request headers). */
export interface Links {
  /** `https://machinerie.lieu.app` (locally `http://machinerie.localhost:3000`). */
  origin: string;
  /** `origin` + path (+ query). */
  to(path: string, query?: Record<string, string>): string;
}

/** The repositories of one space, bound to its id (and zone) once. Built on first use. */
export interface TenantRepos {
  readonly bookings: ReturnType<typeof bookingsRepo>;
  readonly users: ReturnType<typeof usersRepo>;
  readonly shop: ReturnType<typeof shopRepo>;
  readonly events: ReturnType<typeof eventsRepo>;
  readonly catalogue: ReturnType<typeof catalogueRepo>;
  readonly memberBilling: ReturnType<typeof memberBillingRepo>;
  readonly payments: ReturnType<typeof paymentsRepo>;
  readonly receipts: ReturnType<typeof receiptsRepo>;
  readonly refunds: ReturnType<typeof refundsRepo>;
  readonly audit: ReturnType<typeof auditRepo>;
  readonly outbox: ReturnType<typeof outboxRepo>;
}

/**
 * Everything a use-case needs to act inside one space, built once per request by the HTTP layer
 * (or by a job for each space it visits): the space, who is asking, the clock read once, the
 * space's local "today" and zone, its repositories and its absolute links. Use-cases take a scope
 * instead of a request, so they run the same behind any Lambda, the local server or a job.
 */
export interface TenantScope<A extends Actor | null = Actor | null> {
  readonly db: Db;
  readonly tenant: Tenant;
  readonly tenantId: string;
  /** The space's IANA time zone. */
  readonly zone: string;
  /** The request's instant (one clock read per request). */
  readonly now: Date;
  /** The space's local date at `now` (`YYYY-MM-DD`). */
  readonly today: string;
  readonly requestId: string;
  readonly actor: A;
  readonly repos: TenantRepos;
  readonly links: Links;
  /** Its daily email budget while new (configuration). */
  readonly sendBudget: SendBudget;
  /** A user of this space (any role), or 404: an id from another space is simply not here. */
  memberOrFail(id: string): Promise<User>;
}

/** A scope whose caller is signed in (every route whose access is not `public`). */
export type SignedScope = TenantScope<Actor>;

export interface ScopeInput<A extends Actor | null> {
  db: Db;
  tenant: Tenant;
  now: Date;
  requestId: string;
  actor: A;
  links: Links;
  sendBudget?: SendBudget | undefined;
}

export function createScope<A extends Actor | null>(input: ScopeInput<A>): TenantScope<A> {
  const { db, tenant } = input;
  const made = new Map<string, unknown>();
  const lazy = <T>(name: string, make: () => T): T => {
    if (!made.has(name)) made.set(name, make());
    return made.get(name) as T;
  };
  const repos: TenantRepos = {
    get bookings() { return lazy('bookings', () => bookingsRepo(db, tenant.id, tenant.timeZone)); },
    get users() { return lazy('users', () => usersRepo(db, tenantRealm(tenant.id))); },
    get shop() { return lazy('shop', () => shopRepo(db, tenant.id)); },
    get events() { return lazy('events', () => eventsRepo(db, tenant.id)); },
    get catalogue() { return lazy('catalogue', () => catalogueRepo(db, tenant.id)); },
    get memberBilling() { return lazy('memberBilling', () => memberBillingRepo(db, tenant.id)); },
    get payments() { return lazy('payments', () => paymentsRepo(db, tenant.id)); },
    get receipts() { return lazy('receipts', () => receiptsRepo(db, tenant.id)); },
    get refunds() { return lazy('refunds', () => refundsRepo(db, tenant.id)); },
    get audit() { return lazy('audit', () => auditRepo(db, tenant.id)); },
    get outbox() { return lazy('outbox', () => brandedOutbox(outboxRepo(db, tenantRealm(tenant.id)), { tenant, links: input.links })); },
  };
  return {
    db, tenant, tenantId: tenant.id, zone: tenant.timeZone, now: input.now,
    today: localDateOf(input.now.getTime(), tenant.timeZone),
    requestId: input.requestId, actor: input.actor, repos, links: input.links,
    sendBudget: input.sendBudget ?? DEFAULT_SEND_BUDGET,
    async memberOrFail(id: string) {
      const u = await repos.users.get(id);
      if (!u || u.tenantId !== tenant.id) throw notFound('Member');
      return u;
    },
  };
}

/** Absolute links of a host: `scheme://host[:port]`, all three from configuration. */
export function linksFor(origin: string): Links {
  return {
    origin,
    to(path, query) {
      const q = query ? `?${new URLSearchParams(query).toString()}` : '';
      return `${origin}${path}${q}`;
    },
  };
}
