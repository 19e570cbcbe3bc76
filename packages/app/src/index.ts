export * from './scope';
export * from './sendBudget';
