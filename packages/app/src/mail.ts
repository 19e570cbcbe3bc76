import { brandedHtml, wantsEmail, type EmailBrand, type EmailText, type Locale, type NotificationKind, type Tenant, type User } from '@lieu/core';
import type { Email, EmailAttachment, outboxRepo } from '@lieu/db';
import type { Links } from './scope';

/** What an email of a space needs beyond its words: the space (brand, language) and its absolute links. */
export interface MailCtx { tenant: Tenant; links: Links }

/** The space's brand for an email's layout. Links are absolute or left out: a mail client has no page to resolve a path against. */
export function brandOf({ tenant, links }: MailCtx): EmailBrand {
  const logo = tenant.branding.logoUrl;
  return {
    name: tenant.name, primaryColor: tenant.branding.primaryColor, address: tenant.address,
    logoUrl: logo?.startsWith('/') ? (links.origin ? links.to(logo) : null) : logo,
    preferencesUrl: links.origin ? links.to('/account') : null,
  };
}

/** The email with its HTML part in the space's brand (an email that already has one keeps it). */
export const branded = (ctx: MailCtx, l: Locale, email: Email): Email =>
  email.html ? email : { ...email, html: brandedHtml(l, brandOf(ctx), email) };

export type MailMember = Pick<User, 'email' | 'notifications' | 'locale'> | null | undefined;

/**
 * A notice to a member: nothing when they turned this kind off or have no address (erased), else the
 * email composed in their language (else the space's), branded. `member` is the member item the
 * change already read, so the preference costs no extra read.
 */
export function memberEmail(
  ctx: MailCtx, member: MailMember, kind: NotificationKind,
  compose: (l: Locale) => EmailText & { attachments?: EmailAttachment[] | undefined },
): Email | null {
  if (!wantsEmail(member, kind)) return null;
  const l = member.locale ?? ctx.tenant.locale;
  const { attachments, ...text } = compose(l);
  return branded(ctx, l, { to: member.email, ...text, ...(attachments?.length ? { attachments } : {}) });
}

type Outbox = ReturnType<typeof outboxRepo>;
/**
 * A space's outbox that gives every email the space's layout on its way in (in the space's
 * language unless the writer rendered it already, as member notices do in the member's).
 */
export function brandedOutbox(repo: Outbox, ctx: MailCtx): Outbox {
  return {
    ...repo,
    putItem: (email, now) => repo.putItem(branded(ctx, ctx.tenant.locale, email), now),
    enqueue: (email, now) => repo.enqueue(branded(ctx, ctx.tenant.locale, email), now),
  };
}

/** An iCalendar document as an email attachment. */
export const icsAttachment = (filename: string, ics: string): EmailAttachment =>
  ({ filename, contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: Buffer.from(ics, 'utf8').toString('base64') });
