import { setTimeout } from 'node:timers/promises';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { peersOf } from '#domain/audit-event.ts';
import { notFound } from '#domain/errors.ts';
import type { FollowUp } from '#domain/follow-up.ts';
import type { NewPerson, Person } from '#domain/person.ts';
import type { Professional } from '#domain/professional.ts';
import { auditStep, type AuditInput } from './audit.ts';
import type { Store } from './client.ts';
import { concurrentChange, transact, type Step } from './conditions.ts';
import { conditionalUpdate } from './expressions.ts';
import { becomeReferent, pendingRequestEndedStep, updateMembership } from './follow-ups.ts';
import { followUpItem, newFollowUp, personExistsStep, putLinkStep, whileStatus } from './follow-up-items.ts';
import { keys, type Keys } from './keys.ts';
import { newPersonSteps, readCard } from './persons.ts';

export type ImportOutcome = 'created' | 'updated' | 'unchanged';
export type ImportedLink = { role?: string; startedAt?: string; referent: boolean; certified: boolean };

/**
 * Brings one imported link into the table, changing only what differs: the link (created or
 * reopened, source `import`), its role, and the référent role with its certification, moved
 * in one transaction. Running it again with the same line changes nothing.
 */
export async function importLink(store: Store, pro: Professional, personId: string, line: ImportedLink): Promise<ImportOutcome> {
  const card = await readCard(store, personId);
  if (!card) throw notFound('Bénéficiaire introuvable.');
  let mine = card.members.find((member) => member.proId === pro.id && member.status === 'active');
  let outcome: ImportOutcome = 'unchanged';
  if (!mine) {
    const now = store.now().toISOString();
    const link: FollowUp = {
      ...newFollowUp({ person: card.person, pro, reason: line.role ?? 'Suivi repris par import', ...(line.role ? { role: line.role } : {}), status: 'active', source: 'import', now }),
      ...(line.startedAt ? { startedAt: line.startedAt } : {}),
    };
    const previous = card.members.find((member) => member.proId === pro.id);
    await transact(store, [
      previous?.status === 'pending' ? pendingRequestEndedStep(store, personId, pro.id) : personExistsStep(store, personId),
      putLinkStep(store, link, previous, ['ended', 'declined', 'pending']),
      auditStep(store, { personId, actorId: pro.id, kind: 'joined', peers: peersOf(card.members, pro.id) }),
    ]);
    mine = link;
    outcome = 'created';
  } else if (line.role && mine.role !== line.role) {
    await updateMembership(store, mine, { role: line.role });
    outcome = 'updated';
  }
  if (!line.referent) return outcome;
  const current = card.members.find((member) => member.isReferent);
  if (current?.proId !== pro.id) {
    await becomeReferent(store, mine, current, { certified: line.certified });
    return outcome === 'created' ? outcome : 'updated';
  }
  if (current.certified !== line.certified) {
    await transact(store, [
      {
        write: {
          Update: conditionalUpdate(store.table, keys.followUp(personId, pro.id), { set: { certified: line.certified } }, whileStatus('active', { expression: 'isReferent = :true', values: { ':true': true } })),
        },
      },
      auditStep(store, { personId, actorId: pro.id, kind: 'referent_changed', targetProId: pro.id }),
    ]);
    return 'updated';
  }
  return outcome;
}

/**
 * Takes the certification off an active link that a complete import file lists without
 * certifying (see functions/import/complete.ts); the role stays. Holds only for the period
 * read and while still certified: run again, it finds nothing to do (a conflict). Audited as
 * the import's certification changes are, by the member on their own link (nobody is told).
 */
export async function removeCertification(store: Store, link: FollowUp): Promise<void> {
  await transact(store, [
    {
      write: {
        Update: conditionalUpdate(
          store.table,
          keys.followUp(link.personId, link.proId),
          { set: { certified: false } },
          whileStatus('active', { expression: 'certified = :true AND startedAt = :startedAt', values: { ':true': true, ':startedAt': link.startedAt } }),
        ),
      },
      onConditionFailed: concurrentChange,
    },
    auditStep(store, { personId: link.personId, actorId: link.proId, kind: 'referent_changed', targetProId: link.proId }),
  ]);
}

/** One line of a person new to GPS: its professional (profile ensured) and its link. */
export type NewPersonLine = { pro: Professional; link: ImportedLink };
export type NewImportedPerson = { person: NewPerson; lines: readonly NewPersonLine[] };

/** A person's lines written in one transaction: at most this many (DynamoDB takes 100 items). */
export const NEW_PERSON_LINES_MAX = 20;
/** Items of one transaction (DynamoDB's limit). */
const TRANSACTION_ITEMS_MAX = 100;

/**
 * The writes that create a person new to GPS with all its lines of the file: the person and
 * its guards, each professional's link, the referent, and the audit events the lines would
 * have written one by one. The outcome of each line is the one a line-by-line run reports
 * (first line of a professional `created`, a later one `updated` if it changes the role or
 * the referent, else `unchanged`): the file's order decides, as it does line by line.
 */
function newPersonWrites(store: Store, { person: input, lines }: NewImportedPerson): { personId: string; outcomes: ImportOutcome[]; steps: Step[] } {
  if (lines.length === 0 || lines.length > NEW_PERSON_LINES_MAX) throw new Error(`importNewPersons : de 1 à ${NEW_PERSON_LINES_MAX} lignes par personne.`);
  const now = store.now().toISOString();
  const creator = lines[0]!.pro;
  const person: Person = { ...input, id: ulid(), version: 1, createdAt: now, createdBy: creator.id, updatedAt: now, updatedBy: creator.id };
  const links = new Map<string, FollowUp>();
  const audits: AuditInput[] = [];
  let referent: FollowUp | undefined;
  const outcomes = lines.map(({ pro, link: line }): ImportOutcome => {
    let mine = links.get(pro.id);
    let outcome: ImportOutcome = 'unchanged';
    if (!mine) {
      mine = {
        ...newFollowUp({ person, pro, reason: line.role ?? 'Suivi repris par import', ...(line.role ? { role: line.role } : {}), status: 'active', source: 'import', now }),
        ...(line.startedAt ? { startedAt: line.startedAt } : {}),
      };
      // The person's earlier links of this file are the group this professional meets.
      const peers = peersOf([...links.values()], pro.id);
      links.set(pro.id, mine);
      audits.push({ personId: person.id, actorId: pro.id, kind: links.size === 1 ? 'person_created' : 'joined', peers });
      outcome = 'created';
    } else if (line.role && mine.role !== line.role) {
      mine.role = line.role;
      audits.push({ personId: person.id, actorId: pro.id, kind: 'follow_up_updated' });
      outcome = 'updated';
    }
    if (!line.referent) return outcome;
    if (referent !== mine) {
      if (referent) Object.assign(referent, { isReferent: false, certified: false });
      audits.push({ personId: person.id, actorId: pro.id, kind: 'referent_changed', ...(referent ? { targetProId: referent.proId } : {}) });
      Object.assign(mine, { isReferent: true, certified: line.certified });
      referent = mine;
      return outcome === 'created' ? outcome : 'updated';
    }
    if (mine.certified !== line.certified) {
      mine.certified = line.certified;
      audits.push({ personId: person.id, actorId: pro.id, kind: 'referent_changed', targetProId: pro.id });
      return 'updated';
    }
    return outcome;
  });
  const steps: Step[] = [
    ...newPersonSteps(store, referent ? { ...person, referentProId: referent.proId } : person),
    ...[...links.values()].map((link) => ({ write: { Put: { TableName: store.table, Item: followUpItem(link) } } })),
    ...audits.map((audit) => auditStep(store, audit)),
  ];
  return { personId: person.id, outcomes, steps };
}

/**
 * Creates persons new to GPS, each with all its lines, as few transactions as fit (up to 100
 * items each): the import's cost is its round trips, and one transaction for several persons
 * replaces one or two per line. The guards' conditions stay: if one of these persons was
 * created meanwhile, the transaction throws (`already_exists`, `conflict`) and nothing of it
 * is written; the caller then imports those persons one by one.
 */
export async function importNewPersons(store: Store, persons: readonly NewImportedPerson[]): Promise<{ personId: string; outcomes: ImportOutcome[] }[]> {
  const writes = persons.map((person) => newPersonWrites(store, person));
  const steps = writes.flatMap((write) => write.steps);
  if (steps.length > TRANSACTION_ITEMS_MAX) throw new Error(`importNewPersons : ${steps.length} écritures, au plus ${TRANSACTION_ITEMS_MAX} par transaction.`);
  await transact(store, steps);
  return writes.map(({ personId, outcomes }) => ({ personId, outcomes }));
}

/**
 * Which of these guard keys (identity, France Travail id) are taken: BatchGetItem, 100 keys a
 * request, unprocessed keys asked again. An import asks this for a whole chunk at once, then
 * matches line by line only the persons already in GPS.
 */
export async function takenGuards(store: Store, guards: readonly Keys[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let start = 0; start < guards.length; start += 100) {
    let pending: Record<string, unknown>[] = guards.slice(start, start + 100).map(({ PK, SK }) => ({ PK, SK }));
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > 0) await setTimeout(50 * 2 ** Math.min(attempt, 6));
      const { Responses, UnprocessedKeys } = await store.doc.send(new BatchGetCommand({ RequestItems: { [store.table]: { Keys: pending, ProjectionExpression: 'PK' } } }));
      for (const item of Responses?.[store.table] ?? []) taken.add(item.PK as string);
      pending = (UnprocessedKeys?.[store.table]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return taken;
}
