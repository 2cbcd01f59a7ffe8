import { conflict } from '#domain/errors.ts';
import type { OutboxEmail } from '#domain/outbox.ts';
import { auditStep } from './audit.ts';
import type { Store } from './client.ts';
import { transact } from './conditions.ts';
import { activityStep } from './follow-up-items.ts';
import { outboxStep } from './outbox.ts';

/**
 * « Demander à être contacté » by a confidential member: the asker's proof of membership, the
 * audit event and the e-mail, in one transaction. The e-mail's id is the day's, so asking
 * twice in a day is refused rather than mailing twice.
 */
export async function requestContact(store: Store, personId: string, askerId: string, targetProId: string, email: OutboxEmail): Promise<void> {
  await transact(store, [
    activityStep(store, personId, askerId, store.now().toISOString()),
    auditStep(store, { personId, actorId: askerId, kind: 'contact_requested', targetProId }),
    {
      ...outboxStep(store, email),
      onConditionFailed: () => conflict('Vous avez déjà demandé à ce membre de vous contacter aujourd’hui : il a reçu vos coordonnées.'),
    },
  ]);
}
