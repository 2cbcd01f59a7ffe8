import type { Provenance, TrustedIssuer } from '#domain/federation.ts';
import { identityCandidates, type PivotIdentity } from '#domain/pivot-identity.ts';
import { personIdByIdentity } from '#store/persons.ts';
import { HttpProblem } from './problem.ts';
import type { ApiDeps } from './route.ts';

/** The person a person token speaks for: their file's id, found by their exact identity, and that identity. */
export type PersonCaller = { me: { personId: string; pivot: PivotIdentity }; issuer: TrustedIssuer; provenance: Provenance };

const CACHE_MS = 60_000;
const CACHE_SIZE = 1_000;
const found = new Map<string, { personId: string; until: number }>();

export const noFile = () =>
  new HttpProblem(
    404,
    'no-file',
    'Aucun dossier',
    'Aucun dossier GPS ne correspond à votre identité (prénoms, nom et date de naissance). Si un professionnel vous accompagne, il peut en créer un ; sinon, il n’y a rien à votre nom dans GPS.',
  );

/**
 * The file of the person a verified token speaks for, by the same HMAC identity guard as a
 * professional's lookup, tried for each way the file may have been written (see
 * `identityCandidates`): never a search, never a list. Two files answering the same person
 * is a conflict for their professionals to solve, not a file to choose. A warm function
 * remembers a file it found for a minute; an absence is asked again each time, so a file
 * created meanwhile is found.
 */
export async function currentPerson(deps: ApiDeps, authorization?: string, origin?: string): Promise<PersonCaller> {
  const { pivot, issuer, provenance } = await deps.authenticatePerson(authorization, origin);
  const key = `${deps.store.table}\u0000${issuer.issuer}\u0000${JSON.stringify(pivot)}`;
  const now = Date.now();
  const cached = found.get(key);
  if (cached && cached.until > now) return { me: { personId: cached.personId, pivot }, issuer, provenance };
  const ids = new Set((await Promise.all(identityCandidates(pivot).map((identity) => personIdByIdentity(deps.store, identity)))).filter((id) => id !== undefined));
  if (ids.size === 0) throw noFile();
  if (ids.size > 1) {
    throw new HttpProblem(409, 'several-files', 'Plusieurs dossiers', 'Plusieurs dossiers GPS correspondent à votre identité : demandez à un professionnel qui vous accompagne de les faire réunir. Rien ne vous est montré en attendant.');
  }
  const [personId] = ids as Set<string>;
  if (found.size >= CACHE_SIZE) found.delete(found.keys().next().value!);
  found.set(key, { personId: personId!, until: now + CACHE_MS });
  return { me: { personId: personId!, pivot }, issuer, provenance };
}
