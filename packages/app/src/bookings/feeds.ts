import { notFound, runsModule } from '@lieu/core';
import type { SignedScope, TenantScope } from '../scope';
import { presentBooking } from './present';

/**
 * The iCal feeds (RFC 5545, polled by calendar apps): a member's bookings behind a secret, revocable
 * URL, and a resource's busy times. The adapter makes the token and writes the iCalendar text.
 */

export interface FeedEvent { id: string; start: string; end: string; summary: string; description?: string; cancelled?: boolean }
export interface Feed { name: string; zone: string; events: FeedEvent[]; filename: string }

/** A booking's status in the space's language (a calendar app shows it as is). */
const STATUS_WORDS: Record<string, Record<string, string>> = {
  fr: { held: 'En attente de paiement', confirmed: 'Confirmée', cancelled: 'Annulée', checked_in: 'Présence enregistrée', no_show: 'Absent·e' },
  en: { held: 'Awaiting payment', confirmed: 'Confirmed', cancelled: 'Cancelled', checked_in: 'Checked in', no_show: 'No-show' },
};
const statusWords = (locale: string, status: string) => (STATUS_WORDS[locale] ?? STATUS_WORDS.en)![status] ?? status;

const REGISTRATION_WORDS: Record<string, Record<string, string>> = {
  fr: { registered: 'Inscription confirmée', waitlisted: 'Sur liste d’attente' },
  en: { registered: 'Registration confirmed', waitlisted: 'On the waitlist' },
};

/**
 * The events the member holds a place at (or waits for), from `since` to `until`: the space's events
 * in that range (one Query), then the member's live registrations among them (BatchGetItem). A
 * cancelled event cancels its registrations, so it leaves the feed (calendar apps then drop it).
 */
async function myEventRegistrations(scope: TenantScope, memberId: string, since: Date, until: Date): Promise<FeedEvent[]> {
  if (!runsModule(scope.tenant, 'events')) return [];
  const events = await scope.repos.events.all(since.toISOString(), until.toISOString());
  if (events.length === 0) return [];
  const mine = await scope.repos.events.registrationsOf(events.map((e) => e.id), `M#${memberId}`);
  const words = REGISTRATION_WORDS[scope.tenant.locale] ?? REGISTRATION_WORDS.en!;
  return mine.flatMap((r) => {
    const e = events.find((x) => x.id === r.eventId);
    if (!e || r.status === 'cancelled' || e.status === 'cancelled') return [];
    return [{ id: `${r.id}@${scope.tenant.slug}.lieu`, start: e.start, end: e.end, summary: `${e.title} — ${scope.tenant.name}`, description: words[r.status]! }];
  });
}

/** Replaces the caller's feed token by `tokenHash` (the old URL stops working), or revokes it (`null`). */
export async function setMyFeedToken(scope: SignedScope, tokenHash: string | null): Promise<void> {
  await scope.repos.bookings.setFeedToken(scope.actor.id, tokenHash, scope.now);
}

/** The member's bookings from 30 days back, for its feed; 404 for an unknown or revoked token, or an account no longer active. */
export async function memberFeed(scope: TenantScope, tokenHash: string): Promise<Feed> {
  const userId = await scope.repos.bookings.memberOfFeed(tokenHash);
  if (!userId) throw notFound('Calendar');
  const { tenant } = scope;
  const since = new Date(scope.now.getTime() - 30 * 86_400_000);
  const until = new Date(scope.now.getTime() + 180 * 86_400_000);
  const [member, page, registrations] = await Promise.all([
    scope.repos.users.get(userId),
    scope.repos.bookings.forMember(userId, 'upcoming', since, 100),
    myEventRegistrations(scope, userId, since, until),
  ]);
  // A suspended or closed account's feed stops, like its sessions: the URL is a credential too.
  if (!member || member.status !== 'active') throw notFound('Calendar');
  const items = page.items.map((b) => presentBooking(scope, b));
  const events: FeedEvent[] = items.map((b) => ({
    id: `${b.id}@${tenant.slug}.lieu`, start: b.start, end: b.end, summary: `${b.resourceName} — ${tenant.name}`,
    description: statusWords(tenant.locale, b.status), cancelled: b.status === 'cancelled',
  }));
  events.push(...registrations);
  return { name: `${tenant.name} — ${tenant.locale === 'fr' ? 'mes réservations' : 'my bookings'}`, zone: scope.zone, events, filename: 'bookings' };
}

/** A resource's busy times, a week back and 90 days ahead; they name no one (a feed may hang on a door screen). */
export async function resourceFeed(scope: TenantScope, resourceId: string): Promise<Feed> {
  const resource = await scope.repos.bookings.getResource(resourceId);
  if (!resource || !resource.active) throw notFound('Resource');
  const { tenant } = scope;
  const from = new Date(scope.now.getTime() - 7 * 86_400_000).toISOString();
  const to = new Date(scope.now.getTime() + 90 * 86_400_000).toISOString();
  const busy = (await scope.repos.bookings.forResource(resource.id, from, to)).map((b) => presentBooking(scope, b)).filter((b) => b.status !== 'cancelled');
  const events = busy.map((b) => ({ id: `${b.id}@${tenant.slug}.lieu`, start: b.start, end: b.end, summary: tenant.locale === 'fr' ? 'Réservé' : 'Booked' }));
  return { name: `${resource.name} — ${tenant.name}`, zone: scope.zone, events, filename: resource.id };
}
