export * from './catalogue';
export * from './duration';
export * from './engine';
export * from './bench';
export * from './payments';
