import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';

export type TableAccess = 'read' | 'readWrite';

/**
 * Gives a function the table and nothing more: its name in `GPS_TABLE`, and the grant its
 * job needs (reads only, or reads and writes; never table administration).
 */
export function bindTable(fn: LambdaFunction, table: ITableV2, access: TableAccess): void {
  fn.addEnvironment('GPS_TABLE', table.tableName);
  if (access === 'read') table.grantReadData(fn);
  else table.grantReadWriteData(fn);
}
