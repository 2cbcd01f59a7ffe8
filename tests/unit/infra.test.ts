import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { createTableInput } from '#store/table.ts';
import { GpsService } from '../../infra/gps-service.ts';

describe('the deployed table', () => {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test', { env: { region: 'eu-west-3' } });
  new GpsService(stack, 'Gps');
  const template = Template.fromStack(stack);
  const [table] = Object.values(template.findResources('AWS::DynamoDB::GlobalTable')) as { Properties: Record<string, any> }[];

  it('has the very keys and index the local table has', () => {
    const local = createTableInput('gps');
    expect(table!.Properties.KeySchema).toEqual(local.KeySchema);
    expect(table!.Properties.GlobalSecondaryIndexes.map((i: any) => [i.IndexName, i.KeySchema])).toEqual(
      local.GlobalSecondaryIndexes!.map((i) => [i.IndexName, i.KeySchema]),
    );
  });

  it('is protected: point-in-time recovery, deletion protection, KMS, stream', () => {
    expect(table!.Properties.Replicas[0]).toMatchObject({
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
    expect(table!.Properties.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
    expect(table!.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });
});
