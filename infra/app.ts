import { App, Stack } from 'aws-cdk-lib';
import { GpsService } from './gps-service.ts';

const app = new App();
const stack = new Stack(app, 'Gps', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-3' },
});
new GpsService(stack, 'Gps');
app.synth();
