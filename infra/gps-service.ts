import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { GSI1, KEY, TTL_ATTRIBUTE } from '../functions/store/table.ts';

/** GPS in an AWS account: the single table, and (in later issues) its functions, API and widgets. */
export class GpsService extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const key = new Key(this, 'TableKey', { enableKeyRotation: true, description: 'GPS table encryption' });
    this.table = new TableV2(this, 'Table', {
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
}
