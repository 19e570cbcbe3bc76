export * from './signup';
export * from './settings';
export * from './platform';
export * from './audit';
export * from './archive';
export * from './logo';
export * from './domains';
