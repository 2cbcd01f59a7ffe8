import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The shape of the single table, shared by the local helper that creates it and the CDK
 * construct that deploys it, so the two can never disagree.
 */
export const KEY = { partition: 'PK', sort: 'SK' } as const;
export const GSI1 = { name: 'GSI1', partition: 'GSI1PK', sort: 'GSI1SK' } as const;
/** Epoch seconds after which DynamoDB deletes an item (quotas, markers, sent e-mails, old invitations). */
export const TTL_ATTRIBUTE = 'expiresAtEpoch';

export const epochSeconds = (at: Date | string, plusDays = 0) =>
  Math.floor(new Date(at).getTime() / 1000) + plusDays * 86_400;

export const createTableInput = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [KEY.partition, KEY.sort, GSI1.partition, GSI1.sort].map((AttributeName) => ({
    AttributeName,
    AttributeType: 'S',
  })),
  KeySchema: [
    { AttributeName: KEY.partition, KeyType: 'HASH' },
    { AttributeName: KEY.sort, KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: GSI1.name,
      KeySchema: [
        { AttributeName: GSI1.partition, KeyType: 'HASH' },
        { AttributeName: GSI1.sort, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
  ],
  StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
});
