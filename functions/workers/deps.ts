import type { RetentionPolicy } from '#domain/retention.ts';
import type { Store } from '#store/client.ts';
import type { SendEmail } from '../mail/ses-sender.ts';
import type { MailSettings } from '../mail/templates.ts';

/** What the stream consumer and the scheduled jobs use; built once per container. */
export type WorkerDeps = { store: Store; sendEmail: SendEmail; mail: MailSettings; retention?: RetentionPolicy };
