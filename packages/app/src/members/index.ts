export * from './directory';
export * from './update';
