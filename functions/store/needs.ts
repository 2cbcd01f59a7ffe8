import { ulid } from 'ulid';
import { conflict, notFound } from '#domain/errors.ts';
import { NEEDS_MAX, type Need, type NeedChanges, type NewNeed } from '#domain/need.ts';
import { auditStep } from './audit.ts';
import type { Store } from './client.ts';
import { transact, type Step } from './conditions.ts';
import { ERASING_ATTRIBUTE, PERSON_OPEN } from './follow-up-items.ts';
import { keys } from './keys.ts';
import { getPerson } from './persons.ts';

/**
 * The person's needs live on their profile item, in the order written: the card a member
 * reads (one GetItem) shows them with no other request, and the erasure takes them with the
 * profile. Only the person writes them, so they do not move the file's version: a member
 * editing the situation meanwhile is not refused for it.
 */
const NEEDS = 'needs';

const fileGone = (current: Record<string, unknown> | undefined) =>
  !current || current[ERASING_ATTRIBUTE] ? notFound('Votre dossier n’existe plus dans GPS.') : undefined;

export async function writeNeed(store: Store, personId: string, input: NewNeed): Promise<Need> {
  const now = store.now().toISOString();
  const need: Need = { id: ulid(), ...input, createdAt: now, updatedAt: now };
  const append: Step = {
    write: {
      Update: {
        TableName: store.table,
        Key: keys.person(personId),
        UpdateExpression: 'SET #needs = list_append(if_not_exists(#needs, :none), :need)',
        ConditionExpression: `${PERSON_OPEN} AND (attribute_not_exists(#needs) OR size(#needs) < :max)`,
        ExpressionAttributeNames: { '#needs': NEEDS },
        ExpressionAttributeValues: { ':none': [], ':need': [need], ':max': NEEDS_MAX },
      },
    },
    onConditionFailed: (current) =>
      fileGone(current) ??
      conflict(`Vous avez déjà écrit ${NEEDS_MAX} besoins : marquez comme « fait » ceux qui le sont, ou modifiez-en un plutôt que d’en ajouter.`, { needsMax: NEEDS_MAX }),
  };
  await transact(store, [append, auditStep(store, { personId, actorId: personId, kind: 'need_written' })]);
  return need;
}

/** A change of one of the person's needs, found by its id; its place in the list is checked in the write, so nothing else is overwritten. */
export async function changeNeed(store: Store, personId: string, needId: string, changes: NeedChanges): Promise<Need> {
  const person = await getPerson(store, personId);
  const index = person?.needs?.findIndex((need) => need.id === needId) ?? -1;
  if (!person || index < 0) throw notFound('Ce besoin n’existe pas dans votre dossier.');
  const changed: Need = { ...person.needs![index]!, ...changes, updatedAt: store.now().toISOString() };
  const replace: Step = {
    write: {
      Update: {
        TableName: store.table,
        Key: keys.person(personId),
        UpdateExpression: `SET #needs[${index}] = :need`,
        ConditionExpression: `${PERSON_OPEN} AND #needs[${index}].id = :id`,
        ExpressionAttributeNames: { '#needs': NEEDS },
        ExpressionAttributeValues: { ':need': changed, ':id': needId },
      },
    },
    onConditionFailed: (current) => fileGone(current) ?? conflict('Ce besoin vient de changer : rechargez la page.'),
  };
  await transact(store, [replace, auditStep(store, { personId, actorId: personId, kind: 'need_updated' })]);
  return changed;
}
