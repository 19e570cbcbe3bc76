import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs (Powertools): one line per request, errors with their request id. */
export const logger = new Logger({
  serviceName: 'lieu',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO',
});
