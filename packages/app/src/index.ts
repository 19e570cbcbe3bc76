export * from './scope';
export * from './sendBudget';
export * from './mail';
