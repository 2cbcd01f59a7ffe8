import * as z from '#domain/zod.ts';
import { createStore } from '#store/client.ts';

const secret = (name: string, length: number) => z.string().min(length, `${name} : ${length} caractères au moins.`);

/** JSON in one variable, checked by its schema; absent is `absent`. */
export const json = <S extends z.ZodType>(name: string, absent: string, schema: S) =>
  z
    .string()
    .default(absent)
    .transform((value, ctx) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: `${name} : JSON invalide.` });
        return z.NEVER;
      }
    })
    .pipe(schema);

/** The table, and the key persons are found by: all the import needs. */
const TableEnvironment = z.object({
  GPS_TABLE: z.string().min(1),
  GPS_IDENTITY_SECRET: secret('GPS_IDENTITY_SECRET', 16),
  GPS_DYNAMODB_ENDPOINT: z.url().optional(),
});

/** What every API and worker function needs: the table and the keys of what it hashes. */
export const StoreEnvironment = TableEnvironment.extend({
  /** Derives invitation tokens (see domain/invitation.ts): the API hashes them, the sender writes them. */
  GPS_INVITATION_SECRET: secret('GPS_INVITATION_SECRET', 32),
});

/** Configuration comes from environment variables, checked once at start: a bad setting fails loudly. */
export function parse<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new Error(`Configuration GPS invalide :\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export const storeOf = (config: z.output<typeof TableEnvironment>) =>
  createStore({
    table: config.GPS_TABLE,
    identitySecret: config.GPS_IDENTITY_SECRET,
    ...(config.GPS_DYNAMODB_ENDPOINT ? { endpoint: config.GPS_DYNAMODB_ENDPOINT } : {}),
  });

/** The store alone, for the import (CLI and S3-triggered function). */
export const storeFromEnv = (env: NodeJS.ProcessEnv = process.env) => storeOf(parse(TableEnvironment, env));
