import { z } from '#domain/common.ts';
import { createStore } from '#store/client.ts';
import { createAuthenticator, TrustedIssuer } from './http/auth.ts';
import type { ApiDeps } from './http/route.ts';
import { createSesSender } from './mail/ses-sender.ts';
import type { WorkerDeps } from './workers/deps.ts';

const list = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(',').map((item) => item.trim()).filter(Boolean));

const secret = (name: string, length: number) => z.string().min(length, `${name} : ${length} caractères au moins.`);

/** What every function needs: the table and the keys of what it hashes. */
const StoreEnvironment = z.object({
  GPS_TABLE: z.string().min(1),
  GPS_IDENTITY_SECRET: secret('GPS_IDENTITY_SECRET', 16),
  /** Derives invitation tokens (see domain/invitation.ts): the API hashes them, the sender writes them. */
  GPS_INVITATION_SECRET: secret('GPS_INVITATION_SECRET', 32),
  GPS_DYNAMODB_ENDPOINT: z.url().optional(),
});

const ApiEnvironment = StoreEnvironment.extend({
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

const WorkerEnvironment = StoreEnvironment.extend({
  /** The GPS page that links in e-mails open (invitation, person page, preferences). */
  GPS_PAGE_URL: z.url().transform((url) => url.replace(/\/+$/, '')),
  GPS_MAIL_FROM: z.string().min(3),
  GPS_SES_ENDPOINT: z.url().optional(),
  GPS_SES_CONFIGURATION_SET: z.string().min(1).optional(),
});

/** Configuration comes from environment variables, checked once at start: a bad setting fails loudly. */
function parse<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new Error(`Configuration GPS invalide :\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

const storeOf = (config: z.output<typeof StoreEnvironment>) =>
  createStore({
    table: config.GPS_TABLE,
    identitySecret: config.GPS_IDENTITY_SECRET,
    ...(config.GPS_DYNAMODB_ENDPOINT ? { endpoint: config.GPS_DYNAMODB_ENDPOINT } : {}),
  });

export function depsFromEnv(env: NodeJS.ProcessEnv = process.env): ApiDeps {
  const config = parse(ApiEnvironment, env);
  return {
    store: storeOf(config),
    authenticate: createAuthenticator(config.GPS_TRUSTED_ISSUERS),
    joinPolicy: { authorizedSirets: new Set(config.GPS_AUTHORIZED_SIRETS) },
    allowedOrigins: [...new Set([...config.GPS_ALLOWED_ORIGINS, ...config.GPS_TRUSTED_ISSUERS.flatMap((issuer) => issuer.allowedOrigins)])],
    invitationSecret: config.GPS_INVITATION_SECRET,
  };
}

export function workerDepsFromEnv(env: NodeJS.ProcessEnv = process.env): WorkerDeps {
  const config = parse(WorkerEnvironment, env);
  return {
    store: storeOf(config),
    sendEmail: createSesSender({
      from: config.GPS_MAIL_FROM,
      ...(config.GPS_SES_ENDPOINT ? { endpoint: config.GPS_SES_ENDPOINT } : {}),
      ...(config.GPS_SES_CONFIGURATION_SET ? { configurationSet: config.GPS_SES_CONFIGURATION_SET } : {}),
    }),
    mail: { pageUrl: config.GPS_PAGE_URL, invitationSecret: config.GPS_INVITATION_SECRET },
  };
}
