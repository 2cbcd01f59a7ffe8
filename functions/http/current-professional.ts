import type { Professional } from '#domain/professional.ts';
import { ensureProfessional } from '#store/professionals.ts';
import type { TrustedIssuer } from './auth.ts';
import type { ApiDeps } from './route.ts';

const CACHE_MS = 5 * 60_000;
const CACHE_SIZE = 1_000;
const cache = new Map<string, { pro: Professional; until: number }>();

/**
 * The professional a verified token speaks for (created on their first call), and its issuer. A warm
 * function remembers it a few minutes, so a request costs no extra DynamoDB round trip
 * for its caller; changed claims make a new cache key, hence a refresh.
 */
export async function currentProfessional(deps: ApiDeps, authorization?: string, origin?: string): Promise<{ pro: Professional; issuer: TrustedIssuer }> {
  const { claims, issuer } = await deps.authenticate(authorization, origin);
  const key = `${deps.store.table}\u0000${JSON.stringify(claims)}`;
  const cached = cache.get(key);
  const now = Date.now();
  if (cached && cached.until > now) return { pro: cached.pro, issuer };
  const pro = await ensureProfessional(deps.store, claims);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, { pro, until: now + CACHE_MS });
  return { pro, issuer };
}
