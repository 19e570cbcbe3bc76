export * from './types';
export * from './desk';
export * from './effects';
export * from './receipt';
export * from './reports';
export * from './bookingPricing';
