import { describe, expect, it } from 'vitest';
import { NewAction } from '#domain/action.ts';
import { NewPerson, PersonIdentity } from '#domain/person.ts';
import { ProfessionalClaims } from '#domain/professional.ts';

const messages = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]));

describe('shapes and their French messages', () => {
  it('accepts a realistic person and normalises what it stores', () => {
    const person = NewPerson.parse({
      identity: { firstName: 'Léa', lastName: 'Dubois', birthDate: '1994-03-12', franceTravailId: '1234 567a' },
      contact: { phone: '06.12.34.56.78', email: ' Lea.Dubois@Exemple.FR ', postcode: '69100' },
      situation: { flags: { rsa: true }, barriers: { logement: { note: 'Hébergée chez un tiers' } } },
    });

    expect(person.identity.franceTravailId).toBe('1234567A');
    expect(person.contact).toEqual({ phone: '0612345678', email: 'lea.dubois@exemple.fr', postcode: '69100' });
  });

  it('refuses unknown fields, so a typo never silently drops data', () => {
    const result = NewPerson.safeParse({
      identity: { firstName: 'Léa', lastName: 'Dubois', birthDate: '1994-03-12', nir: '294037511300000' },
    });

    expect(result.success).toBe(false);
    expect(messages(result)['identity']).toMatch(/nir/);
  });

  it('explains each bad field in French', () => {
    const result = PersonIdentity.safeParse({ firstName: '', lastName: 'Dubois<script>', birthDate: '1850-01-01' });

    expect(messages(result)).toEqual({
      firstName: 'Le nom ne peut pas être vide.',
      lastName: 'Lettres, espaces, tirets et apostrophes uniquement.',
      birthDate: 'Date de naissance invraisemblable.',
    });
  });

  it('uses the French locale for zod’s own messages', () => {
    const result = NewAction.safeParse({ date: '2026-01-05', category: 'emploi', text: 42 });

    expect(messages(result).text).toMatch(/attendu/i);
  });

  it('bounds free text and refuses control characters', () => {
    expect(NewAction.safeParse({ date: '2026-01-05', category: 'emploi', text: 'x'.repeat(1001) }).success).toBe(false);
    expect(NewAction.safeParse({ date: '2026-01-05', category: 'emploi', text: 'a\u0000b' }).success).toBe(false);
    expect(NewAction.safeParse({ date: '2026-01-05', category: 'emploi', text: 'ligne 1\nligne 2' }).success).toBe(true);
  });

  it('checks a professional’s organization', () => {
    const result = ProfessionalClaims.safeParse({
      email: 'camille@exemple.fr',
      firstName: 'Camille',
      lastName: 'Martin',
      organization: { siret: '123', name: 'CCAS', kind: 'mairie', departement: '99' },
    });

    expect(Object.keys(messages(result)).sort()).toEqual(['organization.departement', 'organization.kind', 'organization.siret']);
  });
});
