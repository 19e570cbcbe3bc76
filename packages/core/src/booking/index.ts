export * from './time';
export * from './schemas';
export * from './hours';
export * from './slots';
export * from './rules';
export * from './occupancy';
