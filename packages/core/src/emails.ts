import type { Address, Locale } from './tenant';

/** The text of the emails the platform sends, in the reader's language. Pure: the outbox sends them. */
export interface EmailText { subject: string; text: string }

/** "As a member", written out per language (French elides "que" before a vowel). */
const AS_ROLE: Record<Locale, Record<'owner' | 'operator' | 'member', string>> = {
  fr: { member: 'en tant que membre', operator: 'en tant qu’opérateur·rice', owner: 'en tant que responsable' },
  en: { member: 'as a member', operator: 'as an operator', owner: 'as an owner' },
};

export const emails = {
  magicLink: (l: Locale, space: string, url: string): EmailText =>
    l === 'fr'
      ? { subject: `Votre lien de connexion à ${space}`, text: `Bonjour,\n\nCliquez sur ce lien pour vous connecter à ${space} (valable 15 minutes, une seule fois) :\n${url}\n\nSi vous n'avez rien demandé, ignorez ce message.` }
      : { subject: `Your sign-in link for ${space}`, text: `Hello,\n\nClick this link to sign in to ${space} (valid for 15 minutes, once):\n${url}\n\nIf you did not ask for it, ignore this message.` },
  passwordReset: (l: Locale, space: string, url: string): EmailText =>
    l === 'fr'
      ? { subject: `Réinitialiser votre mot de passe — ${space}`, text: `Bonjour,\n\nPour choisir un nouveau mot de passe (lien valable 1 heure) :\n${url}\n\nSi vous n'avez rien demandé, ignorez ce message.` }
      : { subject: `Reset your password — ${space}`, text: `Hello,\n\nTo choose a new password (link valid for 1 hour):\n${url}\n\nIf you did not ask for it, ignore this message.` },
  /** The role in words, never its code: "membre", not "member". */
  invitation: (l: Locale, space: string, role: 'owner' | 'operator' | 'member', url: string): EmailText =>
    l === 'fr'
      ? { subject: `Invitation à rejoindre ${space}`, text: `Bonjour,\n\nVous êtes invité·e à rejoindre ${space} ${AS_ROLE.fr[role]}. Créez votre compte ici (lien valable 7 jours) :\n${url}` }
      : { subject: `You are invited to join ${space}`, text: `Hello,\n\nYou are invited to join ${space} ${AS_ROLE.en[role]}. Create your account here (link valid for 7 days):\n${url}` },
  confirmSignup: (l: Locale, space: string, url: string): EmailText =>
    l === 'fr'
      ? { subject: `Confirmez votre inscription à ${space}`, text: `Bonjour,\n\nPour créer votre compte à ${space}, ouvrez ce lien (valable 24 heures, une seule fois) :\n${url}\n\nSi vous n'avez rien demandé, ignorez ce message : aucun compte ne sera créé.` }
      : { subject: `Confirm your sign-up to ${space}`, text: `Hello,\n\nTo create your account at ${space}, open this link (valid for 24 hours, once):\n${url}\n\nIf you did not ask for it, ignore this message: no account will be created.` },
  /** Sent instead of a confirmation when the address already has an account: the sign-up page answers the same. */
  accountExists: (l: Locale, space: string, loginUrl: string, resetUrl: string): EmailText =>
    l === 'fr'
      ? { subject: `Vous avez déjà un compte à ${space}`, text: `Bonjour,\n\nQuelqu'un (vous, sans doute) a voulu créer un compte à ${space} avec cette adresse, qui en a déjà un. Connectez-vous : ${loginUrl}\nMot de passe oublié : ${resetUrl}\n\nSi vous n'avez rien demandé, ignorez ce message.` }
      : { subject: `You already have an account at ${space}`, text: `Hello,\n\nSomeone (you, probably) tried to create an account at ${space} with this address, which already has one. Sign in: ${loginUrl}\nForgot your password: ${resetUrl}\n\nIf you did not ask for it, ignore this message.` },
  welcome: (l: Locale, space: string, url: string): EmailText =>
    l === 'fr'
      ? { subject: `Bienvenue à ${space}`, text: `Bonjour,\n\nVotre compte à ${space} est prêt : ${url}` }
      : { subject: `Welcome to ${space}`, text: `Hello,\n\nYour account at ${space} is ready: ${url}` },
};

/** A day's date in words, in the reader's language and the space's zone: « jeudi 26 novembre 2026 ». */
const longDate = (l: Locale, at: Date, timeZone: string) =>
  new Intl.DateTimeFormat(l === 'fr' ? 'fr-FR' : 'en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(at);
const clock = (l: Locale, at: Date, timeZone: string) =>
  new Intl.DateTimeFormat(l === 'fr' ? 'fr-FR' : 'en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(at);
const money = (l: Locale, cents: number, currency: string) =>
  new Intl.NumberFormat(l === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency }).format(cents / 100);
const monthName = (l: Locale, month: string) =>
  new Intl.DateTimeFormat(l === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(new Date(`${month}-01T12:00:00Z`));

/**
 * The scheduled jobs' emails (functions/jobs), kept apart from `emails` so that the HTTP Lambdas that
 * import `emails` do not bundle them. Dates and amounts are written with `Intl` in the space's zone.
 */
export const jobEmails = {
  /** The day before: one email per member listing their bookings of the next day. */
  bookingReminder: (l: Locale, space: string, timeZone: string, bookings: readonly { resourceName: string; start: string; end: string }[]): EmailText => {
    const day = longDate(l, new Date(bookings[0]!.start), timeZone);
    const lines = bookings.map((b) => `- ${b.resourceName} : ${clock(l, new Date(b.start), timeZone)} – ${clock(l, new Date(b.end), timeZone)}`).join('\n');
    return l === 'fr'
      ? { subject: `Demain à ${space} : ${bookings.length > 1 ? `vos ${bookings.length} réservations` : 'votre réservation'}`, text: `Bonjour,\n\nPetit rappel de vos réservations de demain, ${day} :\n${lines}\n\nSi vous ne venez pas, annulez-les pour laisser la place aux autres.\n\n— ${space}` }
      : { subject: `Tomorrow at ${space}: ${bookings.length > 1 ? `your ${bookings.length} bookings` : 'your booking'}`, text: `Hello,\n\nA reminder of your bookings tomorrow, ${day}:\n${lines.replaceAll(' : ', ': ')}\n\nIf you are not coming, cancel them so someone else can use the place.\n\n— ${space}` };
  },
  /** The day before an event, to each registered person. */
  eventReminder: (l: Locale, space: string, timeZone: string, title: string, start: string, place: string | undefined): EmailText => {
    const day = longDate(l, new Date(start), timeZone);
    const time = clock(l, new Date(start), timeZone);
    return l === 'fr'
      ? { subject: `Demain : ${title}`, text: `Bonjour,\n\nPetit rappel : « ${title} » a lieu demain, ${day} à ${time}${place ? ` (${place})` : ''} — ${space}.\n\nSi vous ne pouvez pas venir, annulez pour laisser votre place.` }
      : { subject: `Tomorrow: ${title}`, text: `Hello,\n\nA reminder: "${title}" takes place tomorrow, ${day} at ${time}${place ? ` (${place})` : ''} — ${space}.\n\nIf you cannot come, cancel so someone else gets your place.` };
  },
  /** A consignor's monthly statement of the CoBoutique: its lines and totals as core/shop.ts's `buildStatement` computes them. */
  consignorStatement: (
    l: Locale, space: string, month: string, currency: string,
    lines: readonly { day: string; kind: 'sale' | 'refund'; title: string; units: number; salesCents: number; netDueCents: number }[],
    t: { units: number; salesCents: number; commissionCents: number; netDueCents: number },
  ): EmailText => {
    const m = (c: number) => money(l, c, currency);
    const fr = l === 'fr';
    const rows = lines.map((x) => `- ${x.day} ${x.kind === 'refund' ? (fr ? 'remboursement ' : 'refund ') : ''}${x.title} × ${x.units} : ${m(x.salesCents)} (net ${m(x.netDueCents)})`).join('\n');
    return fr
      ? { subject: `Votre relevé de ventes ${monthName(l, month)} — ${space}`, text: `Bonjour,\n\nVoici votre relevé de dépôt-vente pour ${monthName(l, month)} :\n${rows}\n\nArticles vendus : ${t.units}\nVentes TTC : ${m(t.salesCents)}\nCommission de l'espace (TTC) : ${m(t.commissionCents)}\nNet qui vous est dû : ${m(t.netDueCents)}\n\n— ${space}` }
      : { subject: `Your sales statement for ${monthName(l, month)} — ${space}`, text: `Hello,\n\nHere is your consignment statement for ${monthName(l, month)}:\n${rows.replaceAll(' : ', ': ')}\n\nItems sold: ${t.units}\nSales incl. VAT: ${m(t.salesCents)}\nThe space's commission (incl. VAT): ${m(t.commissionCents)}\nNet due to you: ${m(t.netDueCents)}\n\n— ${space}` };
  },
};

/**
 * What the Stripe webhooks send (kept apart from `emails` so that other Lambdas do not bundle them):
 * the member's receipt for an online payment, the member's credit note for money given back on
 * Stripe, and the owner's alerts about chargebacks and refunds Lieu could not match.
 */
export const paymentEmails = {
  /** A payment received (`online` through Stripe, else at the desk) with its receipt's number and link. */
  receipt: (l: Locale, space: string, number: string, label: string, cents: number, currency: string, url: string, how: 'online' | 'desk' = 'online'): EmailText =>
    l === 'fr'
      ? { subject: `Votre reçu ${number} — ${space}`, text: `Bonjour,\n\nNous avons bien reçu votre paiement${how === 'online' ? ' en ligne' : ''} de ${money(l, cents, currency)} pour « ${label} ».\nVotre reçu n° ${number} : ${url}\n\n— ${space}` }
      : { subject: `Your receipt ${number} — ${space}`, text: `Hello,\n\nWe received your ${how === 'online' ? 'online ' : ''}payment of ${money(l, cents, currency)} for "${label}".\nYour receipt no. ${number}: ${url}\n\n— ${space}` },
  creditNote: (l: Locale, space: string, number: string, label: string, cents: number, currency: string, url: string): EmailText =>
    l === 'fr'
      ? { subject: `Votre avoir ${number} — ${space}`, text: `Bonjour,\n\n${money(l, cents, currency)} vous ont été remboursés pour « ${label} ».\nVotre avoir n° ${number} : ${url}\n\n— ${space}` }
      : { subject: `Your credit note ${number} — ${space}`, text: `Hello,\n\n${money(l, cents, currency)} were refunded to you for "${label}".\nYour credit note no. ${number}: ${url}\n\n— ${space}` },
  disputeOpened: (l: Locale, space: string, member: string, label: string, cents: number, currency: string, reason: string, paused: boolean): EmailText =>
    l === 'fr'
      ? { subject: `Contestation de paiement — ${member}`, text: `Bonjour,\n\n${member} conteste auprès de sa banque le paiement de ${money(l, cents, currency)} pour « ${label} » (motif : ${reason}).\nRépondez à la contestation depuis votre tableau de bord Stripe avant l'échéance.${paused ? `\nSes nouvelles réservations sont suspendues jusqu'à la décision.` : ''}\n\n— Lieu, pour ${space}` }
      : { subject: `Payment disputed — ${member}`, text: `Hello,\n\n${member} disputed with their bank the payment of ${money(l, cents, currency)} for "${label}" (reason: ${reason}).\nRespond to the dispute from your Stripe dashboard before its deadline.${paused ? `\nTheir new bookings are paused until the decision.` : ''}\n\n— Lieu, for ${space}` },
  disputeClosed: (l: Locale, space: string, member: string, label: string, cents: number, currency: string, won: boolean): EmailText =>
    l === 'fr'
      ? { subject: `Contestation ${won ? 'gagnée' : 'perdue'} — ${member}`, text: `Bonjour,\n\nLa contestation du paiement de ${money(l, cents, currency)} pour « ${label} » par ${member} est close : ${won ? 'gagnée, le paiement est maintenu' : "perdue, le paiement est remboursé (avoir émis) et ce qu'il accordait est repris"}.\n\n— Lieu, pour ${space}` }
      : { subject: `Dispute ${won ? 'won' : 'lost'} — ${member}`, text: `Hello,\n\nThe dispute of the payment of ${money(l, cents, currency)} for "${label}" by ${member} is closed: ${won ? 'won, the payment stands' : 'lost, the payment is refunded (credit note issued) and what it granted is taken back'}.\n\n— Lieu, for ${space}` },
  refundUnmatched: (l: Locale, space: string, cents: number, currency: string, ref: string): EmailText =>
    l === 'fr'
      ? { subject: `Remboursement Stripe à rapprocher — ${space}`, text: `Bonjour,\n\nUn remboursement de ${money(l, cents, currency)} a été fait sur votre compte Stripe (${ref}) sans paiement correspondant dans Lieu. Il apparaît sur le tableau de bord pour que l'équipe le rapproche.\n\n— Lieu, pour ${space}` }
      : { subject: `Stripe refund to reconcile — ${space}`, text: `Hello,\n\nA refund of ${money(l, cents, currency)} was made on your Stripe account (${ref}) with no matching payment in Lieu. It is listed on the dashboard for the staff to reconcile.\n\n— Lieu, for ${space}` },
};

/** What a booking email needs to know of the booking (the space's zone writes its times). */
export interface BookingMailFacts { resourceName: string; start: string; end: string }
const span = (l: Locale, b: BookingMailFacts, timeZone: string) =>
  `${longDate(l, new Date(b.start), timeZone)}, ${clock(l, new Date(b.start), timeZone)} – ${clock(l, new Date(b.end), timeZone)}`;

/**
 * The member's booking emails (confirmed, cancelled, moved), in the space's language and zone. Each
 * goes with the booking as an .ics file; `deadline` is the last instant the member may cancel online.
 */
export const bookingEmails = {
  confirmed: (l: Locale, space: string, timeZone: string, b: BookingMailFacts, deadline: string | null): EmailText => {
    const until = deadline ? `${longDate(l, new Date(deadline), timeZone)} ${l === 'fr' ? 'à' : 'at'} ${clock(l, new Date(deadline), timeZone)}` : null;
    return l === 'fr'
      ? { subject: `Réservation confirmée : ${b.resourceName}`, text: `Bonjour,\n\nVotre réservation est confirmée :\n${b.resourceName} — ${span(l, b, timeZone)}\n${until ? `\nVous pouvez l'annuler en ligne jusqu'au ${until}.\n` : ''}\nLe fichier joint l'ajoute à votre agenda.\n\n— ${space}` }
      : { subject: `Booking confirmed: ${b.resourceName}`, text: `Hello,\n\nYour booking is confirmed:\n${b.resourceName} — ${span(l, b, timeZone)}\n${until ? `\nYou can cancel it online until ${until}.\n` : ''}\nThe attached file adds it to your calendar.\n\n— ${space}` };
  },
  cancelled: (l: Locale, space: string, timeZone: string, b: BookingMailFacts, staffReason: string | null): EmailText =>
    l === 'fr'
      ? { subject: `Réservation annulée : ${b.resourceName}`, text: `Bonjour,\n\nVotre réservation est annulée :\n${b.resourceName} — ${span(l, b, timeZone)}\n${staffReason ? `\nMotif donné par l'équipe : ${staffReason}\n` : ''}\nLe fichier joint la retire de votre agenda.\n\n— ${space}` }
      : { subject: `Booking cancelled: ${b.resourceName}`, text: `Hello,\n\nYour booking is cancelled:\n${b.resourceName} — ${span(l, b, timeZone)}\n${staffReason ? `\nReason given by the staff: ${staffReason}\n` : ''}\nThe attached file removes it from your calendar.\n\n— ${space}` },
  /** A weekly series: the weeks booked, and how many could not be. */
  series: (l: Locale, space: string, timeZone: string, booked: readonly BookingMailFacts[], refused: number): EmailText => {
    const lines = booked.map((b) => `- ${span(l, b, timeZone)}`).join('\n');
    const name = booked[0]!.resourceName;
    return l === 'fr'
      ? { subject: `Réservations confirmées : ${name} (${booked.length} semaines)`, text: `Bonjour,\n\nVos réservations de ${name} sont confirmées :\n${lines}\n${refused ? `\n${refused > 1 ? `${refused} semaines n'étaient pas disponibles` : "1 semaine n'était pas disponible"} : elles ne sont pas réservées.\n` : ''}\nLe fichier joint les ajoute à votre agenda.\n\n— ${space}` }
      : { subject: `Bookings confirmed: ${name} (${booked.length} weeks)`, text: `Hello,\n\nYour bookings of ${name} are confirmed:\n${lines}\n${refused ? `\n${refused > 1 ? `${refused} weeks were` : '1 week was'} not available: not booked.\n` : ''}\nThe attached file adds them to your calendar.\n\n— ${space}` };
  },
  moved: (l: Locale, space: string, timeZone: string, before: BookingMailFacts, after: BookingMailFacts): EmailText =>
    l === 'fr'
      ? { subject: `Réservation déplacée : ${after.resourceName}`, text: `Bonjour,\n\nVotre réservation a été déplacée.\nAvant : ${before.resourceName} — ${span(l, before, timeZone)}\nMaintenant : ${after.resourceName} — ${span(l, after, timeZone)}\n\nLe fichier joint met votre agenda à jour.\n\n— ${space}` }
      : { subject: `Booking moved: ${after.resourceName}`, text: `Hello,\n\nYour booking was moved.\nBefore: ${before.resourceName} — ${span(l, before, timeZone)}\nNow: ${after.resourceName} — ${span(l, after, timeZone)}\n\nThe attached file updates your calendar.\n\n— ${space}` },
};

/** RFC 5545 text: backslash, semicolon, comma and line breaks escaped. */
const icsText = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
const icsInstant = (iso: string) => new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
/** Lines longer than 75 octets are folded (CRLF and a space), never inside a UTF-8 character. */
function icsFold(line: string): string {
  const out: string[] = [];
  let cur = '', bytes = 0;
  for (const ch of line) {
    const n = new TextEncoder().encode(ch).length;
    if (bytes + n > (out.length ? 74 : 75)) { out.push(cur); cur = ''; bytes = 0; }
    cur += ch; bytes += n;
  }
  out.push(cur);
  return out.join('\r\n ');
}

/**
 * One booking (or a series' bookings) as an iCalendar document (the email's attachment). The UID is the one of the member's
 * calendar feed and SEQUENCE the booking's version, so a calendar app updates the same event when the
 * booking is moved or cancelled. Instants are in UTC, as in the feeds (exact across DST changes).
 */
export interface IcsBooking { uid: string; version: number; summary: string; description?: string; start: string; end: string; cancelled: boolean }
export function bookingIcs(b: IcsBooking | readonly IcsBooking[], now: Date): string {
  const events = (Array.isArray(b) ? b : [b]) as readonly IcsBooking[];
  const lines = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Lieu//bookings//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH',
    ...events.flatMap((e) => [
      'BEGIN:VEVENT', `UID:${e.uid}`, `SEQUENCE:${e.version}`, `DTSTAMP:${icsInstant(now.toISOString())}`,
      `DTSTART:${icsInstant(e.start)}`, `DTEND:${icsInstant(e.end)}`, `SUMMARY:${icsText(e.summary)}`,
      ...(e.description ? [`DESCRIPTION:${icsText(e.description)}`] : []),
      `STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`, 'END:VEVENT',
    ]),
    'END:VCALENDAR',
  ];
  return `${lines.map(icsFold).join('\r\n')}\r\n`;
}

/** A member's other notices: a training's qualification granted, a shop order ready to collect. */
export const noticeEmails = {
  qualificationGranted: (l: Locale, space: string, training: string, expiresOn: string | undefined): EmailText => {
    const until = expiresOn ? longDate(l, new Date(`${expiresOn}T12:00:00Z`), 'UTC') : null;
    return l === 'fr'
      ? { subject: `Formation validée : ${training}`, text: `Bonjour,\n\nVotre formation « ${training} » est validée : vous pouvez désormais réserver les machines qui la demandent.${until ? `\nElle est valable jusqu'au ${until}.` : ''}\n\n— ${space}` }
      : { subject: `Training completed: ${training}`, text: `Hello,\n\nYour training "${training}" is recorded: you may now book the machines that require it.${until ? `\nIt is valid until ${until}.` : ''}\n\n— ${space}` };
  },
  orderReady: (l: Locale, space: string, lines: readonly { title: string; quantity: number }[], cents: number, currency: string, url: string): EmailText => {
    const list = lines.map((x) => `- ${x.title} × ${x.quantity}`).join('\n');
    return l === 'fr'
      ? { subject: `Votre commande est prête — ${space}`, text: `Bonjour,\n\nVotre commande (${money(l, cents, currency)}) vous attend à l'accueil :\n${list}\n\nVos commandes : ${url}\n\n— ${space}` }
      : { subject: `Your order is ready — ${space}`, text: `Hello,\n\nYour order (${money(l, cents, currency)}) is waiting for you at the front desk:\n${list}\n\nYour orders: ${url}\n\n— ${space}` };
  },
};

/** What the branded layout of an email shows of the space; `preferencesUrl` is absolute (null when no origin is configured). */
export interface EmailBrand {
  name: string;
  logoUrl?: string | null | undefined;
  primaryColor: string;
  address?: Address | undefined;
  preferencesUrl: string | null;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text made inert inside HTML, in an element or a quoted attribute. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** Escaped text with its http(s) addresses as links (the address is matched after escaping: it holds no quote or angle bracket). */
function linkify(escaped: string): string {
  return escaped.replace(/https?:\/\/[^\s]+/g, (url) => {
    const trail = /[.,;:!?)]+$/.exec(url)?.[0] ?? '';
    const href = url.slice(0, url.length - trail.length);
    return `<a href="${href}" style="color:inherit">${href}</a>${trail}`;
  });
}

/**
 * The HTML part of an email in the space's brand: its name (and logo), a band of its colour, the
 * text's paragraphs, and a footer with the space's address and the link to the member's email
 * choices. Every value is escaped; the text part stays the email's plain alternative.
 */
export function brandedHtml(l: Locale, brand: EmailBrand, email: EmailText): string {
  const color = /^#[0-9a-fA-F]{6}$/.test(brand.primaryColor) ? brand.primaryColor : '#1f4e79';
  const logo = brand.logoUrl && /^https?:\/\//.test(brand.logoUrl)
    ? `<img src="${escapeHtml(brand.logoUrl)}" alt="" height="40" style="height:40px;vertical-align:middle;margin-right:12px;border:0">` : '';
  const body = email.text.split(/\n{2,}/).map((p) => `<p style="margin:0 0 16px">${p.split('\n').map((line) => linkify(escapeHtml(line))).join('<br>')}</p>`).join('\n');
  const a = brand.address;
  const address = a ? [a.line1, a.line2, `${a.postalCode} ${a.city}`].filter(Boolean).map((x) => escapeHtml(x!)).join(', ') : '';
  const prefs = brand.preferencesUrl
    ? `<a href="${escapeHtml(brand.preferencesUrl)}" style="color:${color}">${l === 'fr' ? 'Choisir les emails que vous recevez' : 'Choose which emails you receive'}</a>` : '';
  const name = escapeHtml(brand.name);
  return `<!doctype html>
<html lang="${l}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(email.subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5;font-family:Arial,Helvetica,sans-serif;color:#1f2933">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f5"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px;overflow:hidden">
<tr><td style="background:${color};color:#ffffff;padding:16px 24px;font-size:20px;font-weight:bold">${logo}${name}</td></tr>
<tr><td style="padding:24px;font-size:16px;line-height:1.5">
${body}
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #e4e7eb;font-size:13px;line-height:1.5;color:#52606d">
${name}${address ? `<br>${address}` : ''}${prefs ? `<br>${prefs}` : ''}
</td></tr>
</table></td></tr></table>
</body></html>
`;
}
