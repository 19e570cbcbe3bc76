export * from './signup';
export * from './settings';
export * from './platform';
export * from './audit';
export * from './archive';
