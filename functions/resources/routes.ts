// The specs module itself, not the index's namespace: unused specs then stay out of this bundle.
import * as api from '@lieu/api/bookings';
import * as uc from '@lieu/app/bookings';
import { bookableOffer } from '@lieu/app/pricing';
import { implement, type Route } from '@lieu/http';

/**
 * What staff set up before anyone books: resources and their rules, the opening calendar, the
 * training catalogue and members' qualifications (use-cases in @lieu/app/bookings).
 */
export const routes: Route[] = [
  implement(api.listResources, ({ query, scope }) => uc.listResources(scope, query)),
  implement(api.bookableOffer, ({ ctx, scope }) => bookableOffer(scope, { cacheMs: ctx.deps.tenantCacheMs })),
  implement(api.getResource, ({ params, scope }) => uc.getResource(scope, params.resourceId)),
  implement(api.createResource, ({ body, scope }) => uc.createResource(scope, body)),
  implement(api.updateResource, ({ params, body, scope }) => uc.updateResource(scope, params.resourceId, body)),
  implement(api.archiveResource, ({ params, scope }) => uc.archiveResource(scope, params.resourceId)),

  implement(api.getOpeningCalendar, ({ scope }) => uc.getOpeningCalendar(scope)),
  implement(api.putOpeningCalendar, ({ body, scope }) => uc.putOpeningCalendar(scope, body)),

  implement(api.listTrainings, ({ scope }) => uc.listTrainings(scope)),
  implement(api.createTraining, ({ body, scope }) => uc.createTraining(scope, body)),
  implement(api.trainingHolders, ({ params, scope }) => uc.trainingHolders(scope, params.trainingId)),
  implement(api.listMemberQualifications, ({ params, scope }) => uc.memberQualifications(scope, params.memberId)),
  implement(api.myQualifications, ({ scope }) => uc.myQualifications(scope)),
  implement(api.grantQualification, ({ params, body, scope }) => uc.grantQualification(scope, params.memberId, body)),
  implement(api.revokeQualification, ({ params, scope }) => uc.revokeQualification(scope, params.memberId, params.trainingId)),
];
