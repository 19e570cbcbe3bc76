import { shop as api } from '@lieu/api';
import {
  cancelOrder, catalogue, createConsignor, createProduct, listConsignors, listOrders, manageProducts, moveOrder, myOrders, payOrder,
  placeOrder, publishedProduct, readOrder, reconcileHolds, recordStockMove, refundOrder, saveShopSettings, shopSettings, stockMovements,
  tillSale, updateConsignor, updateProduct,
} from '@lieu/app/shop';
import { implement, type Route } from '@lieu/http';

/**
 * The CoBoutique's HTTP adapter: settings, consignors and stock, the catalogue, orders and the till.
 * The rules live in @lieu/app/shop (use-cases) and @lieu/core (state transitions, refunds, commission
 * maths); statements and payouts are in functions/shop-statements, photos in functions/shop-media.
 */
export const routes: Route[] = [
  // ---- settings and consignors ----
  implement(api.getSettings, ({ scope }) => shopSettings(scope)),
  implement(api.putSettings, ({ body, scope }) => saveShopSettings(scope, body)),
  implement(api.listConsignors, ({ scope }) => listConsignors(scope)),
  implement(api.createConsignor, ({ body, scope }) => createConsignor(scope, body)),
  implement(api.updateConsignor, ({ params, body, scope }) => updateConsignor(scope, params.memberId, body)),
  implement(api.recordDeposit, ({ params, body, scope }) => recordStockMove(scope, 'deposit', params.memberId, body)),
  implement(api.recordReturn, ({ params, body, scope }) => recordStockMove(scope, 'return', params.memberId, body)),
  implement(api.listStockMovements, ({ params, scope }) => stockMovements(scope, params.memberId)),

  // ---- products ----
  implement(api.catalogue, ({ query, scope }) => catalogue(scope, query)),
  implement(api.getProduct, ({ params, scope }) => publishedProduct(scope, params.productId)),
  implement(api.manageProducts, ({ query, scope }) => manageProducts(scope, query.consignorId)),
  implement(api.createProduct, ({ body, scope }) => createProduct(scope, body)),
  implement(api.updateProduct, ({ params, body, scope }) => updateProduct(scope, params.productId, body)),

  // ---- orders and the till ----
  implement(api.placeOrder, ({ body, scope }) => placeOrder(scope, body.lines, body.pay)),
  implement(api.myOrders, ({ query, scope }) => myOrders(scope, query)),
  implement(api.listOrders, ({ query, scope }) => listOrders(scope, query)),
  implement(api.getOrder, ({ params, scope }) => readOrder(scope, params.orderId)),
  implement(api.cancelOrder, ({ params, scope }) => cancelOrder(scope, params.orderId)),
  implement(api.payOrder, ({ params, body, scope }) => payOrder(scope, params.orderId, body)),
  implement(api.moveOrder, ({ params, body, scope }) => moveOrder(scope, params.orderId, body.status)),
  implement(api.refundOrder, ({ params, body, scope }) => refundOrder(scope, params.orderId, body)),
  implement(api.tillSale, ({ body, scope }) => tillSale(scope, body)),
  implement(api.releaseHolds, async ({ scope }) => ({ released: (await reconcileHolds(scope)).released })),
];
