import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { alreadyExists, conflict, notFound } from '#domain/errors.ts';
import { FollowUp, type FollowUpSource } from '#domain/follow-up.ts';
import { franceTravailDigest, identityDigest } from '#domain/identity.ts';
import { Person, type NewPerson, type PersonChanges, type PersonIdentity } from '#domain/person.ts';
import type { Professional } from '#domain/professional.ts';
import { auditStep } from './audit.ts';
import type { Store } from './client.ts';
import { transact, type Step } from './conditions.ts';
import { updateExpression } from './expressions.ts';
import { ERASING_ATTRIBUTE, activityStep, newFollowUp, followUpItem } from './follow-up-items.ts';
import { MEMBER_PREFIX, fromItem, keys, partitions, toItem, type Keys } from './keys.ts';
import { queryAll } from './page.ts';

const IDENTITY_TAKEN = 'Cette personne existe déjà dans GPS : demandez à rejoindre son groupe de suivi.';

/** The guards that make a person's identity (and France Travail id, if any) unique. */
export const guardKeys = (store: Store, identity: PersonIdentity): Keys[] => [
  keys.identityGuard(identityDigest(store.identitySecret, identity)),
  ...(identity.franceTravailId ? [keys.franceTravailGuard(franceTravailDigest(store.identitySecret, identity.franceTravailId))] : []),
];

const FRANCE_TRAVAIL_ID_TAKEN =
  'Cet identifiant France Travail est déjà celui d’une autre personne dans GPS (autre nom, prénom ou date de naissance) : vérifiez-le. Rien n’a été enregistré.';

/**
 * Same identity: the person exists, join them. Same France Travail id with another identity:
 * a conflict to report, never a file to merge into, and nothing said of the other person.
 */
const guardStep = (store: Store, guard: Keys, personId: string): Step => ({
  write: {
    Put: {
      TableName: store.table,
      Item: toItem(guard.SK === 'FTID' ? 'france_travail_guard' : 'identity_guard', guard, { personId }),
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  },
  onConditionFailed: (current) =>
    guard.SK === 'FTID' ? conflict(FRANCE_TRAVAIL_ID_TAKEN, { field: 'identity.franceTravailId' }) : alreadyExists(IDENTITY_TAKEN, { personId: current?.personId }),
});

/** A new person's item and its guards: what any creation of a person writes, in its transaction. */
export const newPersonSteps = (store: Store, person: Person): Step[] => [
  {
    write: {
      Put: {
        TableName: store.table,
        Item: toItem('person', keys.person(person.id), person),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
  },
  ...guardKeys(store, person.identity).map((guard) => guardStep(store, guard, person.id)),
];

/**
 * Creates a person with its creator as first member, in one transaction with the guards
 * that make identity and France Travail id unique: two professionals creating the same
 * person at once get one person and one `already_exists` error carrying its id.
 */
export async function createPerson(
  store: Store,
  creator: Professional,
  input: NewPerson,
  membership: { reason: string; role?: string; source?: FollowUpSource; startedAt?: string },
): Promise<Person> {
  const now = store.now().toISOString();
  const person: Person = { ...input, id: ulid(), version: 1, createdAt: now, createdBy: creator.id, updatedAt: now, updatedBy: creator.id };
  const { identity } = person;
  const { startedAt, source = 'self', ...details } = membership;
  const link = { ...newFollowUp({ person, pro: creator, ...details, status: 'active', source, now }), ...(startedAt ? { startedAt } : {}) };
  const steps: Step[] = [
    ...newPersonSteps(store, person),
    { write: { Put: { TableName: store.table, Item: followUpItem(link) } } },
    // A new group: its creator meets nobody yet (recorded, so the stats know it is no older event).
    auditStep(store, { personId: person.id, actorId: creator.id, kind: 'person_created', peers: [] }),
  ];
  await transact(store, steps);
  return person;
}

const guardedPersonId = async (store: Store, guard: Keys) =>
  (await store.doc.send(new GetCommand({ TableName: store.table, Key: guard }))).Item?.personId as string | undefined;

/** The person of exactly these names and birth date: one GetItem on the identity guard. */
export const personIdByIdentity = (store: Store, identity: Pick<PersonIdentity, 'firstName' | 'lastName' | 'birthDate'>) =>
  guardedPersonId(store, keys.identityGuard(identityDigest(store.identitySecret, identity)));

/** The person holding this France Travail id, whoever they are: for the import, which trusts its file. */
export const personIdByFranceTravailId = (store: Store, franceTravailId: string) =>
  guardedPersonId(store, keys.franceTravailGuard(franceTravailDigest(store.identitySecret, franceTravailId)));

/**
 * A professional's exact lookup. The France Travail id narrows it, never widens it: the
 * identity's own match comes first, and a file found by the id alone must have the same
 * birth date (names are spelled many ways across systems; a birth date is not). So a
 * squatted id, or a real id with a wrong birth date, finds nothing.
 */
export async function findPerson(store: Store, identity: PersonIdentity): Promise<{ personId: string; means: 'identity' | 'france_travail_id' } | undefined> {
  const [byIdentity, byFranceTravailId] = await Promise.all([
    personIdByIdentity(store, identity),
    identity.franceTravailId ? personIdByFranceTravailId(store, identity.franceTravailId) : undefined,
  ]);
  if (byIdentity) return { personId: byIdentity, means: 'identity' };
  if (!byFranceTravailId) return undefined;
  const holder = await getPerson(store, byFranceTravailId);
  return holder?.identity.birthDate === identity.birthDate ? { personId: byFranceTravailId, means: 'france_travail_id' } : undefined;
}

export const findPersonId = async (store: Store, identity: PersonIdentity) => (await findPerson(store, identity))?.personId;

export type Card = { person: Person; members: FollowUp[] };

/**
 * Store bookkeeping on the PROFILE item, not part of the person: the professionals whose join
 * request waits for an answer, a string set that caps them (see `follow-ups.join`). DynamoDB
 * drops the attribute when its last element goes, so a person with no request has none.
 */
export const PENDING_REQUESTS_ATTRIBUTE = 'pendingProIds';

const personOf = (item: Record<string, unknown>): Person => {
  const { [PENDING_REQUESTS_ATTRIBUTE]: _requests, [ERASING_ATTRIBUTE]: _erasing, ...data } = fromItem(item);
  return Person.parse(data);
};

/**
 * The card and every follow-up link (current, past, pending): `SK >= MEMBER#` selects the
 * MEMBER# items and PROFILE, and leaves out the ACTION# items that sort before. One request
 * as long as the group fits in a Query page (1 MB, hundreds of links); a bigger one is read
 * page after page, since PROFILE sorts last and a card cut at the first page would be none.
 */
export async function readCard(store: Store, personId: string): Promise<Card | undefined> {
  const items = await queryAll(store, {
    KeyConditionExpression: 'PK = :pk AND SK >= :members',
    ExpressionAttributeValues: { ':pk': partitions.person(personId), ':members': MEMBER_PREFIX },
    ConsistentRead: true,
  });
  const profile = items.find((item) => item.entity === 'person');
  if (!profile) return undefined;
  return {
    person: personOf(profile),
    members: items.filter((item) => item.entity === 'follow_up').map((item) => FollowUp.parse(fromItem(item))),
  };
}

export async function getPerson(store: Store, personId: string): Promise<Person | undefined> {
  const { Item } = await store.doc.send(
    new GetCommand({ TableName: store.table, Key: keys.person(personId), ConsistentRead: true }),
  );
  return Item ? personOf(Item) : undefined;
}

/**
 * Optimistic locking: the update applies only if the person is still at `expectedVersion`,
 * and only while the editor is an active member; a stale version is a conflict.
 */
export async function updatePerson(
  store: Store,
  editorId: string,
  personId: string,
  expectedVersion: number,
  changes: PersonChanges,
): Promise<Person> {
  const now = store.now().toISOString();
  const update = updateExpression({ ...changes, updatedAt: now, updatedBy: editorId });
  // Membership first: a non-member must learn nothing, not even that the version is stale.
  await transact(store, [
    activityStep(store, personId, editorId, now),
    {
      write: {
        Update: {
          TableName: store.table,
          Key: keys.person(personId),
          ...update,
          UpdateExpression: `${update.UpdateExpression}, #version = #version + :one`,
          ConditionExpression: 'attribute_exists(PK) AND #version = :expected',
          ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#version': 'version' },
          ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':one': 1, ':expected': expectedVersion },
        },
      },
      onConditionFailed: (current) =>
        current
          ? conflict('Ce dossier a été modifié entre-temps par une autre personne de l’équipe. Rechargez-le avant de modifier.', {
              currentVersion: current.version,
            })
          : notFound(),
    },
    auditStep(store, { personId, actorId: editorId, kind: 'person_updated' }),
  ]);
  const updated = await getPerson(store, personId);
  if (!updated) throw notFound();
  return updated;
}

