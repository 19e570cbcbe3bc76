export * from './errors';
export * from './money';
export * from './tenant';
export * from './identity';
export * from './ids';
export * from './emails';
export * from './pricing';
export * from './shop';
