import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { GSI1 } from '../functions/store/table.ts';

/** The DynamoDB actions GPS's functions send (a transaction's items count as their own action). */
export const READ_ACTIONS = ['GetItem', 'BatchGetItem', 'Query', 'Scan'] as const;
export const WRITE_ACTIONS = ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'ConditionCheckItem'] as const;
export type TableAction = (typeof READ_ACTIONS)[number] | (typeof WRITE_ACTIONS)[number];

/**
 * What one function may do with the table: the actions its code sends, and whether it
 * queries the index (GSI1). `TransactWriteItems` is no action of its own for IAM: each of its
 * items is authorized as the PutItem, UpdateItem, DeleteItem or ConditionCheckItem it is.
 */
export type TableAccess = { actions: readonly TableAction[]; index?: boolean };

const KMS_READ = ['kms:Decrypt', 'kms:DescribeKey'];
const KMS_WRITE = ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'];

/**
 * Gives a function the table and nothing more: its name in `GPS_TABLE`, and exactly the
 * actions its job needs, on the table (and on GSI1 only if it queries it); never table
 * administration, never `DescribeTable`, never another index. The table's key is granted for
 * reading, and for encrypting only to a function that writes. The one place a function gets
 * the table.
 */
export function bindTable(fn: LambdaFunction, table: ITableV2, access: TableAccess): void {
  if (access.actions.length === 0) throw new Error(`${fn.node.path} : bindTable sans action.`);
  fn.addEnvironment('GPS_TABLE', table.tableName);
  const actions = [...new Set(access.actions)];
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: actions.map((action) => `dynamodb:${action}`),
      resources: [table.tableArn, ...(access.index ? [`${table.tableArn}/index/${GSI1.name}`] : [])],
    }),
  );
  const writes = actions.some((action) => (WRITE_ACTIONS as readonly string[]).includes(action));
  table.encryptionKey?.grant(fn, ...KMS_READ, ...(writes ? KMS_WRITE : []));
}
