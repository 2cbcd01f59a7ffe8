import { createHmac } from 'node:crypto';
import type { PersonIdentity } from './person.ts';

const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss' };

/**
 * « Jean-Édouard D'Arçy », « jean edouard darcy » and « JEAN EDOUARD D ARCY » are the same
 * name for the exact-match lookup: case, accents, ligatures, hyphens, apostrophes and
 * spaces do not count, since the same name is written all these ways across partners' files.
 */
export const normalizeName = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[œæß]/g, (letter) => LIGATURES[letter] ?? letter)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]/g, '');

export const normalizeFranceTravailId = (id: string): string => id.replace(/\s/g, '').toUpperCase();

export const identityKey = (identity: Pick<PersonIdentity, 'firstName' | 'lastName' | 'birthDate'>): string =>
  [normalizeName(identity.lastName), normalizeName(identity.firstName), identity.birthDate].join('|');

/**
 * Keyed digests, so that a copy of the table alone does not let anyone test guesses of
 * name + birth date: the secret comes from configuration, never from the table.
 */
export const identityDigest = (secret: string, identity: Pick<PersonIdentity, 'firstName' | 'lastName' | 'birthDate'>) =>
  hmac(secret, `identity:${identityKey(identity)}`);

export const franceTravailDigest = (secret: string, franceTravailId: string) =>
  hmac(secret, `ftid:${normalizeFranceTravailId(franceTravailId)}`);

const hmac = (secret: string, value: string) => createHmac('sha256', secret).update(value).digest('base64url');
