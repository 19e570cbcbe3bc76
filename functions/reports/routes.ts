import { reports as api } from '@lieu/api';
import { dashboard, resolveAlert, salesCsv } from '@lieu/app/reports';
import { implement, type Route } from '@lieu/http';

/**
 * The back office's figures, read-only, and the acknowledgement of the Stripe alerts they show:
 * adapters of the reports use-cases (packages/app/src/reports).
 */
export const routes: Route[] = [
  implement(api.dashboard, async ({ query, scope }) => dashboard(scope, query)),
  implement(api.resolveAlert, async ({ params, body, scope }) => resolveAlert(scope, params.alertId, body.note)),

  implement(api.salesCsv, async ({ query, scope }) => {
    const { text, filename } = await salesCsv(scope, query);
    return new Response(text, {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` },
    });
  }),
];
