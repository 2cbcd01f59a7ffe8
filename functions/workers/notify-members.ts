import type { AuditEvent } from '#domain/audit-event.ts';
import { noticeFor, recipientsOf, type Notice } from '#domain/notifications.ts';
import { newOutboxEmail, type EmailContent } from '#domain/outbox.ts';
import type { Professional } from '#domain/professional.ts';
import { enqueue } from '#store/outbox.ts';
import { readCard } from '#store/persons.ts';
import { getRecipients } from '#store/preferences.ts';
import type { WorkerDeps } from './deps.ts';

const actor = (pro: Professional) => ({ firstName: pro.firstName, lastName: pro.lastName, organization: pro.organization });

function contentOf(notice: Notice, personId: string, about: Professional): EmailContent {
  switch (notice.template) {
    case 'member_joined':
      return { template: 'member_joined', personId, member: actor(about) };
    case 'join_requested':
      return { template: 'join_requested', personId, requester: actor(about) };
    case 'referent_replaced':
      return { template: 'referent_replaced', personId, referent: actor(about) };
    case 'member_removed':
      return { template: 'member_removed', personId, remover: actor(about) };
  }
}

/**
 * Queues the e-mails an audit event calls for. Each e-mail's id is the event's and the
 * recipient's, so an event processed twice queues nothing new.
 */
export async function notifyAbout({ store }: WorkerDeps, event: AuditEvent): Promise<number> {
  const notice = noticeFor(event);
  if (!notice) return 0;
  const card = await readCard(store, event.personId);
  if (!card) return 0;
  const candidates = 'proId' in notice.to ? [notice.to.proId] : card.members.map((m) => m.proId);
  const profiles = await getRecipients(store, [notice.aboutProId, ...candidates]);
  const about = profiles.get(notice.aboutProId)?.pro;
  if (!about) return 0;
  const preferences = new Map([...profiles].map(([proId, { preferences }]) => [proId, preferences]));
  const content = contentOf(notice, event.personId, about);
  let queued = 0;
  for (const proId of recipientsOf(notice, card.members, preferences)) {
    const recipient = profiles.get(proId)?.pro;
    if (recipient && (await enqueue(store, newOutboxEmail(`notice.${event.id}.${proId}`, recipient.email, content, store.now())))) queued += 1;
  }
  return queued;
}
