import type { Erasable, Place } from '@lieu/db';
import type { SignedScope } from '../scope';
import { bookingsEraser } from '../bookings/erase';
import { billingEraser } from '../billing/erase';
import { eventsEraser } from '../events/erase';
import { shopEraser } from '../shop/erase';
import { auditEraser } from '../tenants/erase';
import { identityEraser } from './erase';

/**
 * What one area erases when a member closes their account. An area declares where it keeps items
 * that may name the person (`places`), which of those go entirely (`drop`), and what it undoes
 * first under its own rules (`settle`: future bookings cancelled). Everything else found there is
 * scrubbed: the name becomes the pseudonym, the email goes; amounts, dates and ids stay, so money
 * records remain whole without the person (legal retention).
 */
export interface Eraser {
  area: string;
  settle?(scope: SignedScope, who: Erasable): Promise<void>;
  places(scope: SignedScope, who: Erasable): Promise<Place[]>;
  drop?(item: Record<string, unknown>, who: Erasable): boolean;
}

/** Every area's eraser. A new area that stores a person's name or email adds its own here. */
export const ERASERS: readonly Eraser[] = [bookingsEraser, eventsEraser, billingEraser, shopEraser, auditEraser, identityEraser];
