/**
 * On AWS, secrets are not in the function's environment: `GPS_SECRETS` maps each variable
 * to a Secrets Manager ARN, read once per container (at cold start) into `process.env`, so
 * the configuration code is the same locally and on AWS.
 */
export async function loadSecrets(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!env.GPS_SECRETS) return;
  const arns = JSON.parse(env.GPS_SECRETS) as Record<string, string>;
  // Imported only where secrets are to be read: the SDK client is a package of its own to load.
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({});
  await Promise.all(
    Object.entries(arns).map(async ([name, arn]) => {
      const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: arn }));
      if (SecretString) env[name] = SecretString;
    }),
  );
  client.destroy();
}
