/** Where GPS deploys when nothing says otherwise: Paris. */
export const DEFAULT_REGION = 'eu-west-3';

/**
 * The stack's region: `GPS_REGION`, else the `AWS_REGION` the user set, else Paris. Never
 * `CDK_DEFAULT_REGION`: the CDK CLI sets that one itself, to us-east-1 when it finds no AWS
 * profile, which would silently move personal data out of France.
 */
export const gpsRegion = (env: NodeJS.ProcessEnv): string => env.GPS_REGION?.trim() || env.AWS_REGION?.trim() || DEFAULT_REGION;
