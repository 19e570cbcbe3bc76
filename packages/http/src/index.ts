export * from './app';
export * from './errors';
export * from './route';
export type * from './media';
export * from './session';
export * from './tokens';
export * from './password';
export * from './tenancy';
export { logger } from './log';
