import { CreateTableCommand, DescribeTableCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import type { Db } from './client';
import { TABLE, createTableInput } from './table';

/** Creates the table (if missing) and turns TTL on. Used by the local server and the tests. */
export async function ensureTable(db: Db): Promise<void> {
  try {
    await db.raw.send(new DescribeTableCommand({ TableName: db.table }));
    return;
  } catch (e) {
    if ((e as Error).name !== 'ResourceNotFoundException') throw e;
  }
  await db.raw.send(new CreateTableCommand(createTableInput(db.table)));
  await db.raw.send(new UpdateTimeToLiveCommand({
    TableName: db.table,
    TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
  }));
}
