// The CoBoutique's use-cases: catalogue, orders and the till, consignment, statements and photos.
export * from './catalogue';
export * from './cart';
export * from './consignors';
export * from './errors';
export * from './holds';
export * from './orders';
export * from './pay';
export * from './photos';
export * from './products';
export * from './receipt';
export * from './refund';
export * from './statements';
