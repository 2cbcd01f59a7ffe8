import { coversOrganization, type Provenance, type TrustedIssuer } from '#domain/federation.ts';
import type { Professional } from '#domain/professional.ts';
import { ensureProfessional } from '#store/professionals.ts';
import type { ApiDeps } from './route.ts';

const CACHE_MS = 5 * 60_000;
const CACHE_SIZE = 1_000;
const cache = new Map<string, { pro: Professional; until: number }>();

/**
 * The professional a verified token speaks for (created on their first call), its issuer and
 * the token's provenance. A warm function remembers the professional a few minutes, so a
 * request costs no extra DynamoDB round trip for its caller; changed claims or another
 * issuer make a new cache key, hence a refresh. The token was checked against its issuer's
 * policy before: the organization it names goes to the registry only if that issuer may say
 * what this establishment is.
 */
export async function currentProfessional(
  deps: ApiDeps,
  authorization?: string,
  origin?: string,
): Promise<{ pro: Professional; issuer: TrustedIssuer; provenance: Provenance }> {
  const { claims, issuer, provenance } = await deps.authenticate(authorization, origin);
  const key = `${deps.store.table}\u0000${issuer.issuer}\u0000${JSON.stringify(claims)}`;
  const cached = cache.get(key);
  const now = Date.now();
  if (cached && cached.until > now) return { pro: cached.pro, issuer, provenance };
  const pro = await ensureProfessional(deps.store, claims, { registerOrganization: coversOrganization(issuer, claims.organization) });
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, { pro, until: now + CACHE_MS });
  return { pro, issuer, provenance };
}
