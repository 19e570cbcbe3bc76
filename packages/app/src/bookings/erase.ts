import { bookingKeys, itemsAt, keys, tenantRealm, type Erasable } from '@lieu/db';
import type { Eraser } from '../account/erasers';
import type { SignedScope } from '../scope';
import { cancelBooking } from './cancel';

/** The person's booking copies (their own partition), which name the bookings themselves. */
async function ownItems(scope: SignedScope, who: Erasable) {
  return itemsAt(scope.db, { partition: keys.user(tenantRealm(scope.tenantId), who.id).PK });
}

/**
 * Bookings: future ones are cancelled as the member would cancel them (inside the resource's
 * deadline they stay, like any member's); every booking keeps its times and price under the
 * pseudonym; the iCal feed's token goes, so the feed stops.
 */
export const bookingsEraser: Eraser = {
  area: 'bookings',
  async settle(scope, who) {
    for (const item of await ownItems(scope, who)) {
      if (!String(item.SK).startsWith('BOOKING#') || item.status === 'cancelled' || String(item.start) <= scope.now.toISOString()) continue;
      try {
        await cancelBooking(scope, String(item.id), {}, { cacheMs: 0 });
      } catch (e) {
        if ((e as { code?: string }).code !== 'rule_violation') throw e;
      }
    }
  },
  async places(scope, who) {
    const own = await ownItems(scope, who);
    const places = own.filter((i) => String(i.SK).startsWith('BOOKING#')).map((i) => ({ key: bookingKeys.booking(scope.tenantId, String(i.id)) }));
    const feed = own.find((i) => i.SK === bookingKeys.icalOfMember(scope.tenantId, who.id).SK);
    if (feed?.tokenHash) places.push({ key: bookingKeys.icalToken(scope.tenantId, String(feed.tokenHash)) });
    return places;
  },
  drop: (item, who) => item.type === 'IcalToken' && item.userId === who.id,
};
