import type { NewPerson } from '#domain/person.ts';
import { ProfessionalClaims } from '#domain/professional.ts';
import type { Store } from '#store/client.ts';
import { ensureProfessional } from '#store/professionals.ts';

let sequence = 0;

/** A professional of a given organization kind, unique per call. */
export function proClaims(overrides: Partial<ProfessionalClaims> = {}): ProfessionalClaims {
  sequence += 1;
  return ProfessionalClaims.parse({
    email: `conseiller.${sequence}@exemple.gouv.fr`,
    firstName: 'Camille',
    lastName: `Martin-${String.fromCharCode(65 + (sequence % 26))}`,
    phone: '06 12 34 56 78',
    organization: { siret: '13000548100010', name: 'France Travail Lyon Part-Dieu', kind: 'france_travail', departement: '69' },
    ...overrides,
  });
}

export const registerPro = (store: Store, overrides: Partial<ProfessionalClaims> = {}) =>
  ensureProfessional(store, proClaims(overrides));

export function newPerson(identity: Partial<NewPerson['identity']> = {}): NewPerson {
  return {
    identity: { firstName: 'Léa', lastName: 'Dubois', birthDate: '1994-03-12', ...identity },
    contact: { city: 'Villeurbanne', postcode: '69100' },
    situation: { flags: { rsa: true }, barriers: { mobilite: { note: 'Pas de permis' } } },
    summary: 'Recherche un emploi dans la logistique.',
  };
}
