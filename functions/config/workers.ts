import { RetentionPolicy } from '#domain/retention.ts';
import * as z from '#domain/zod.ts';
import { withProvenance } from '#store/client.ts';
import { SYSTEM_PROVENANCE } from '#domain/federation.ts';
import { createSesSender } from '../mail/ses-sender.ts';
import type { WorkerDeps } from '../workers/deps.ts';
import { json, parse, StoreEnvironment, storeOf } from './environment.ts';

const WorkerEnvironment = StoreEnvironment.extend({
  /** The GPS page that links in e-mails open (invitation, person page, preferences). */
  GPS_PAGE_URL: z.url().transform((url) => url.replace(/\/+$/, '')),
  GPS_MAIL_FROM: z.string().min(3),
  GPS_SES_ENDPOINT: z.url().optional(),
  GPS_SES_CONFIGURATION_SET: z.string().min(1).optional(),
  /** JSON `{ "inactiveMonths": 24, "noticeDays": 30 }`, each optional (see domain/retention.ts). */
  GPS_RETENTION: json('GPS_RETENTION', '{}', RetentionPolicy),
});

export function workerDepsFromEnv(env: NodeJS.ProcessEnv = process.env): WorkerDeps {
  const config = parse(WorkerEnvironment, env);
  return {
    store: withProvenance(storeOf(config), SYSTEM_PROVENANCE),
    sendEmail: createSesSender({
      from: config.GPS_MAIL_FROM,
      ...(config.GPS_SES_ENDPOINT ? { endpoint: config.GPS_SES_ENDPOINT } : {}),
      ...(config.GPS_SES_CONFIGURATION_SET ? { configurationSet: config.GPS_SES_CONFIGURATION_SET } : {}),
    }),
    mail: { pageUrl: config.GPS_PAGE_URL, invitationSecret: config.GPS_INVITATION_SECRET },
    retention: config.GPS_RETENTION,
  };
}
