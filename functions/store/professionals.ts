import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { isDomainError, alreadyExists } from '#domain/errors.ts';
import { Organization } from '#domain/organization.ts';
import { Professional, type ProfessionalClaims } from '#domain/professional.ts';
import type { Store } from './client.ts';
import { transact } from './conditions.ts';
import { fromItem, keys, toItem } from './keys.ts';

export async function getProfessional(store: Store, proId: string): Promise<Professional | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: keys.professional(proId) }));
  return Item ? Professional.parse(fromItem(Item)) : undefined;
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
      { write: { Put: { TableName: store.table, Item: toItem('professional', keys.professional(pro.id), pro) } } },
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
    { write: { Put: { TableName: store.table, Item: toItem('professional', keys.professional(pro.id), updated) } } },
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
