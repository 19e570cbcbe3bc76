import { billing as api } from '@lieu/api';
import {
  catalogueFor, createCatalogueEntry, memberBillingPage, myBillingPage, paymentsExport, paymentsPage, purchase,
  receiptPage, recordDeskPayment, refundDeskPayment, removeCatalogueEntry, replaceCatalogueEntry, revenueReport, setMemberCategory,
} from '@lieu/app/billing';
import { quote } from '@lieu/app/pricing';
import type { CatalogueKind } from '@lieu/db';
import { implement, type Route } from '@lieu/http';

/**
 * The billing area's routes, adapters of @lieu/app/billing: catalogue, categories, quotes, purchases
 * paid at the desk, receipts, the billing page and reports. Nothing here talks to Stripe
 * (functions/webhooks does), so without any Stripe configuration the whole flow works at the desk.
 */
function catalogueCrud(kind: CatalogueKind, specs: typeof api.rates | typeof api.plans | typeof api.passes | typeof api.dues): Route[] {
  return [
    implement(specs.create, ({ body, scope }) => createCatalogueEntry(scope, kind, body)),
    implement(specs.update, ({ params, body, scope }) => replaceCatalogueEntry(scope, kind, params.id, body)),
    implement(specs.remove, ({ params, scope }) => removeCatalogueEntry(scope, kind, params.id)),
  ];
}

export const routes: Route[] = [
  implement(api.getCatalogue, ({ ctx, scope }) => catalogueFor(scope, ctx.deps.tenantCacheMs)),
  ...catalogueCrud('rate', api.rates),
  ...catalogueCrud('plan', api.plans),
  ...catalogueCrud('pass', api.passes),
  ...catalogueCrud('dues', api.dues),

  implement(api.setMemberCategory, ({ params, body, scope }) => setMemberCategory(scope, params.memberId, body.category)),
  // The one pricing function bookings are charged by (@lieu/app/pricing, core's booking rules).
  implement(api.quote, ({ body, ctx, scope }) => quote(scope, body, { cacheMs: ctx.deps.tenantCacheMs })),
  implement(api.purchase, async ({ body, ctx, scope }) =>
    purchase(scope, await catalogueFor(scope, ctx.deps.tenantCacheMs), body, ctx.hono.req.header('idempotency-key'))),
  implement(api.recordPayment, ({ params, body, scope }) => recordDeskPayment(scope, params.memberId, params.paymentId, body)),
  implement(api.refundPayment, ({ params, body, scope }) => refundDeskPayment(scope, params.memberId, params.paymentId, body)),
  implement(api.listPayments, ({ query, scope }) => paymentsPage(scope, query)),
  implement(api.receiptPage, async ({ params, ctx, scope }) => ctx.hono.html(await receiptPage(scope, params.number))),
  implement(api.myBilling, ({ scope }) => myBillingPage(scope)),
  implement(api.memberBilling, ({ params, scope }) => memberBillingPage(scope, params.memberId)),
  implement(api.revenueReport, ({ query, scope }) => revenueReport(scope, query.year)),
  implement(api.exportPayments, async ({ query, scope }) => {
    const { csv, filename } = await paymentsExport(scope, query);
    return new Response(csv, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` } });
  }),
];
