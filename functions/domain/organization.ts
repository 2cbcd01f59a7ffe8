import * as z from './zod.ts';
import { Departement, Siret, text } from './common.ts';

export const ORGANIZATION_KINDS = [
  'france_travail',
  'mission_locale',
  'cap_emploi',
  'conseil_departemental',
  'ccas_cias',
  'siae',
  'chrs_logement',
  'caf',
  'spip',
  'csapa',
  'caarud',
  'plie',
  'e2c',
  'epide',
  'association',
  'autre',
] as const;

export const OrganizationKind = z.enum(ORGANIZATION_KINDS, 'Type de structure inconnu.');
export type OrganizationKind = z.infer<typeof OrganizationKind>;

/** The service public de l'emploi: these may join any follow-up group directly. */
export const PUBLIC_EMPLOYMENT_SERVICE: ReadonlySet<OrganizationKind> = new Set([
  'france_travail',
  'mission_locale',
  'cap_emploi',
  'conseil_departemental',
]);

export const Organization = z.strictObject({
  siret: Siret,
  name: text(200).meta({ example: 'France Travail Lyon Part-Dieu' }),
  kind: OrganizationKind,
  departement: Departement.optional(),
});
export type Organization = z.infer<typeof Organization>;
