import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { professionalFrom } from '../../functions/auth/upstream.ts';

const ORGANIZATION = { siret: '13000548100010', name: 'France Travail Lyon', kind: 'france_travail', departement: '69' } as const;

describe('what an identity provider says, as GPS claims', () => {
  it('reads ProConnect’s claims (usual_name, siret) and finds the organization GPS knows', async () => {
    const looked: string[] = [];
    const claims = await professionalFrom(
      { sub: 'x', email: 'camille@francetravail.fr', given_name: 'Camille', usual_name: 'Martin', siret: '130 005 481 00010', phone_number: null },
      async (siret) => {
        looked.push(siret);
        return ORGANIZATION;
      },
    );

    expect(looked).toEqual(['13000548100010']);
    expect(claims).toEqual({ email: 'camille@francetravail.fr', firstName: 'Camille', lastName: 'Martin', organization: ORGANIZATION });
  });

  it('refuses a professional whose organization GPS does not know', async () => {
    expect(await professionalFrom({ email: 'x@asso.fr', given_name: 'A', usual_name: 'B', siret: '40000000000013' }, async () => undefined)).toBeUndefined();
  });

  it('never takes the organization a provider sends itself: it vouches for the e-mail, the registry for the organization', async () => {
    const claimed = { ...ORGANIZATION, name: 'Structure prétendue', kind: 'siae' };
    const fromRegistry = await professionalFrom({ email: 'x@ft.fr', given_name: 'A', family_name: 'B', siret: ORGANIZATION.siret, organization: claimed }, async () => ORGANIZATION);
    expect(fromRegistry?.organization).toEqual(ORGANIZATION);
    expect(fromRegistry?.lastName).toBe('B');
    expect(await professionalFrom({ email: 'x@ft.fr', given_name: 'A', family_name: 'B', organization: claimed }, async () => undefined)).toBeUndefined();
  });
});

describe('imports point one way', () => {
  it('functions/http/ imports nothing from functions/auth/ (the auth routes build on the HTTP stack, not the reverse)', () => {
    const dir = new URL('../../functions/http/', import.meta.url);
    const offending = readdirSync(dir)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => [...readFileSync(new URL(file, dir), 'utf8').matchAll(/from\s+'([^']+)'/g)].map((m) => `${file}: ${m[1]}`))
      .filter((line) => /(\.\.\/auth\/|#auth\/|functions\/auth\/)/.test(line));
    expect(offending).toEqual([]);
  });
});
