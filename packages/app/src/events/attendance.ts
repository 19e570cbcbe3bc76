import { checkIn, noShow, type Registration } from '@lieu/core/events';
import { auditPut, commit, WriteSet } from '@lieu/db';
import { conflict } from '@lieu/core';
import type { SignedScope } from '../scope';
import { qualificationEmailPut } from '../notices';
import { eventOf, registrationOf } from './access';

const stale = () => conflict('The registration changed meanwhile; reload and try again', { rule: 'stale_version' });

/** Marks a registrant as attended; a training session grants its qualification (audited once, with the grant). */
export async function checkInRegistration(scope: SignedScope, eventId: string, registrationId: string): Promise<Registration> {
  const e = await eventOf(scope, eventId);
  const r = await registrationOf(scope, e, registrationId);
  const after = checkIn(e, r, scope.now);
  const first = after !== r;
  if (first && !(e.trainingId && r.memberId)) {
    await commit(scope.db, new WriteSet().add('registration', scope.repos.events.saveItem(r, after)), stale, { clientRequestToken: `${scope.requestId}:check-in` });
  }
  // A training session qualifies who attended it (idempotent: a second check-in grants the same).
  if (e.trainingId && r.memberId) {
    const trainingName = e.trainingName ?? e.title;
    const q = { trainingId: e.trainingId, trainingName, grantedAt: after.attendanceAt ?? scope.now.toISOString(), grantedBy: scope.actor.id };
    // The first check-in tells the member (a second one grants the same, silently).
    const member = first ? await scope.repos.users.get(r.memberId) : null;
    const extra = first ? [
      scope.repos.events.saveItem(r, after),
      auditPut(scope.db, scope.tenantId, {
        actorId: scope.actor.id, action: 'qualification.granted', targetType: 'member', targetId: r.memberId,
        summary: `${r.name} qualified: ${trainingName} (attended ${e.title})`,
      }, scope.now),
      ...qualificationEmailPut(scope, member, q),
    ] : [];
    await scope.repos.bookings.grantQualification(r.memberId, q, extra);
  }
  return after;
}

/** Records that a registrant did not come (once the event has started). */
export async function markNoShow(scope: SignedScope, eventId: string, registrationId: string): Promise<Registration> {
  const e = await eventOf(scope, eventId);
  const r = await registrationOf(scope, e, registrationId);
  const after = noShow(e, r, scope.now);
  await commit(scope.db, new WriteSet().add('registration', scope.repos.events.saveItem(r, after)), stale, { clientRequestToken: `${scope.requestId}:no-show` });
  return after;
}
