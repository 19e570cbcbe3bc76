import { bookingEmails, bookingIcs, type EmailText } from '@lieu/core';
import { cancelDeadlineOf, type Booking } from '@lieu/core/booking';
import type { Email } from '@lieu/db';
import { icsAttachment, memberEmail, type MailCtx, type MailMember } from '../mail';
import type { TenantScope } from '../scope';

export type BookingMail =
  | { kind: 'bookingConfirmed'; booking: Booking; series?: { booked: Booking[]; refused: number } }
  | { kind: 'bookingCancelled'; booking: Booking; staffReason: string | null }
  | { kind: 'bookingMoved'; before: Booking; booking: Booking };

/**
 * The outbox item of a booking email to its member, for the change's own transaction (so the email
 * leaves exactly when the change is stored), in the member's language (else the space's, as the
 * account emails) and the space's zone, with the booking as an .ics file. Nothing when the member
 * turned this kind off or has no address (erased). `member` is the member item the change already
 * read: the preference costs no extra read.
 */
export function bookingMailPut(scope: TenantScope, member: MailMember, mail: BookingMail) {
  const email = bookingEmail(scope, member, mail);
  return email ? scope.repos.outbox.putItem(email, scope.now) : null;
}

/** The email itself (see `bookingMailPut`), for a writer without a scope: the payment webhook. */
export function bookingEmail(ctx: MailCtx & { zone: string; now: Date }, member: MailMember, mail: BookingMail): Email | null {
  const { tenant, zone } = ctx;
  return memberEmail(ctx, member, mail.kind, (l) => {
    const b = mail.booking;
    const series = mail.kind === 'bookingConfirmed' ? mail.series : undefined;
    const text: EmailText = series
      ? bookingEmails.series(l, tenant.name, zone, series.booked, series.refused)
      : mail.kind === 'bookingConfirmed'
      ? bookingEmails.confirmed(l, tenant.name, zone, b, b.cancelBeforeHours ? cancelDeadlineOf(b, b.cancelBeforeHours) : null)
      : mail.kind === 'bookingCancelled'
        ? bookingEmails.cancelled(l, tenant.name, zone, b, mail.staffReason)
        : bookingEmails.moved(l, tenant.name, zone, mail.before, b);
    const ics = bookingIcs((series?.booked ?? [b]).map((x) => ({
      uid: `${x.id}@${tenant.slug}.lieu`, version: x.version, summary: `${x.resourceName} — ${tenant.name}`,
      start: x.start, end: x.end, cancelled: mail.kind === 'bookingCancelled',
    })), ctx.now);
    return { ...text, attachments: [icsAttachment(l === 'fr' ? 'reservation.ics' : 'booking.ics', ics)] };
  });
}

