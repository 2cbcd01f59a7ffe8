import * as z from './zod.ts';
import { CalendarDate, Email, Id, Phone, Postcode, Timestamp, personName, text } from './common.ts';
import { invalid } from './errors.ts';
import { BarrierKind } from './barriers.ts';
import { NEEDS_MAX, Need } from './need.ts';

const OLDEST_BIRTH_DATE = '1900-01-01';

export const FranceTravailId = z
  .string()
  .trim()
  .toUpperCase()
  .transform((value) => value.replace(/\s/g, ''))
  .pipe(z.string().regex(/^[0-9A-Z]{7,11}$/, 'Identifiant France Travail invalide (7 à 11 chiffres ou lettres).'))
  .meta({ example: '1234567A' });

export const BirthDate = CalendarDate.refine(
  (value) => value >= OLDEST_BIRTH_DATE && value <= new Date().toISOString().slice(0, 10),
  'Date de naissance invraisemblable.',
).meta({ example: '1994-03-12' });

/** What identifies a person for the exact-match lookup; never browsed, never fuzzy. */
export const PersonIdentity = z.strictObject({
  firstName: personName.meta({ description: 'Prénom, tel qu’écrit sur la pièce d’identité.', example: 'Léa' }),
  lastName: personName.meta({ description: 'Nom de naissance ou d’usage, tel qu’écrit sur la pièce d’identité.', example: 'Dubois' }),
  birthDate: BirthDate.meta({ description: 'Date de naissance (AAAA-MM-JJ).' }),
  franceTravailId: FranceTravailId.optional().meta({
    description:
      'Identifiant France Travail, facultatif. Une recherche le compare en plus de l’identité : il retrouve le dossier même si le nom est écrit autrement, à date de naissance égale.',
  }),
});
export type PersonIdentity = z.infer<typeof PersonIdentity>;

export const PersonContact = z.strictObject({
  phone: Phone.optional(),
  email: Email.optional(),
  city: text(100).optional(),
  postcode: Postcode.optional(),
});
export type PersonContact = z.infer<typeof PersonContact>;

export const STATUS_FLAGS = ['rsa', 'demandeurEmploi', 'rqth', 'aah', 'ass', 'jeune'] as const;

export { BARRIER_KINDS, BarrierKind } from './barriers.ts';

export const Situation = z.strictObject({
  flags: z.partialRecord(z.enum(STATUS_FLAGS, 'Statut inconnu.'), z.boolean()).default({}),
  barriers: z.partialRecord(BarrierKind, z.strictObject({ note: text(500).optional() })).default({}),
});
export type Situation = z.infer<typeof Situation>;

const editable = { contact: PersonContact, situation: Situation, summary: text(2000) };

/** The part of a person a professional may edit; optimistic locking guards it. */
export const PersonEditable = z.strictObject({
  contact: editable.contact.default({}),
  situation: editable.situation.default({ flags: {}, barriers: {} }),
  summary: editable.summary.optional(),
});
export type PersonEditable = z.infer<typeof PersonEditable>;

/**
 * A change of some of those parts: what is absent stays as it is. Not `PersonEditable.partial()`:
 * zod 4 applies a default even under `.optional()`, so an absent contact would become `{}`.
 */
export const PersonChanges = z.strictObject(editable).partial();
export type PersonChanges = z.infer<typeof PersonChanges>;

export const NewPerson = PersonEditable.extend({ identity: PersonIdentity });
export type NewPerson = z.infer<typeof NewPerson>;

export const Person = NewPerson.extend({
  id: Id,
  /** Written by the person from their own space (see domain/need.ts); never by a professional. */
  needs: z.array(Need).max(NEEDS_MAX).optional(),
  version: z.int().positive(),
  referentProId: Id.optional(),
  createdAt: Timestamp,
  createdBy: Id,
  updatedAt: Timestamp,
  updatedBy: Id,
});
export type Person = z.infer<typeof Person>;

/** Denormalised on each follow-up link so "my follow-ups" is one query; identity never changes. */
export const PersonSummary = PersonIdentity.pick({ firstName: true, lastName: true, birthDate: true });
export type PersonSummary = z.infer<typeof PersonSummary>;

export const summarize = (identity: PersonIdentity): PersonSummary => ({
  firstName: identity.firstName,
  lastName: identity.lastName,
  birthDate: identity.birthDate,
});

/**
 * Freins whose note would be health or justice data (RGPD art. 9 and 10): Carnet de bord
 * removed « santé » from situations after finding such details there. GPS records the fact
 * (the frein is ticked) and keeps a note only where the operator allows it.
 */
export const SENSITIVE_BARRIERS: readonly BarrierKind[] = ['sante', 'juridique'];

const SENSITIVE_LABEL: Partial<Record<BarrierKind, string>> = { sante: 'Santé', juridique: 'Juridique' };

/** Refuses a note on a sensitive frein unless notes are allowed, naming each field, in French. */
export function assertNoSensitiveNotes(situation: Situation | undefined, notesAllowed: boolean): void {
  if (notesAllowed || !situation) return;
  const noted = SENSITIVE_BARRIERS.filter((kind) => situation.barriers[kind]?.note);
  if (noted.length === 0) return;
  const errors = noted.map((kind) => ({
    pointer: `#/body/situation/barriers/${kind}/note`,
    detail: `Pas de précision pour le frein « ${SENSITIVE_LABEL[kind]} » : cochez-le seulement. Les détails de santé ou de justice n’ont pas leur place dans GPS, et la personne peut lire son dossier.`,
  }));
  throw invalid(errors[0]!.detail, { errors });
}
