import { claim, dueEmailIds, markFailed, markSent } from '#store/outbox.ts';
import { renderEmail } from '../mail/templates.ts';
import { logger } from '../observability/logger.ts';
import type { WorkerDeps } from './deps.ts';

export type Delivery = 'sent' | 'retry' | 'failed' | 'not_due';

/**
 * Sends one queued e-mail: claim it (so nobody else sends it), send it through SES, mark it
 * sent; if SES fails, give it back with a later due time. Safe to call for any id, any number
 * of times: an e-mail sent already or taken by someone else is left alone.
 */
export async function deliverEmail({ store, sendEmail, mail }: WorkerDeps, id: string): Promise<Delivery> {
  const email = await claim(store, id);
  if (!email) return 'not_due';
  let messageId: string;
  try {
    messageId = await sendEmail(email.to, renderEmail(email.content, mail));
  } catch (error) {
    const outcome = await markFailed(store, email, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    logger.warn({ message: 'email_not_sent', emailId: id, attempts: email.attempts, outcome }, error as Error);
    return outcome;
  }
  await markSent(store, email, messageId);
  return 'sent';
}

/** The retry job: every e-mail due now (failed before, or left by a crashed sender), one by one. */
export async function deliverDueEmails(deps: WorkerDeps): Promise<Record<Delivery, number>> {
  const tally: Record<Delivery, number> = { sent: 0, retry: 0, failed: 0, not_due: 0 };
  for (const id of await dueEmailIds(deps.store)) tally[await deliverEmail(deps, id)] += 1;
  return tally;
}
