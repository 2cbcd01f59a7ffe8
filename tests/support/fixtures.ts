import { ORGANIZATION_KINDS } from '#domain/organization.ts';
import type { NewPerson } from '#domain/person.ts';
import { ProfessionalClaims } from '#domain/professional.ts';
import type { Store } from '#store/client.ts';
import { ensureProfessional } from '#store/professionals.ts';

/**
 * What the tests' partner portal may assert: every domain the tests write, every SIRET, every
 * kind, France Travail ids. The federation tests register narrower portals beside it.
 */
export const TEST_PORTAL_POLICY = {
  emailDomains: [
    'exemple.gouv.fr', 'exemple.fr', 'envie.fr', 'ft.fr', 'portail.fr', 'francetravail.fr', 'gps.exemple.fr', 'missionlocale.exemple.fr',
    'mairie-villeurbanne.fr', 'francetravail.exemple.fr', 'envie.exemple.fr', 'departement.exemple.fr', 'asso.fr',
  ],
  sirenPrefixes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  organizationKinds: [...ORGANIZATION_KINDS],
  franceTravailId: true,
};

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
  ensureProfessional(store, proClaims(overrides), { registerOrganization: true });

export function newPerson(identity: Partial<NewPerson['identity']> = {}): NewPerson {
  return {
    identity: { firstName: 'Léa', lastName: 'Dubois', birthDate: '1994-03-12', ...identity },
    contact: { city: 'Villeurbanne', postcode: '69100' },
    situation: { flags: { rsa: true }, barriers: { mobilite: { note: 'Pas de permis' } } },
    summary: 'Recherche un emploi dans la logistique.',
  };
}
