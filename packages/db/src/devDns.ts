import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client';
import { keys } from './keys';

/**
 * Local only: TXT records a developer (or a test) publishes through the dev routes, answered by the
 * local resolver instead of the DNS. Kept in the table so the local server and `pnpm job` (two
 * processes) see the same records. Nothing deployed reads or writes these items.
 */
export const devDnsRepo = (db: Db) => ({
  async setTxt(name: string, values: string[]): Promise<void> {
    await db.doc.send(new PutCommand({ TableName: db.table, Item: { ...keys.devTxtRecord(name.toLowerCase()), type: 'DevTxtRecord', name: name.toLowerCase(), values } }));
  },
  async txt(name: string): Promise<string[]> {
    const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.devTxtRecord(name.toLowerCase()), ConsistentRead: true }));
    return (r.Item?.values as string[] | undefined) ?? [];
  },
});
