import * as z from './zod.ts';

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Free text typed by a professional: trimmed, bounded, no control characters. */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { message: 'Ce champ ne peut pas être vide.', abort: true })
    .max(max, `${max} caractères au maximum.`)
    .refine((value) => !CONTROL_CHARACTERS.test(value), 'Caractères de contrôle interdits.');

/** A person's or professional's name as written on an ID card. */
export const personName = z
  .string()
  .trim()
  .min(1, { message: 'Le nom ne peut pas être vide.', abort: true })
  .max(100, '100 caractères au maximum.')
  .regex(/^[\p{L}\p{M}][\p{L}\p{M}'’ .-]*$/u, 'Lettres, espaces, tirets et apostrophes uniquement.')
  .meta({ example: 'Camille' });

export const Id = z.ulid('Identifiant invalide.').meta({ example: '01JDX4Q6Z8M2K5T7V9W1Y3A5C7' });
export type Id = z.infer<typeof Id>;

export const Timestamp = z.iso.datetime({ message: 'Date et heure ISO 8601 attendues (UTC).' }).meta({ example: '2026-11-23T09:30:00.000Z' });
export type Timestamp = z.infer<typeof Timestamp>;

export const CalendarDate = z.iso.date({ message: 'Date attendue au format AAAA-MM-JJ.', abort: true }).meta({ example: '2026-11-23' });

export const Email = z
  .string()
  .trim()
  .max(254, 'Adresse e-mail trop longue.')
  .toLowerCase()
  .pipe(z.email('Adresse e-mail invalide.'))
  .meta({ example: 'camille.martin@francetravail.fr' });

/** French numbers in any usual writing, or an international +XX number; stored without separators. */
export const Phone = z
  .string()
  .trim()
  .max(30, 'Numéro de téléphone trop long.')
  .transform((value) => value.replace(/[\s.()-]/g, ''))
  .pipe(z.string().regex(/^(0[1-9]\d{8}|\+\d{8,15})$/, 'Numéro de téléphone invalide (ex. 06 12 34 56 78).'))
  .meta({ example: '04 72 61 00 00' });

export const Siret = z
  .string()
  .trim()
  .transform((value) => value.replace(/\s/g, ''))
  .pipe(z.string().regex(/^\d{14}$/, 'Le SIRET compte 14 chiffres.'))
  .meta({ example: '13000548100010' });

/** Code of a French département, mainland, Corsica or overseas. */
export const Departement = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-6])$/, 'Code de département invalide (ex. 75, 2A, 974).')
  .meta({ example: '69' });

export const Postcode = z.string().trim().regex(/^\d{5}$/, 'Le code postal compte 5 chiffres.').meta({ example: '69100' });
