import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { GSI1, KEY, TTL_ATTRIBUTE } from '../functions/store/table.ts';

/**
 * The single table, with the keys and index of `functions/store/table.ts`: on demand,
 * point-in-time recovery, TTL, the stream the workers read, deletion protection, its own
 * customer-managed key, and kept when the stack is deleted.
 */
export function createTable(scope: Construct): TableV2 {
  const key = new Key(scope, 'TableKey', { enableKeyRotation: true, description: 'GPS table encryption' });
  return new TableV2(scope, 'Table', {
    partitionKey: { name: KEY.partition, type: AttributeType.STRING },
    sortKey: { name: KEY.sort, type: AttributeType.STRING },
    globalSecondaryIndexes: [
      {
        indexName: GSI1.name,
        partitionKey: { name: GSI1.partition, type: AttributeType.STRING },
        sortKey: { name: GSI1.sort, type: AttributeType.STRING },
      },
    ],
    timeToLiveAttribute: TTL_ATTRIBUTE,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES,
    encryption: TableEncryptionV2.customerManagedKey(key),
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
