import type { AuditEvent } from '#domain/audit-event.ts';
import { candidatesOf, noticeEmailId, noticesFor, recipientsOf, type Notice } from '#domain/notifications.ts';
import { newOutboxEmail, type EmailContent } from '#domain/outbox.ts';
import type { Professional } from '#domain/professional.ts';
import { enqueue } from '#store/outbox.ts';
import { readCard } from '#store/persons.ts';
import { getRecipients } from '#store/preferences.ts';
import type { WorkerDeps } from './deps.ts';

/** The professional a notice is about; their address is the e-mail's reply-to, since they are the one to answer. */
const actor = (pro: Professional) => ({ firstName: pro.firstName, lastName: pro.lastName, organization: pro.organization, email: pro.email });

function contentOf(notice: Notice, personId: string, about: Professional | undefined): EmailContent | undefined {
  if (notice.template === 'person_need') return { template: 'person_need', personId };
  if (notice.template === 'request_declined') return { template: 'request_declined', personId };
  if (!about) return undefined;
  switch (notice.template) {
    case 'member_joined':
      return { template: 'member_joined', personId, member: actor(about) };
    case 'join_requested':
      return { template: 'join_requested', personId, requester: actor(about) };
    case 'referent_replaced':
      return { template: 'referent_replaced', personId, referent: actor(about) };
    case 'member_removed':
      return { template: 'member_removed', personId, remover: actor(about) };
    case 'request_accepted':
      return { template: 'request_accepted', personId, answerer: actor(about) };
    case 'invitation_declined':
      return { template: 'invitation_declined', personId, invitee: actor(about) };
    case 'member_flagged_unknown':
      // No reply-to: answering would reach the professional the person does not know.
      return { template: 'member_flagged_unknown', personId, member: { firstName: about.firstName, lastName: about.lastName, organization: about.organization } };
  }
}

/**
 * Queues the e-mails an audit event calls for, to the group's active members only (profiles
 * read in BatchGets of 100 keys at most). Each e-mail's id is the recipient's, the person's,
 * the notice's and the day's (see noticeEmailId): an event processed twice queues nothing
 * new, and the same professional joining, leaving and joining again that day neither.
 */
export async function notifyAbout({ store }: WorkerDeps, event: AuditEvent): Promise<number> {
  const notices = noticesFor(event);
  if (notices.length === 0) return 0;
  const card = await readCard(store, event.personId);
  if (!card) return 0;
  const profiles = await getRecipients(store, [
    ...new Set(notices.flatMap((notice) => [...(notice.aboutProId ? [notice.aboutProId] : []), ...candidatesOf(notice, card.members)])),
  ]);
  const preferences = new Map([...profiles].map(([proId, { preferences }]) => [proId, preferences]));
  let queued = 0;
  for (const notice of notices) {
    const content = contentOf(notice, event.personId, notice.aboutProId ? profiles.get(notice.aboutProId)?.pro : undefined);
    if (!content) continue;
    for (const proId of recipientsOf(notice, card.members, preferences)) {
      const recipient = profiles.get(proId)?.pro;
      if (recipient && (await enqueue(store, newOutboxEmail(noticeEmailId(event, notice, proId), recipient.email, content, store.now())))) queued += 1;
    }
  }
  return queued;
}
