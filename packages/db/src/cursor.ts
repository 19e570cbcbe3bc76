import { AppError } from '@lieu/core';

/**
 * Opaque list cursors. A cursor wraps DynamoDB's LastEvaluatedKey with the partition it came from,
 * so it cannot be replayed against another tenant or another list: decoding checks both.
 */
export function encodeCursor(partition: string, lastKey: Record<string, unknown> | undefined): string | null {
  if (!lastKey) return null;
  return Buffer.from(JSON.stringify({ p: partition, k: lastKey })).toString('base64url');
}

export function decodeCursor(partition: string, cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { p?: unknown; k?: unknown };
    if (v.p === partition && v.k && typeof v.k === 'object' && !Array.isArray(v.k)) {
      const k = v.k as Record<string, unknown>;
      const vals = Object.values(k);
      if (vals.every((x) => typeof x === 'string') && vals.length <= 4 && vals.includes(partition)) return k;
    }
  } catch { /* fall through */ }
  throw new AppError('invalid_input', 'Invalid cursor', { fields: [{ path: 'cursor', message: 'Invalid cursor' }] });
}

export interface Page<T> { items: T[]; nextCursor: string | null }
