import { Stack } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

/** GPS's secrets, by the variable each becomes in a function (`functions/secrets.ts`). */
export type GpsSecrets = Record<'GPS_IDENTITY_SECRET' | 'GPS_INVITATION_SECRET' | 'GPS_SESSION_KEY' | 'GPS_OIDC_CLIENT_SECRET' | 'GPS_PERSON_OIDC_CLIENT_SECRET', Secret>;
export type SecretName = keyof GpsSecrets;

/** Generated where GPS can, to be filled by the operator where it cannot. */
export const createSecrets = (scope: Construct): GpsSecrets => ({
  GPS_IDENTITY_SECRET: new Secret(scope, 'IdentitySecret', { description: 'GPS: key of the identity HMACs. Never change it.', generateSecretString: { passwordLength: 48, excludePunctuation: true } }),
  GPS_INVITATION_SECRET: new Secret(scope, 'InvitationSecret', { description: 'GPS: key of invitation tokens', generateSecretString: { passwordLength: 48, excludePunctuation: true } }),
  GPS_SESSION_KEY: new Secret(scope, 'SessionKey', { description: 'GPS: ES256 private JWK of the page sessions (npm run session-key)' }),
  GPS_OIDC_CLIENT_SECRET: new Secret(scope, 'OidcClientSecret', { description: 'GPS: client secret at the identity provider (ProConnect)' }),
  GPS_PERSON_OIDC_CLIENT_SECRET: new Secret(scope, 'PersonOidcClientSecret', { description: 'GPS: client secret at the persons\' identity provider (FranceConnect)' }),
});

/**
 * The one place a function gets secrets: `GPS_SECRETS` (which ARN each variable is read from
 * at cold start) and the right to read those, and only those. The two cannot disagree.
 */
export function bindSecrets(fn: LambdaFunction, secrets: GpsSecrets, names: readonly SecretName[]): void {
  fn.addEnvironment('GPS_SECRETS', Stack.of(fn).toJsonString(Object.fromEntries(names.map((name) => [name, secrets[name].secretArn]))));
  for (const name of names) secrets[name].grantRead(fn);
}
