import * as z from './zod.ts';
import { BirthDate, type PersonIdentity } from './person.ts';
import { personName } from './common.ts';

/**
 * What a FranceConnect-compatible provider says of a person (its « identité pivot »):
 * `given_name` holds every given name, in civil-status order, separated by spaces;
 * `family_name` is the birth name; `preferred_username`, when set, the name in use.
 */
export const PivotIdentity = z.object({
  given_name: z.string().trim().min(1).max(300),
  family_name: personName,
  birthdate: BirthDate,
  preferred_username: z.string().trim().max(100).optional(),
});
export type PivotIdentity = z.infer<typeof PivotIdentity>;

/**
 * The identities a person's file may have been created under, for the exact lookup:
 * professionals type the first given name (or every given name, copied from the identity
 * card) and the birth name or the name in use. Every candidate keeps the exact birth date
 * and names as written: nothing fuzzy, the same HMAC guard as the professionals' lookup.
 */
export function identityCandidates(pivot: PivotIdentity): Pick<PersonIdentity, 'firstName' | 'lastName' | 'birthDate'>[] {
  const givenNames = pivot.given_name.split(/\s+/);
  const firstNames = [...new Set([givenNames[0]!, givenNames.join(' ')])];
  const lastNames = [...new Set([pivot.family_name, ...(pivot.preferred_username ? [pivot.preferred_username] : [])])];
  return lastNames.flatMap((lastName) => firstNames.map((firstName) => ({ firstName, lastName, birthDate: pivot.birthdate })));
}
