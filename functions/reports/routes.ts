import { reports as api } from '@lieu/api';
import { dashboard, salesCsv } from '@lieu/app/reports';
import { implement, type Route } from '@lieu/http';

/** The back office's figures, read-only: adapters of the reports use-cases (packages/app/src/reports). */
export const routes: Route[] = [
  implement(api.dashboard, async ({ query, scope }) => dashboard(scope, query)),

  implement(api.salesCsv, async ({ query, scope }) => {
    const { text, filename } = await salesCsv(scope, query);
    return new Response(text, {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` },
    });
  }),
];
