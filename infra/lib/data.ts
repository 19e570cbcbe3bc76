import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE } from '@lieu/db';
import type { LieuConfig } from './config';

/**
 * The one table, built from `TABLE` (packages/db/src/table.ts), the same definition DynamoDB Local gets:
 * on-demand, point-in-time recovery, TTL on `expiresAt`, a NEW_AND_OLD_IMAGES stream (the outbox
 * consumer), deletion protection and retention in production.
 */
export class Data extends Construct {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props: { config: LieuConfig }) {
    super(scope, id);
    const prod = props.config.stage === 'prod';
    const str = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: str(TABLE.partitionKey),
      sortKey: str(TABLE.sortKey),
      globalSecondaryIndexes: TABLE.globalIndexes.map((g) => ({
        indexName: g.name, partitionKey: str(g.partitionKey), sortKey: str(g.sortKey), projectionType: dynamodb.ProjectionType.ALL,
      })),
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE.ttlAttribute,
      dynamoStream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      deletionProtection: prod,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
    });
  }

  /** ARN of a global index (named, never `index/*`). */
  indexArn(name: string): string {
    return `${this.table.tableArn}/index/${name}`;
  }
}
