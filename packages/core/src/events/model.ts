/**
 * Events (workshops, training sessions, cafés pédagogiques) and their registrations: the domain's
 * records. The store keeps them as they are; the rules that change them live beside (rules.ts).
 */
export type Audience = 'public' | 'members';
export type EventStatus = 'active' | 'cancelled';
export type RegistrationStatus = 'registered' | 'waitlisted' | 'cancelled';
export type Attendance = 'attended' | 'no_show';

export interface EventPrice {
  /** Price for everyone (visitors included), VAT included, in cents; 0 = free. */
  cents: number;
  /** Member rates by billing category (e.g. `adherent: 500`), through the pricing function. */
  categoryCents?: Record<string, number> | undefined;
}

export interface EventRecord {
  id: string;
  title: string;
  description?: string | undefined;
  imageUrl?: string | undefined;
  /** UTC ISO instants, stored exactly as given. */
  start: string;
  end: string;
  /** The room or area the event books (a booking with the same id as the event). */
  placeId?: string | undefined;
  placeName?: string | undefined;
  capacity: number;
  audience: Audience;
  price: EventPrice;
  tags: string[];
  published: boolean;
  /** Members may cancel until this many hours before the start (staff at any time). */
  cancelBeforeHours: number;
  /** A training session: attending grants this training's qualification. */
  trainingId?: string | undefined;
  trainingName?: string | undefined;
  seriesId?: string | undefined;
  status: EventStatus;
  /** People holding a place (a counter written in each registration's transaction). */
  registered: number;
  /** People on the waitlist right now (same transactions): a newcomer's position is `waiting + 1`. */
  waiting?: number | undefined;
  /**
   * Turns of a full event, in arrival order: `ticketSeq` is the last turn handed out, `waitSeq` the
   * last one spent (by a registration written in its turn). A waitlisted registration keeps its turn
   * as its `waitSeq`, so the list orders the waitlist by arrival.
   */
  ticketSeq?: number | undefined;
  waitSeq?: number | undefined;
  createdAt: string;
  createdBy: string;
  version: number;
}

export interface Registration {
  id: string;
  eventId: string;
  /** `M#<memberId>` or `V#<email>`: one live registration per person and event. */
  person: string;
  memberId?: string | undefined;
  name: string;
  email: string;
  status: RegistrationStatus;
  /** Waitlist ticket: smaller = arrived earlier. */
  waitSeq?: number | undefined;
  attendance?: Attendance | undefined;
  attendanceAt?: string | undefined;
  /** The price fixed at registration (member rates applied), and its pending payment once registered. */
  priceCents: number;
  quote?: TicketQuote | undefined;
  paymentId?: string | undefined;
  /** Hash of the visitor's cancellation token. */
  cancelTokenHash?: string | undefined;
  createdAt: string;
  createdBy: string;
  promotedAt?: string | undefined;
  cancelledAt?: string | undefined;
  cancelledBy?: string | undefined;
  remindedAt?: string | undefined;
  version: number;
}

/** What a ticket's payment needs, fixed when the person registers. */
export interface TicketQuote {
  currency: string;
  totalCents: number;
  netCents: number;
  vatCents: number;
  vatRateBp: number;
  vatMention?: string | undefined;
  category: string;
}

/** A visitor's registration waiting for the click in its confirmation email (it holds no place yet). */
export interface PendingVisitor {
  eventId: string;
  name: string;
  email: string;
  createdAt: string;
  /** Epoch seconds. */
  expiresAt: number;
}
