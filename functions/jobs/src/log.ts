import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs (Powertools), the same shape as the HTTP areas'. */
export const logger = new Logger({
  serviceName: 'lieu-jobs',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO',
});

export const log = (level: 'info' | 'warn' | 'error', msg: string, data?: Record<string, unknown>) => logger[level](msg, data ?? {});
