import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { GpsService } from './gps-service.ts';

const acknowledge = (scope: IConstruct, rule: string, reason: string) =>
  Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-${rule}`, reason });

/**
 * The AwsSolutions findings GPS accepts, each on the construct it concerns and with its
 * reason. Anything else cdk-nag reports fails the synthesis (and a test).
 */
export function acknowledgeNagFindings(stack: Stack, service: GpsService): void {
  for (const fn of Object.values(service.functions)) {
    acknowledge(fn, 'L1', 'Node.js 22 is the LTS GPS is built and tested on; moving to a newer runtime is a deliberate upgrade, not a drift.');
    const role = fn.role!;
    acknowledge(role, 'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', 'Only lets the function write its own CloudWatch logs.');
    acknowledge(role, 'IAM5[Resource::*]', 'X-Ray tracing (xray:PutTraceSegments, PutTelemetryRecords) accepts no other resource.');
    // The table and GSI1 are granted by name (bindTable): no wildcard there. The table's key:
    acknowledge(role, 'IAM5[Action::kms:GenerateDataKey*]', 'Encrypting the table’s items with its own customer key, granted with the table to the functions that write.');
    acknowledge(role, 'IAM5[Action::kms:ReEncrypt*]', 'Encrypting the table’s items with its own customer key, granted with the table to the functions that write.');
  }
  acknowledge(service.api, 'APIG4', 'Every route but the documentation and the sign-in verifies a JWT in the function: several issuers, each with its JWKS, its audience, its allowed browser origins and a maximum token age, which an API Gateway JWT authorizer (one issuer) cannot express.');
  acknowledge(service.distribution, 'CFR1', 'GPS serves professionals across France and its overseas territories; no country list fits.');
  acknowledge(service.distribution, 'CFR2', 'A web ACL is the operator’s choice (AWS WAF has a cost); API Gateway throttling protects the API.');
  acknowledge(service.distribution, 'CFR3', 'The API’s access logs are in CloudWatch; CloudFront standard logs need an ACL-enabled bucket, which GPS does not create.');
  if (!service.customDomain) {
    acknowledge(service.distribution, 'CFR4', 'With its default *.cloudfront.net certificate CloudFront allows TLS 1.0 viewers; deploy with a custom domain (prop `domain`) to enforce TLS 1.2.');
  }
  for (const child of service.node.findAll()) {
    const id = child.node.id;
    if (['IdentitySecret', 'InvitationSecret', 'SessionKey', 'OidcClientSecret', 'PersonOidcClientSecret'].includes(id)) {
      acknowledge(child, 'SMG4', 'Not rotated automatically: rotating the identity key makes every person unfindable, the others are rotated by the operator (README, Deploy).');
    }
    if (id === 'Web') acknowledge(child, 'S1', 'Read only by CloudFront (OAC); it holds the public widget script and page files, no personal data.');
    if (id === 'DeadLetters') acknowledge(child, 'SQS3', 'This queue is the dead-letter queue of the stream consumer and the scheduled jobs; an alarm watches it.');
  }
  const importsArn = `<${stack.getLogicalId(service.imports.node.defaultChild as CfnElement)}.Arn>`;
  const planner = service.functions.Import!.role!;
  acknowledge(planner, `IAM5[Resource::${importsArn}/imports/*]`, 'Reads the files dropped under imports/ (any name), nothing else of the bucket.');
  for (const role of [planner, service.functions.ImportChunk!.role!]) {
    acknowledge(role, `IAM5[Resource::${importsArn}/rapports/*]`, 'Writes each file’s report under rapports/, nothing else of the bucket.');
    acknowledge(role, `IAM5[Resource::${importsArn}/travail/*]`, 'The chunks of the files being imported and their reports, under travail/ (one folder per file).');
  }
  for (const child of stack.node.children.filter((c) => c.node.id.startsWith('BucketNotificationsHandler'))) {
    acknowledge(child, 'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', 'CDK’s own function that sets the import bucket’s notification: its own logs only.');
  }
  // The bucket deployments' provider function, created by CDK itself at the stack's root.
  for (const child of stack.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))) {
    acknowledge(child, 'L1', 'CDK’s own deployment function; its runtime is chosen by aws-cdk-lib.');
    const policy = child.node.tryFindChild('ServiceRole');
    if (!policy) continue;
    acknowledge(policy, 'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', 'CDK’s deployment function: its own logs only.');
    for (const finding of ['Action::s3:GetObject*', 'Action::s3:GetBucket*', 'Action::s3:List*', 'Action::s3:DeleteObject*', 'Action::s3:Abort*', 'Resource::*']) {
      acknowledge(policy, `IAM5[${finding}]`, 'CDK’s deployment function copies the built files from the asset bucket into the web bucket.');
    }
    acknowledge(policy, `IAM5[Resource::<${stack.getLogicalId(service.node.findChild('Web').node.defaultChild as CfnElement)}.Arn>/*]`, 'CDK’s deployment function writes the web bucket’s files.');
    acknowledge(policy, `IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${stack.region}/*]`, 'CDK’s deployment function reads the built files from the CDK asset bucket.');
  }
}
