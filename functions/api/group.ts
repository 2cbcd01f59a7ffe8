import { assertActiveMember } from '#domain/access.ts';
import type { Store } from '#store/client.ts';
import { readCard } from '#store/persons.ts';

/** The group as a member sees it, in one Query; anyone else hears "not found". */
export async function groupSeenBy(store: Store, personId: string, proId: string) {
  const card = await readCard(store, personId);
  const members = card?.members ?? [];
  const me = members.find((member) => member.proId === proId);
  assertActiveMember(me);
  return { me, members };
}

