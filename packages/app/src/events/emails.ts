import { bookingIcs, type EmailText, type Locale } from '@lieu/core';
import { localIso } from '@lieu/core/booking';
import type { EventRecord, Registration } from '@lieu/core/events';
import type { Email } from '@lieu/db';
import { icsAttachment, memberEmail, type MailMember } from '../mail';
import type { TenantScope } from '../scope';

/** The emails of the events area, in the space's language and zone (the outbox sends them). */
const when = (l: Locale, start: string, zone: string) => {
  const [date, time] = localIso(Date.parse(start), zone).slice(0, 16).split('T');
  return l === 'fr' ? `le ${date} à ${time}` : `on ${date} at ${time}`;
};

type Ctx = { locale: Locale; space: string; zone: string };

export const eventEmails = {
  registered: ({ locale: l, space, zone }: Ctx, title: string, start: string): EmailText =>
    l === 'fr'
      ? { subject: `Inscription confirmée : ${title}`, text: `Bonjour,\n\nVous êtes inscrit·e à « ${title} » ${when(l, start, zone)} — ${space}.\n\nÀ bientôt !` }
      : { subject: `You are registered: ${title}`, text: `Hello,\n\nYou are registered for "${title}" ${when(l, start, zone)} — ${space}.\n\nSee you soon!` },
  waitlisted: ({ locale: l, space, zone }: Ctx, title: string, start: string, position: number): EmailText =>
    l === 'fr'
      ? { subject: `Liste d'attente : ${title}`, text: `Bonjour,\n\n« ${title} » ${when(l, start, zone)} est complet. Vous êtes sur la liste d'attente (position ${position}) : nous vous écrirons dès qu'une place se libère.\n\n— ${space}` }
      : { subject: `Waitlist: ${title}`, text: `Hello,\n\n"${title}" ${when(l, start, zone)} is full. You are on the waitlist (position ${position}): we will write as soon as a place frees up.\n\n— ${space}` },
  promoted: ({ locale: l, space, zone }: Ctx, title: string, start: string): EmailText =>
    l === 'fr'
      ? { subject: `Une place s'est libérée : ${title}`, text: `Bonjour,\n\nBonne nouvelle : une place s'est libérée et vous êtes maintenant inscrit·e à « ${title} » ${when(l, start, zone)} — ${space}.\n\nSi vous ne pouvez plus venir, annulez pour laisser la place à la personne suivante.` }
      : { subject: `A place freed up: ${title}`, text: `Hello,\n\nGood news: a place freed up and you are now registered for "${title}" ${when(l, start, zone)} — ${space}.\n\nIf you cannot come any more, cancel so the next person gets the place.` },
  eventCancelled: ({ locale: l, space, zone }: Ctx, title: string, start: string): EmailText =>
    l === 'fr'
      ? { subject: `Annulé : ${title}`, text: `Bonjour,\n\nNous sommes désolés : « ${title} » prévu ${when(l, start, zone)} est annulé.\n\n— ${space}` }
      : { subject: `Cancelled: ${title}`, text: `Hello,\n\nWe are sorry: "${title}" planned ${when(l, start, zone)} is cancelled.\n\n— ${space}` },
  confirmVisitor: ({ locale: l, space, zone }: Ctx, title: string, start: string, url: string): EmailText =>
    l === 'fr'
      ? { subject: `Confirmez votre inscription : ${title}`, text: `Bonjour,\n\nPour confirmer votre inscription à « ${title} » ${when(l, start, zone)} — ${space}, ouvrez ce lien dans les 24 heures :\n\n${url}\n\nSans confirmation, aucune place n'est réservée. Si vous n'avez rien demandé, ignorez ce message.` }
      : { subject: `Confirm your registration: ${title}`, text: `Hello,\n\nTo confirm your registration for "${title}" ${when(l, start, zone)} — ${space}, open this link within 24 hours:\n\n${url}\n\nWithout confirmation no place is held. If you did not ask for this, ignore this message.` },
};

export const emailContext = (s: { tenant: { locale: Locale; name: string }; zone: string }): Ctx => ({ locale: s.tenant.locale, space: s.tenant.name, zone: s.zone });

/** Who a registration email goes to: a member (their language and choices) or a visitor (the space's language). */
export type Registrant = MailMember & { email: string };

/**
 * A registration's email to its person, in their language: registered or promoted from the waitlist
 * (each with the event as an .ics, the UID of the member's calendar feed), or put on the waitlist.
 * Nothing when the member turned this kind off. Visitors always get theirs: they asked for it.
 */
export function registrationEmail(
  scope: TenantScope, e: EventRecord, r: Registration, to: Registrant,
  what: { kind: 'registered' | 'promoted' } | { kind: 'waitlisted'; position: number },
): Email | null {
  const ctx = (l: Locale): Ctx => ({ locale: l, space: scope.tenant.name, zone: scope.zone });
  return memberEmail(scope, to, what.kind === 'promoted' ? 'eventPromoted' : 'eventRegistered', (l) => {
    if (what.kind === 'waitlisted') return eventEmails.waitlisted(ctx(l), e.title, e.start, what.position);
    const ics = bookingIcs({
      uid: `${r.id}@${scope.tenant.slug}.lieu`, version: r.version, summary: `${e.title} — ${scope.tenant.name}`,
      ...(e.placeName ? { description: e.placeName } : {}), start: e.start, end: e.end, cancelled: false,
    }, scope.now);
    return {
      ...(what.kind === 'registered' ? eventEmails.registered(ctx(l), e.title, e.start) : eventEmails.promoted(ctx(l), e.title, e.start)),
      attachments: [icsAttachment(l === 'fr' ? 'evenement.ics' : 'event.ics', ics)],
    };
  });
}
