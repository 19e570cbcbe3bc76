import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { JobEvent } from '../scheduled';

let seq = 1_000_000;
const STREAM_ARN = 'arn:aws:dynamodb:eu-west-3:123456789012:table/lieu-dev/stream/2026-11-25T00:00:00.000';

/** A DynamoDB stream record as Lambda delivers it (NEW_AND_OLD_IMAGES, DynamoDB JSON images). */
export function streamRecord(eventName: 'INSERT' | 'MODIFY' | 'REMOVE', next: Record<string, unknown> | null, prev: Record<string, unknown> | null = null): DynamoDBRecord {
  const item = next ?? prev!;
  const sequence = String(++seq).padStart(21, '0');
  const image = (i: Record<string, unknown>) => marshall(i, { removeUndefinedValues: true }) as never;
  return {
    eventID: `evt-${sequence}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-3',
    eventSourceARN: STREAM_ARN,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      Keys: image({ PK: item.PK, SK: item.SK }),
      ...(next ? { NewImage: image(next) } : {}),
      ...(prev ? { OldImage: image(prev) } : {}),
      SequenceNumber: sequence,
      SizeBytes: 512,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

export const streamEvent = (records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

/** The EventBridge scheduled event as the rule's input transformer delivers it (`detail.job`). */
export function scheduledEvent(job: string, time: Date): JobEvent {
  return {
    version: '0', id: `sched-${job}-${time.getTime()}`, 'detail-type': 'Scheduled Event', source: 'aws.events',
    account: '123456789012', time: time.toISOString(), region: 'eu-west-3',
    resources: [`arn:aws:events:eu-west-3:123456789012:rule/lieu-dev-job-${job}`], detail: { job },
  };
}

export const lambdaContext = (name: string): Context => ({
  callbackWaitsForEmptyEventLoop: false, functionName: name, functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:eu-west-3:123456789012:function:${name}`, memoryLimitInMB: '256',
  awsRequestId: `req-${Math.random().toString(16).slice(2)}`, logGroupName: `/aws/lambda/${name}`, logStreamName: 'test',
  getRemainingTimeInMillis: () => 30_000, done: () => undefined, fail: () => undefined, succeed: () => undefined,
});
