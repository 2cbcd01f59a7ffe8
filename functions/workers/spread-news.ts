import type { AuditEvent } from '#domain/audit-event.ts';
import { newsOf, newsRecipients } from '#domain/news.ts';
import { addNews } from '#store/news.ts';
import { readCard } from '#store/persons.ts';
import type { WorkerDeps } from './deps.ts';

/** Marks the event's news on the other active members' links (see domain/news.ts). */
export async function spreadNews({ store }: WorkerDeps, event: AuditEvent): Promise<number> {
  const kind = newsOf(event);
  if (!kind) return 0;
  const card = await readCard(store, event.personId);
  if (!card) return 0;
  const active = card.members.filter((member) => member.status === 'active').map((member) => member.proId);
  const marked = await Promise.all(newsRecipients(event, active).map((proId) => addNews(store, event.personId, proId, kind, event.at)));
  return marked.filter(Boolean).length;
}
