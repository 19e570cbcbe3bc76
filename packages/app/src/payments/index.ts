export * from './online';
export * from './events';
export * from './refunds';
export * from './reconcile';
export * from './subscriptionCancel';
