import { shop as api } from '@lieu/api';
import { consignorStatement, makerView, markStatementPaid, monthStatements, statementFile } from '@lieu/app/shop';
import { implement, type Route } from '@lieu/http';

/**
 * The CoBoutique's statements, payouts and the maker's own view: an HTTP adapter over
 * @lieu/app/shop (statements.ts), which computes them from the sales and refund moves the orders write.
 */
export const routes: Route[] = [
  implement(api.monthStatements, ({ query, scope }) => monthStatements(scope, query.month)),
  implement(api.getStatement, ({ params, scope }) => consignorStatement(scope, params.memberId, params.month)),
  implement(api.statementCsv, async ({ params, query, scope }) => {
    const file = await statementFile(scope, params.memberId, params.month, query.format);
    return new Response(file.text, {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${file.filename}"` },
    });
  }),
  implement(api.markStatementPaid, ({ params, body, scope }) => markStatementPaid(scope, params.memberId, params.month, body)),
  implement(api.makerView, ({ scope }) => makerView(scope)),
];
