export * from './quote';
export * from './offer';
