import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, Stack, Validations } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { GpsService } from './gps-service.ts';
import { acknowledgeNagFindings } from './nag-suppressions.ts';
import { gpsRegion } from './region.ts';
import { legalSettingsFrom } from '../functions/legal/settings.ts';
import { parsePartnerIssuers } from './trusted-issuers.ts';

/**
 * `npx cdk synth` / `cdk deploy`: the settings come from environment variables (README,
 * "Deploy"); none needs an AWS account to synthesize.
 */
const env = process.env;
const list = (value: string | undefined) => (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);
const built = (path: string) => {
  const folder = fileURLToPath(new URL(`../web-components/${path}`, import.meta.url));
  return existsSync(folder) ? folder : undefined;
};
const widgets = built('dist');
const page = built('page/dist');

const app = new App();
const stack = new Stack(app, env.GPS_STACK_NAME ?? 'Gps', {
  // Not CDK_DEFAULT_REGION: the CLI sets it to us-east-1 when it finds no AWS profile.
  env: { account: env.CDK_DEFAULT_ACCOUNT, region: gpsRegion(env) },
  description: 'GPS — Guide de partage et de suivi',
});
const service = new GpsService(stack, 'Gps', {
  // Each entry checked by the schema the functions use (policy, origins, kind): a bad one fails here.
  trustedIssuers: parsePartnerIssuers(env.GPS_TRUSTED_ISSUERS),
  allowedOrigins: list(env.GPS_ALLOWED_ORIGINS),
  authorizedSirets: list(env.GPS_AUTHORIZED_SIRETS),
  administrators: list(env.GPS_ADMINISTRATORS),
  mail: { from: env.GPS_MAIL_FROM ?? 'GPS <ne-pas-repondre@gps.example.fr>', ...(env.GPS_MAIL_DOMAIN ? { domain: env.GPS_MAIL_DOMAIN } : {}) },
  ...(env.GPS_OIDC_ISSUER && env.GPS_OIDC_CLIENT_ID
    ? { oidc: { issuer: env.GPS_OIDC_ISSUER, clientId: env.GPS_OIDC_CLIENT_ID, ...(env.GPS_OIDC_USERINFO_SIGNED_ALG ? { userInfoSignedAlg: env.GPS_OIDC_USERINFO_SIGNED_ALG } : {}) } }
    : {}),
  ...(env.GPS_PERSON_OIDC_ISSUER && env.GPS_PERSON_OIDC_CLIENT_ID
    ? { personOidc: { issuer: env.GPS_PERSON_OIDC_ISSUER, clientId: env.GPS_PERSON_OIDC_CLIENT_ID, ...(env.GPS_PERSON_OIDC_ACR_VALUES ? { acrValues: env.GPS_PERSON_OIDC_ACR_VALUES } : {}) } }
    : {}),
  ...(env.GPS_ALARM_EMAIL ? { alarmEmail: env.GPS_ALARM_EMAIL } : {}),
  ...(env.GPS_DOMAIN_NAMES && env.GPS_CERTIFICATE_ARN ? { domain: { names: list(env.GPS_DOMAIN_NAMES), certificateArn: env.GPS_CERTIFICATE_ARN } } : {}),
  ...(env.GPS_API_ORIGIN_DOMAIN && env.GPS_API_ORIGIN_CERTIFICATE_ARN
    ? { apiOrigin: { domainName: env.GPS_API_ORIGIN_DOMAIN, certificateArn: env.GPS_API_ORIGIN_CERTIFICATE_ARN } }
    : {}),
  ...(env.GPS_LOG_RETENTION_DAYS ? { logRetention: Number(env.GPS_LOG_RETENTION_DAYS) as RetentionDays } : {}),
  // Checked by GpsService as the functions check it (a whole number from 2 to 1000).
  ...(env.GPS_PUBLIC_STATS_THRESHOLD ? { publicStatsThreshold: Number(env.GPS_PUBLIC_STATS_THRESHOLD) } : {}),
  ...(widgets && page ? { webAssets: { widgets, page } } : {}),
  // Checked here: a malformed GPS_LEGAL fails the synthesis with its French message.
  legal: legalSettingsFrom(env.GPS_LEGAL),
});
acknowledgeNagFindings(stack, service);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
