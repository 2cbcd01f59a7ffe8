import { afterAll } from 'vitest';
import type { Store } from '#store/client.ts';
import { startSesLocal, type SesLocal } from '#local/ses-local.ts';
import { startStreamPoller } from '#local/stream-poller.ts';
import { createSesSender } from '../../functions/mail/ses-sender.ts';
import type { WorkerDeps } from '../../functions/workers/deps.ts';
import { processRecords } from '../../functions/workers/stream-consumer.ts';
import { TEST_INVITATION_SECRET } from './api.ts';
import { dynamoDbEndpoint } from './store.ts';

export const PAGE_URL = 'https://gps.exemple.fr';

type SentEmail = { destination: { to: string[] }; replyTo: string[]; subject: string; body: { text?: string; html?: string } };

/**
 * The stream consumer and the e-mail sender of GPS on a test table: the table's real
 * stream (read only when a test calls `drain`) and a real SES v2 endpoint (SES local).
 */
export async function testWorkers(store: Store) {
  let ses: SesLocal = await startSesLocal();
  const port = Number(new URL(ses.endpoint).port);
  const deps: WorkerDeps = {
    store,
    sendEmail: createSesSender({ from: 'GPS <ne-pas-repondre@gps.exemple.fr>', endpoint: ses.endpoint }),
    mail: { pageUrl: PAGE_URL, invitationSecret: TEST_INVITATION_SECRET },
  };
  const stream = await startStreamPoller({
    endpoint: dynamoDbEndpoint(),
    table: store.table,
    consume: (records) => processRecords(deps, records),
    intervalMs: 3_600_000,
  });
  let sesUp = true;
  afterAll(async () => {
    await stream.stop();
    if (sesUp) await ses.stop();
  });

  return {
    deps,
    drain: stream.drain,
    /** Every e-mail SES local received, oldest first. */
    mailbox: async (to?: string): Promise<SentEmail[]> => {
      const { emails } = (await (await fetch(`${ses.endpoint}/store`)).json()) as { emails: SentEmail[] };
      return to ? emails.filter((email) => email.destination.to.includes(to)) : emails;
    },
    stopSes: async () => {
      await ses.stop();
      sesUp = false;
    },
    restartSes: async () => {
      ses = await startSesLocal({ port });
      sesUp = true;
    },
  };
}
