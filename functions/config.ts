import { z } from '#domain/common.ts';
import { createStore } from '#store/client.ts';
import { createAuthenticator, TrustedIssuer } from './http/auth.ts';
import type { ApiDeps } from './http/route.ts';

const list = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(',').map((item) => item.trim()).filter(Boolean));

/** Configuration, from environment variables, checked once at start: a bad setting fails loudly. */
const Environment = z.object({
  GPS_TABLE: z.string().min(1),
  GPS_IDENTITY_SECRET: z.string().min(16, 'GPS_IDENTITY_SECRET : 16 caractères au moins.'),
  GPS_DYNAMODB_ENDPOINT: z.url().optional(),
  GPS_TRUSTED_ISSUERS: z
    .string()
    .transform((value, ctx) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'GPS_TRUSTED_ISSUERS : JSON invalide.' });
        return z.NEVER;
      }
    })
    .pipe(z.array(TrustedIssuer).min(1)),
  GPS_AUTHORIZED_SIRETS: list,
  GPS_ALLOWED_ORIGINS: list,
});

export function depsFromEnv(env: NodeJS.ProcessEnv = process.env): ApiDeps {
  const parsed = Environment.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Configuration GPS invalide :\n${z.prettifyError(parsed.error)}`);
  }
  const config = parsed.data;
  return {
    store: createStore({
      table: config.GPS_TABLE,
      identitySecret: config.GPS_IDENTITY_SECRET,
      ...(config.GPS_DYNAMODB_ENDPOINT ? { endpoint: config.GPS_DYNAMODB_ENDPOINT } : {}),
    }),
    authenticate: createAuthenticator(config.GPS_TRUSTED_ISSUERS),
    joinPolicy: { authorizedSirets: new Set(config.GPS_AUTHORIZED_SIRETS) },
    allowedOrigins: [...new Set([...config.GPS_ALLOWED_ORIGINS, ...config.GPS_TRUSTED_ISSUERS.flatMap((issuer) => issuer.allowedOrigins)])],
  };
}
