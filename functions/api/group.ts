import { assertActiveMember } from '#domain/access.ts';
import { DEFAULT_CONFIDENTIAL_KINDS } from '#domain/confidentiality.ts';
import type { ApiDeps } from '../http/route.ts';
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


const DEFAULT_KINDS = new Set(DEFAULT_CONFIDENTIAL_KINDS);

/** The organization kinds the other members see as « un accompagnement confidentiel ». */
export const confidentialKindsOf = (deps: Pick<ApiDeps, 'confidentialKinds'>) => deps.confidentialKinds ?? DEFAULT_KINDS;
