export * from './dashboard';
export * from './csv';
export * from './sales';
export * from './series';
export * from './alerts';
