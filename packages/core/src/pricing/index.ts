export * from './catalogue';
export * from './duration';
export * from './rules';
export * from './engine';
export * from './booking';
export * from './bench';
export * from './payments';
