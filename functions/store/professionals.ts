import { GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import { isDomainError, alreadyExists } from '#domain/errors.ts';
import { Organization } from '#domain/organization.ts';
import { Professional, type ProfessionalClaims } from '#domain/professional.ts';
import { logger } from '../observability/logger.ts';
import { batchGetAll } from './batch-get.ts';
import type { Store } from './client.ts';
import { transact } from './conditions.ts';
import { fromItem, keys, partitions, toItem } from './keys.ts';
import { queryAll } from './page.ts';
import { GSI1 } from './table.ts';

/** The profile item, indexed under its organization (see keys.professionalIndex). */
const professionalItem = (pro: Professional) => toItem('professional', { ...keys.professional(pro.id), ...keys.professionalIndex(pro.organization.siret, pro.id) }, pro);

export async function getProfessional(store: Store, proId: string): Promise<Professional | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: keys.professional(proId) }));
  return Item ? Professional.parse(fromItem(Item)) : undefined;
}

/**
 * Profiles only (no preferences), for naming professionals to the person or in an export:
 * one BatchGet per 100. A profile still unread after the retries is logged and left out,
 * so the name shows as unknown rather than the page failing.
 */
export async function getProfessionals(store: Store, proIds: readonly string[]): Promise<Map<string, Professional>> {
  const unique = [...new Set(proIds)];
  if (unique.length === 0) return new Map();
  const { items, unread } = await batchGetAll(store, unique.map((proId) => keys.professional(proId)));
  if (unread.length > 0) logger.warn({ message: 'professionals_unread', unread: unread.length, of: unique.length });
  return new Map(items.map((item) => Professional.parse(fromItem(item))).map((pro) => [pro.id, pro]));
}

export async function professionalIdByEmail(store: Store, email: string): Promise<string | undefined> {
  const { Item } = await store.doc.send(
    new GetCommand({ TableName: store.table, Key: keys.emailGuard(email), ConsistentRead: true }),
  );
  return Item?.proId as string | undefined;
}

/**
 * Whether the claims' organization also goes to the registry (`ORG#siret`): only from a
 * trusted source of it (an issuer whose policy covers that SIRET, or an import). The page's
 * sign-in reads the registry and never writes it.
 */
export type RegistryWrite = { registerOrganization: boolean };

/**
 * The professional a token speaks for, created on their first call. The e-mail guard is
 * written with the profile, so two first calls at once still make one professional.
 * Claims are the source of truth: a changed name, phone or organization is kept (the
 * caller checked that their issuer may assert them).
 */
export async function ensureProfessional(store: Store, claims: ProfessionalClaims, { registerOrganization }: RegistryWrite): Promise<Professional> {
  const now = store.now().toISOString();
  const existingId = await professionalIdByEmail(store, claims.email);
  const existing = existingId ? await getProfessional(store, existingId) : undefined;
  if (existing) return refreshClaims(store, existing, claims, now, registerOrganization);

  const pro: Professional = { ...claims, id: ulid(), createdAt: now, updatedAt: now };
  try {
    await transact(store, [
      {
        write: {
          Put: {
            TableName: store.table,
            Item: toItem('email_guard', keys.emailGuard(pro.email), { proId: pro.id }),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        onConditionFailed: () => alreadyExists('Professionnel déjà enregistré.'),
      },
      { write: { Put: { TableName: store.table, Item: professionalItem(pro) } } },
      ...organizationSteps(store, pro, registerOrganization),
    ]);
    return pro;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    // Another first call of the same professional won the race: theirs is the profile.
    const winnerId = await professionalIdByEmail(store, claims.email);
    const winner = winnerId ? await getProfessional(store, winnerId) : undefined;
    if (!winner) throw error;
    return winner;
  }
}

async function refreshClaims(store: Store, pro: Professional, claims: ProfessionalClaims, now: string, registerOrganization: boolean) {
  const fresh = Professional.parse({ ...pro, ...claims });
  if (JSON.stringify(fresh) === JSON.stringify(pro)) return pro;
  const updated = { ...fresh, updatedAt: now };
  await transact(store, [
    { write: { Put: { TableName: store.table, Item: professionalItem(updated) } } },
    ...organizationSteps(store, updated, registerOrganization),
  ]);
  return updated;
}

const organizationSteps = (store: Store, pro: Professional, registerOrganization: boolean) =>
  registerOrganization ? [{ write: { Put: { TableName: store.table, Item: toItem('organization', keys.organization(pro.organization.siret), pro.organization) } } }] : [];

/**
 * The registry the page's sign-in reads its users' organization from: the operator's
 * configuration (`GPS_ORGANIZATIONS`) first, then what imports and covering partners wrote.
 */
export const registeredOrganization = async (store: Store, configured: ReadonlyMap<string, Organization>, siret: string) =>
  configured.get(siret) ?? (await getOrganization(store, siret));

/** An organization GPS knows (from a partner whose policy covers it, or an import), by SIRET. */
export async function getOrganization(store: Store, siret: string): Promise<Organization | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: keys.organization(siret) }));
  const parsed = Organization.safeParse(Item ? fromItem(Item) : undefined);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The professionals whose profile names this organization: one GSI1 Query, every page. A
 * complete import file reads them, then their links. Eventually consistent, as GSI1 is: a
 * professional registered a moment ago may be missing, and so are their links (a new link is
 * never one to end).
 */
export async function professionalsOf(store: Store, siret: string): Promise<Professional[]> {
  const items = await queryAll(store, {
    IndexName: GSI1.name,
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': partitions.professionalsOf(siret) },
  });
  return items.map((item) => Professional.parse(fromItem(item)));
}

/**
 * Indexes the profiles written before the organization index existed (`npm run
 * index-professionals`, once after deploying it): one Scan, each profile without the index
 * given the one of the organization it names, unless it was written again meanwhile (which
 * indexed it). Safe to run again: it finds nothing left.
 */
export async function indexProfessionals(store: Store): Promise<{ indexed: number }> {
  let indexed = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await store.doc.send(
      new ScanCommand({
        TableName: store.table,
        FilterExpression: 'entity = :professional AND attribute_not_exists(GSI1PK)',
        ExpressionAttributeValues: { ':professional': 'professional' },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const pro = Professional.parse(fromItem(item));
      const index = keys.professionalIndex(pro.organization.siret, pro.id);
      try {
        await store.doc.send(
          new UpdateCommand({
            TableName: store.table,
            Key: keys.professional(pro.id),
            UpdateExpression: 'SET GSI1PK = :pk, GSI1SK = :sk',
            ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(GSI1PK) AND updatedAt = :updatedAt',
            ExpressionAttributeValues: { ':pk': index.GSI1PK, ':sk': index.GSI1SK, ':updatedAt': pro.updatedAt },
          }),
        );
        indexed += 1;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { indexed };
}
