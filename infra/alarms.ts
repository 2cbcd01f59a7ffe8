import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';

/** Raises an alarm when `metric` reaches `threshold` (1 by default). */
export type Watch = (name: string, metric: IMetric, threshold?: number) => void;

/** The alarm topic (e-mailed to `email` when given) and the way to add an alarm to it. */
export function createAlarms(scope: Construct, email?: string): { topic: Topic; watch: Watch } {
  const topic = new Topic(scope, 'Alarms', { enforceSSL: true, displayName: 'GPS alarms' });
  if (email) topic.addSubscription(new EmailSubscription(email));
  const watch: Watch = (name, metric, threshold = 1) =>
    new Alarm(scope, name, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new SnsAction(topic));
  return { topic, watch };
}
