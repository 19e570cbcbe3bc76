/**
 * Structured JSON logs: one line per event on stdout (CloudWatch reads JSON lines), with level,
 * time, service and fields; errors with name, message and stack.
 *
 * Why not @aws-lambda-powertools/logger here: it adds ~20 KB (logger + commons) to every HTTP
 * Lambda, and the HTTP Lambdas are held to 150 KB over the floor; what they need
 * from it is these few lines. The jobs Lambdas (no hono, far under budget) keep Powertools.
 */
type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
const RANK: Record<Level, number> = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, SILENT: 99 };
/** Read on each write, so that a process may set LOG_LEVEL after this module is loaded. */
const threshold = () => RANK[(process.env.LOG_LEVEL?.toUpperCase() as Level) ?? 'INFO'] ?? RANK.INFO;

function serialise(v: unknown): unknown {
  return v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v;
}

function write(level: Exclude<Level, 'SILENT'>, message: string, fields?: Record<string, unknown>) {
  if (RANK[level] < threshold()) return;
  const line: Record<string, unknown> = { level, message, timestamp: new Date().toISOString(), service: 'lieu' };
  for (const [k, v] of Object.entries(fields ?? {})) line[k] = serialise(v);
  (level === 'ERROR' ? process.stderr : process.stdout).write(JSON.stringify(line) + '\n');
}

export const logger = {
  debug: (message: string, fields?: Record<string, unknown>) => write('DEBUG', message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write('INFO', message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write('WARN', message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write('ERROR', message, fields),
};
