import type { NewAction } from '#domain/action.ts';
import type { NewPerson } from '#domain/person.ts';
import type { ProfessionalClaims } from '#domain/professional.ts';

/** Demo professionals of the Rhône, one per kind of organization that follows people. */
export const DEMO_PROFESSIONALS = [
  {
    email: 'camille.martin@francetravail.demo',
    firstName: 'Camille',
    lastName: 'Martin',
    phone: '04 72 00 11 22',
    jobTitle: 'Conseillère emploi',
    organization: { siret: '13000548100010', name: 'France Travail Lyon Part-Dieu', kind: 'france_travail', departement: '69' },
  },
  {
    email: 'karim.benali@rhone.demo',
    firstName: 'Karim',
    lastName: 'Benali',
    phone: '04 72 61 00 00',
    jobTitle: 'Référent RSA',
    organization: { siret: '22690001700012', name: 'Département du Rhône', kind: 'conseil_departemental', departement: '69' },
  },
  {
    email: 'sophie.lefebvre@ccas-villeurbanne.demo',
    firstName: 'Sophie',
    lastName: 'Lefebvre',
    phone: '04 78 03 67 00',
    jobTitle: 'Travailleuse sociale',
    organization: { siret: '26690271200017', name: 'CCAS de Villeurbanne', kind: 'ccas_cias', departement: '69' },
  },
  {
    email: 'thomas.nguyen@envie-rhone.demo',
    firstName: 'Thomas',
    lastName: 'Nguyen',
    phone: '04 78 94 12 34',
    jobTitle: "Chargé d'insertion professionnelle",
    organization: { siret: '44306184100047', name: 'Envie Rhône', kind: 'siae', departement: '69' },
  },
  {
    email: 'ines.moreau@missionlocale-lyon.demo',
    firstName: 'Inès',
    lastName: 'Moreau',
    phone: '04 78 28 15 20',
    jobTitle: 'Conseillère Mission Locale',
    organization: { siret: '39352862500039', name: 'Mission Locale de Lyon', kind: 'mission_locale', departement: '69' },
  },
] as const satisfies readonly ProfessionalClaims[];

export type DemoPerson = NewPerson & {
  /** Indexes in DEMO_PROFESSIONALS: the first creates the file, the others join. */
  members: number[];
  referent?: number;
  actions: (NewAction & { by: number })[];
};

const person = (
  [firstName, lastName, birthDate]: [string, string, string],
  [city, postcode]: [string, string],
  situation: NewPerson['situation'],
  summary: string,
  members: number[],
  actions: DemoPerson['actions'] = [],
  referent?: number,
): DemoPerson => ({
  identity: { firstName, lastName, birthDate },
  contact: { city, postcode },
  situation,
  summary,
  members,
  actions,
  ...(referent === undefined ? {} : { referent }),
});

export const DEMO_PERSONS: DemoPerson[] = [
  person(['Léa', 'Dubois', '1994-03-12'], ['Villeurbanne', '69100'],
    { flags: { rsa: true, demandeurEmploi: true }, barriers: { mobilite: { note: 'Pas de permis B' }, gardeEnfants: { note: 'Deux enfants de 3 et 6 ans' } } },
    'Ancienne préparatrice de commandes, cherche un poste en logistique à temps partiel.', [1, 0, 2],
    [{ by: 1, date: '2026-09-14', category: 'orientation', text: 'Orientation vers France Travail pour un accompagnement emploi.' },
     { by: 0, date: '2026-10-02', category: 'formation', text: 'Inscription à la formation CACES 1-3-5 (début en janvier).' },
     { by: 2, date: '2026-10-20', category: 'droits', text: 'Dossier de mode de garde déposé à la CAF.' }], 1),
  person(['Mamadou', 'Diallo', '2004-11-02'], ['Lyon', '69008'],
    { flags: { jeune: true }, barriers: { logement: { note: 'Hébergé chez un ami' }, numerique: { note: "Pas d'ordinateur" } } },
    'Contrat d’engagement jeune depuis septembre ; intéressé par les métiers de la restauration.', [4, 3],
    [{ by: 4, date: '2026-09-05', category: 'orientation', text: 'Entrée en contrat d’engagement jeune.' },
     { by: 3, date: '2026-10-12', category: 'emploi', text: 'Période de mise en situation en milieu professionnel de 2 semaines.' }], 4),
  person(['Nathalie', 'Roux', '1971-06-25'], ['Vaulx-en-Velin', '69120'],
    { flags: { rsa: true, rqth: true }, barriers: { sante: {} } },
    'Ancienne aide-soignante, reconversion vers un poste administratif.', [1, 3],
    [{ by: 3, date: '2026-08-30', category: 'emploi', text: 'Entrée en chantier d’insertion, atelier tri.' }], 1),
  person(['Youssef', 'El Amrani', '1989-01-17'], ['Vénissieux', '69200'],
    { flags: { demandeurEmploi: true, ass: true }, barriers: { finances: { note: 'Dettes de loyer, dossier de surendettement' } } },
    'Chauffeur poids lourd, permis C à renouveler (visite médicale).', [0, 2],
    [{ by: 2, date: '2026-07-11', category: 'droits', text: 'Dossier Banque de France déposé.' }], 0),
  person(['Chloé', 'Petit', '2003-04-08'], ['Lyon', '69009'],
    { flags: { jeune: true, demandeurEmploi: true }, barriers: { mobilite: { note: 'Abonnement TCL trop cher' } } },
    'Bac pro commerce, cherche une alternance en vente.', [4, 0],
    [{ by: 4, date: '2026-10-01', category: 'mobilite', text: 'Aide à la mobilité accordée (abonnement TCL).' }], 4),
  person(['Jean-Pierre', 'Garnier', '1966-12-30'], ['Bron', '69500'],
    { flags: { rsa: true }, barriers: { numerique: { note: 'Ne sait pas utiliser un smartphone' }, sante: {} } },
    'Ancien maçon, cherche une activité adaptée après un accident du travail.', [1, 2, 3], [], 1),
  person(['Aïcha', 'Traoré', '1985-09-19'], ['Villeurbanne', '69100'],
    { flags: { rsa: true }, barriers: { langue: { note: 'Niveau A2 en français' }, gardeEnfants: { note: 'Trois enfants' } } },
    'Souhaite travailler dans le service à la personne.', [2, 1],
    [{ by: 2, date: '2026-06-03', category: 'formation', text: 'Inscription aux ateliers sociolinguistiques.' }]),
  person(['Kevin', 'Lambert', '1998-02-14'], ['Givors', '69700'],
    { flags: { demandeurEmploi: true }, barriers: { juridique: { note: 'Suivi SPIP jusqu’en 2027' } } },
    'CAP électricien, expérience en intérim.', [0, 3], [], 0),
  person(['Fatima', 'Bensaïd', '1979-05-05'], ['Rillieux-la-Pape', '69140'],
    { flags: { rsa: true, demandeurEmploi: true }, barriers: { logement: { note: 'Demande de logement social en cours' } } },
    'Agent d’entretien, cherche un temps plein.', [1, 0], [], 1),
  person(['Lucas', 'Fontaine', '2005-08-21'], ['Oullins', '69600'],
    { flags: { jeune: true }, barriers: { sante: {} } },
    'Sorti du lycée sans diplôme, en recherche de projet.', [4], [], 4),
  person(['Sandrine', 'Chevalier', '1975-10-11'], ['Lyon', '69003'],
    { flags: { rsa: true, aah: false }, barriers: { finances: { note: 'Budget serré' } } },
    'Ancienne secrétaire médicale, reprise d’activité après un congé parental long.', [1, 0], [], 0),
  person(['Olivier', 'Mercier', '1982-03-03'], ['Saint-Priest', '69800'],
    { flags: { demandeurEmploi: true, rqth: true }, barriers: {} },
    'Technicien de maintenance, reconnu travailleur handicapé.', [0], [], 0),
  person(['Emma', 'Girard', '2002-07-27'], ['Lyon', '69007'],
    { flags: { jeune: true, demandeurEmploi: true }, barriers: { logement: { note: 'Foyer jeunes travailleurs' } } },
    'BTS tourisme, cherche un premier emploi.', [4, 0], [], 4),
  person(['Rachid', 'Haddad', '1969-04-16'], ['Décines-Charpieu', '69150'],
    { flags: { rsa: true }, barriers: { mobilite: { note: 'Véhicule en panne' }, finances: {} } },
    'Ancien commerçant, projet de création d’entreprise.', [1, 3], [], 1),
  person(['Julie', 'Blanc', '1991-11-09'], ['Caluire-et-Cuire', '69300'],
    { flags: { demandeurEmploi: true }, barriers: { gardeEnfants: { note: 'Famille monoparentale' } } },
    'Vendeuse, cherche des horaires compatibles avec la garde de son fils.', [0, 2], [], 0),
  person(['Moussa', 'Koné', '1987-01-30'], ['Vaulx-en-Velin', '69120'],
    { flags: { rsa: true }, barriers: { langue: { note: 'Niveau B1' } } },
    'Cariste expérimenté, titres de séjour à jour.', [1, 3, 0], [], 1),
  person(['Manon', 'Rousseau', '2006-02-02'], ['Villeurbanne', '69100'],
    { flags: { jeune: true }, barriers: { logement: { note: 'En rupture familiale' } } },
    'Hébergée en urgence, besoin d’une solution de logement avant tout.', [4, 2], [], 4),
  person(['Patrick', 'Morel', '1963-09-12'], ['Lyon', '69005'],
    { flags: { ass: true, demandeurEmploi: true }, barriers: { numerique: {} } },
    'Cadre commercial senior, chômage de longue durée.', [0], [], 0),
  person(['Samia', 'Chérif', '1993-12-24'], ['Vénissieux', '69200'],
    { flags: { rsa: true }, barriers: { sante: {}, gardeEnfants: { note: 'Cherche une place en crèche pour le printemps' } } },
    'Projet de formation d’auxiliaire de puériculture après la naissance.', [1, 2], [], 1),
  person(['Antoine', 'Faure', '1996-06-06'], ['Meyzieu', '69330'],
    { flags: { demandeurEmploi: true }, barriers: { juridique: {}, finances: { note: 'Amendes impayées' } } },
    'Sortant de détention, accompagné vers un emploi en entreprise d’insertion.', [3, 0], [], 3),
];

/**
 * Persons who sign in to their own space through the local provider, as FranceConnect
 * describes them (every given name, the birth name, the name in use): two have a demo file
 * (one by her name in use), one has none, one shares Léa Dubois's names but not her birth
 * date, so finds nothing.
 */
export const DEMO_PERSON_ACCOUNTS = [
  { login: 'lea.dubois', given_name: 'Léa Marie', family_name: 'DUBOIS', birthdate: '1994-03-12', email: 'lea.dubois@exemple.fr' },
  { login: 'aicha.traore', given_name: 'Aïcha', family_name: 'KONATÉ', preferred_username: 'Traoré', birthdate: '1985-09-19', email: 'aicha.traore@exemple.fr' },
  { login: 'paul.martin', given_name: 'Paul Henri', family_name: 'MARTIN', birthdate: '1990-05-04', email: 'paul.martin@exemple.fr' },
  { login: 'lea.dubois-1995', given_name: 'Léa', family_name: 'DUBOIS', birthdate: '1995-03-12', email: 'lea.dubois.1995@exemple.fr' },
] as const;

/**
 * What the demo portal (the local dev issuer) may assert: exactly the demo professionals'
 * domains and establishments, as an operator would register a partner portal.
 */
export const DEMO_PORTAL_POLICY = {
  emailDomains: [...new Set(DEMO_PROFESSIONALS.map((pro) => pro.email.split('@')[1]!))],
  sirets: DEMO_PROFESSIONALS.map((pro) => pro.organization.siret),
  organizationKinds: [...new Set(DEMO_PROFESSIONALS.map((pro) => pro.organization.kind))],
  franceTravailId: true,
};

/** The demo establishments, as the operator's registry (`GPS_ORGANIZATIONS`) the page's sign-in reads. */
export const DEMO_ORGANIZATIONS = DEMO_PROFESSIONALS.map((pro) => pro.organization);
