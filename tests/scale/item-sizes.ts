import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import { invitationToken, tokenHash } from '#domain/invitation.ts';
import { addAction } from '#store/actions.ts';
import { recordAccess } from '#store/audit.ts';
import type { Store } from '#store/client.ts';
import { join } from '#store/follow-ups.ts';
import { createInvitation } from '#store/invitations.ts';
import { createPerson } from '#store/persons.ts';
import { useQuotas } from '#store/quotas.ts';
import { countOnce } from '#store/stats.ts';
import { newPerson, registerPro } from '#tests/support/fixtures.ts';
import { MODELLED_ENTITIES, type ItemSizes } from './model.ts';

/** Bytes of an attribute value as DynamoDB bills them: strings in UTF-8, numbers by digits, 3 bytes and 1 a member for maps and lists. */
function valueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return Math.ceil(value.N.replace(/^-|\.|^0+/g, '').length / 2) + 1;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS) return value.SS.reduce((sum, member) => sum + Buffer.byteLength(member), 0);
  if (value.L) return 3 + value.L.reduce((sum, member) => sum + 1 + valueBytes(member), 0);
  if (value.M) return 3 + itemBytes(value.M) + Object.keys(value.M).length;
  throw new Error(`Type d’attribut non compté : ${Object.keys(value).join(', ')}`);
}

export const itemBytes = (item: Record<string, AttributeValue>) =>
  Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + valueBytes(value), 0);

const LONG_NOTE = 'Permis B en cours, trajets en bus de plus d’une heure vers la zone d’activité ; ';

/**
 * Writes a full file through the store (a long summary and situation, four members, an
 * action, a card read, quotas, an invitation, its counters), then weighs each entity's
 * largest item as DynamoDB Local stored it.
 */
export async function measureItemSizes(store: Store, invitationSecret: string): Promise<ItemSizes> {
  const pros = await Promise.all(Array.from({ length: 4 }, () => registerPro(store)));
  const [creator] = pros as [(typeof pros)[number]];
  const file = newPerson({ lastName: 'Mesure-Taille' });
  const person = await createPerson(
    store,
    creator,
    { ...file, summary: LONG_NOTE.repeat(12), situation: { flags: { rsa: true }, barriers: { mobilite: { note: LONG_NOTE.repeat(3) }, logement: { note: LONG_NOTE.repeat(3) } } } },
    { reason: 'Accompagnement renforcé vers l’emploi' },
  );
  for (const pro of pros.slice(1)) await join(store, pro, person.id, { reason: 'Suivi du parcours', mode: 'direct', source: 'self' });
  await addAction(store, creator, person.id, { date: '2026-12-01', category: 'emploi', text: LONG_NOTE.repeat(6) });
  await recordAccess(store, { personId: person.id, actorId: creator.id, kind: 'card_read' });
  await useQuotas(store, [{ holder: creator.id, kind: 'lookups', max: 1_000 }]);
  const id = ulid();
  await createInvitation(store, creator, person.id, { email: 'collegue@exemple.fr', id, tokenHash: tokenHash(invitationToken(invitationSecret, id)) });
  await countOnce(store, `event.${id}`, [{ day: '2026-12-01', metric: 'links_created', dimensions: ['all', 'departement:69', 'kind:france_travail'] }]);

  const sizes = new Map<string, number>();
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await store.doc.send(new ScanCommand({ TableName: store.table, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      const entity = item.entity?.S ?? '';
      sizes.set(entity, Math.max(sizes.get(entity) ?? 0, itemBytes(item)));
    }
    start = page.LastEvaluatedKey;
  } while (start);
  const missing = MODELLED_ENTITIES.filter((entity) => !sizes.has(entity));
  if (missing.length) throw new Error(`Aucun élément mesuré pour : ${missing.join(', ')}`);
  return Object.fromEntries(MODELLED_ENTITIES.map((entity) => [entity, sizes.get(entity)!])) as ItemSizes;
}
