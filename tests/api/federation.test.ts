import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { TrustedIssuer, type TrustedIssuerRegistration } from '#domain/federation.ts';
import type { ProfessionalClaims } from '#domain/professional.ts';
import { createTokenSigner, toTokenClaims, type TokenSigner } from '../../functions/auth/token-signer.ts';
import { SESSION_ISSUER } from '../../functions/config/api.ts';
import { testApi } from '#tests/support/api.ts';
import { newPerson } from '#tests/support/fixtures.ts';
import { invalidItems, scanTable, type StoredItem } from '#tests/support/stored-items.ts';

/**
 * Trust between issuers (DESIGN §3), tried as an outside partner would: two partner portals
 * with their own keys published at their own JWKS URLs, and the page's own sign-in. One
 * leaked partner key must open that partner's professionals, and nothing else.
 */
const CCAS = { siret: '26690271200017', name: 'CCAS de Villeurbanne', kind: 'ccas_cias', departement: '69' } as const;
const SIAE = { siret: '44306184100047', name: 'Envie Rhône (SIAE)', kind: 'siae', departement: '69' } as const;
const RHONE = { siret: '22690001700012', name: 'Département du Rhône', kind: 'conseil_departemental', departement: '69' } as const;
const FRANCE_TRAVAIL = { siret: '13000548100010', name: 'France Travail Lyon Part-Dieu', kind: 'france_travail', departement: '69' } as const;

const portalA = { origin: 'https://social.villeurbanne.exemple', domain: 'ccas-villeurbanne.exemple' };
const portalB = { origin: 'https://iae.envie.exemple', domain: 'envie-rhone.exemple' };

const pro = (email: string, organization: ProfessionalClaims['organization'], phone = '04 78 03 67 00'): ProfessionalClaims => ({
  email,
  firstName: email.split('.')[0]!.replace(/^./, (c) => c.toUpperCase()),
  lastName: 'Exemple',
  phone,
  organization,
});

describe('federation: a token speaks only for the professionals and organizations its issuer may vouch for', async () => {
  const signers = {
    a: await createTokenSigner('https://social.villeurbanne.exemple/gps', { kid: 'a-1' }),
    aBis: await createTokenSigner('https://agents.villeurbanne.exemple', { kid: 'a-bis-1' }),
    b: await createTokenSigner('https://iae.envie.exemple/gps', { kid: 'b-1' }),
    session: await createTokenSigner(SESSION_ISSUER, { kid: 'session-1' }),
  };
  // Each partner publishes its keys itself; GPS reads them over HTTP, as on AWS.
  const jwks = createServer((request, response) => {
    const signer = Object.values(signers).find((candidate) => request.url === `/${encodeURIComponent(candidate.issuer)}/jwks.json`);
    response.writeHead(signer ? 200 : 404, { 'Content-Type': 'application/json' }).end(JSON.stringify(signer?.jwks ?? {}));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  afterAll(() => new Promise<void>((resolve) => jwks.close(() => resolve())));
  const jwksUrl = (signer: TokenSigner) => `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/${encodeURIComponent(signer.issuer)}/jwks.json`;

  const registrations: TrustedIssuerRegistration[] = [
    {
      issuer: signers.a.issuer,
      name: 'Portail social de Villeurbanne',
      audience: 'gps-api',
      kind: 'partner',
      jwksUrl: jwksUrl(signers.a),
      allowedOrigins: [portalA.origin],
      policy: { emailDomains: [portalA.domain], sirets: [CCAS.siret], organizationKinds: ['ccas_cias'], franceTravailId: false },
    },
    {
      // A second portal of the same city: both vouch for the CCAS's agents, who stay one professional each.
      issuer: signers.aBis.issuer,
      audience: 'gps-api',
      kind: 'partner',
      jwksUrl: jwksUrl(signers.aBis),
      allowedOrigins: ['https://agents.villeurbanne.exemple'],
      policy: { emailDomains: [portalA.domain], sirenPrefixes: ['266902712'], organizationKinds: ['ccas_cias'] },
    },
    {
      issuer: signers.b.issuer,
      name: 'Portail IAE Envie',
      audience: 'gps-api',
      kind: 'partner',
      jwksUrl: jwksUrl(signers.b),
      allowedOrigins: [portalB.origin],
      policy: { emailDomains: [portalB.domain], sirenPrefixes: ['443061841'], organizationKinds: ['siae'] },
    },
    { issuer: SESSION_ISSUER, audience: 'gps-api', kind: 'session', jwksUrl: jwksUrl(signers.session), allowedOrigins: ['https://gps.exemple.fr'] },
  ];
  const gps = await testApi({ partners: registrations.map((registration) => TrustedIssuer.parse(registration)) });

  const tokenOf = (signer: TokenSigner, claims: ProfessionalClaims, extra: Record<string, unknown> = {}) =>
    signer.sign({ ...toTokenClaims(claims), jti: ulid(), ...extra }, { audience: 'gps-api', lifetimeSeconds: 300, subject: claims.email });
  const call = async (signer: TokenSigner, claims: ProfessionalClaims, method: string, path: string, body?: unknown) =>
    gps.request(method, path, { token: await tokenOf(signer, claims), ...(body === undefined ? {} : { body }) });

  // The network: a CCAS agent (portal A), an SIAE coach (portal B), a département referent and
  // a France Travail advisor who both sign in on the GPS page (the session issuer).
  const sophie = pro(`sophie.lefebvre@${portalA.domain}`, CCAS);
  const thomas = pro(`thomas.nguyen@${portalB.domain}`, SIAE);
  const karim = pro('karim.benali@rhone.exemple', RHONE);
  const camille = pro('camille.martin@francetravail.exemple', FRANCE_TRAVAIL);

  const create = async (signer: TokenSigner, claims: ProfessionalClaims, lastName: string, extra: Record<string, string> = {}) => {
    const response = await call(signer, claims, 'POST', '/persons', { ...newPerson({ lastName, ...extra }), reason: 'Accompagnement' });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.id as string;
  };
  const joinDirectly = async (signer: TokenSigner, claims: ProfessionalClaims, personId: string) =>
    expect((await call(signer, claims, 'POST', `/persons/${personId}/members`, { reason: 'Accompagnement' })).status).toBe(201);

  const ids = {
    sophie: (await call(signers.a, sophie, 'GET', '/me')).body.id as string,
    thomas: (await call(signers.b, thomas, 'GET', '/me')).body.id as string,
    karim: (await call(signers.session, karim, 'GET', '/me')).body.id as string,
    camille: (await call(signers.session, camille, 'GET', '/me')).body.id as string,
  };
  // Files followed by the session's professionals only, by the CCAS with them, and by the SIAE with the CCAS.
  const ofSession = await create(signers.session, camille, 'Garnier');
  await joinDirectly(signers.session, karim, ofSession);
  const ofCcas = await create(signers.session, karim, 'Roux');
  const joinCcas = await call(signers.a, sophie, 'POST', `/persons/${ofCcas}/members`, { reason: 'Accompagnement social' });
  expect(joinCcas.status).toBe(202);
  expect((await call(signers.session, karim, 'POST', `/persons/${ofCcas}/join-requests/${ids.sophie}/accept`)).status).toBe(200);
  const ofSiae = await create(signers.b, thomas, 'Fontaine');
  expect((await call(signers.a, sophie, 'POST', `/persons/${ofSiae}/members`, { reason: 'Accompagnement social' })).status).toBe(202);
  expect((await call(signers.b, thomas, 'POST', `/persons/${ofSiae}/join-requests/${ids.sophie}/accept`)).status).toBe(200);

  const refusedWithoutChange = async (attempts: [string, () => Promise<{ status: number; body: any }>][]) => {
    const before = await scanTable(gps.store);
    for (const [what, attempt] of attempts) {
      const response = await attempt();
      expect(response.status, `${what}: ${JSON.stringify(response.body)}`).toBe(403);
      expect(response.body.type, what).toMatch(/outside-issuer-policy|forbidden/);
      expect(response.body.detail, what).toMatch(/^Le portail « .+ » (ne peut pas|n’est pas autorisé)/);
    }
    // Profiles, organizations, audit: the table is exactly as it was.
    expect(await scanTable(gps.store)).toEqual(before);
  };

  it('refuses partner B’s tokens for anyone outside its policy, and stores nothing of them', async () => {
    await refusedWithoutChange([
      ['a professional of partner A’s domain', () => call(signers.b, { ...sophie, phone: '06 66 66 66 66' }, 'GET', '/me')],
      ['a ProConnect user of the GPS page', () => call(signers.b, { ...camille, phone: '06 66 66 66 66' }, 'GET', '/follow-ups')],
      ['its own domain with the France Travail SIRET', () => call(signers.b, { ...thomas, organization: FRANCE_TRAVAIL }, 'POST', `/persons/${ofSession}/members`, { reason: 'x' })],
      ['its own SIRET declared as France Travail', () => call(signers.b, { ...thomas, organization: { ...SIAE, kind: 'france_travail' } }, 'GET', '/me')],
      ['the Département’s SIRET turned into an SIAE', () => call(signers.b, { ...thomas, organization: { ...RHONE, kind: 'siae' } }, 'GET', '/me')],
      ['a France Travail id it may not assert', () => call(signers.b, thomas, 'POST', '/persons', { ...newPerson({ lastName: 'Squat', franceTravailId: '12345678901' }), reason: 'x' })],
    ]);
  });

  it('the "impersonate and crawl" walk from partner B’s key reaches no person outside its own professionals’ files', async () => {
    const reached = new Set<string>();
    const refused = new Set<string>();
    const seen = new Set<string>();
    const queue: ProfessionalClaims[] = [thomas];
    for (let claims = queue.shift(); claims; claims = queue.shift()) {
      if (seen.has(claims.email)) continue;
      seen.add(claims.email);
      // The attacker tries each address with the colleague's own organization, then with B's.
      for (const organization of [claims.organization, SIAE]) {
        const me = { ...claims, organization };
        const followUps = await call(signers.b, me, 'GET', '/follow-ups');
        if (followUps.status !== 200) {
          refused.add(`${claims.email} ${followUps.status}`);
          continue;
        }
        for (const { personId } of followUps.body.items as { personId: string }[]) {
          if ((await call(signers.b, me, 'GET', `/persons/${personId}`)).status === 200) reached.add(personId);
          const members = await call(signers.b, me, 'GET', `/persons/${personId}/members`);
          for (const member of (members.body as { proId: string; professional: { firstName: string; lastName: string }; organization: ProfessionalClaims['organization'] }[]) ?? []) {
            const contact = await call(signers.b, me, 'POST', `/persons/${personId}/members/${member.proId}/contact`);
            if (contact.status === 200) queue.push(pro(contact.body.email, member.organization));
          }
        }
      }
    }
    expect(seen).toContain(sophie.email);
    expect([...refused]).toEqual([`${sophie.email} 403`]);
    expect([...reached]).toEqual([ofSiae]);
    expect(reached).not.toContain(ofCcas);
    expect(reached).not.toContain(ofSession);
  });

  it('one e-mail covered by two issuers’ policies is one professional; the page’s sign-in reaches them too', async () => {
    const byA = await call(signers.a, sophie, 'GET', '/me');
    const byABis = await call(signers.aBis, { ...sophie, jobTitle: 'Travailleuse sociale' }, 'GET', '/me');
    const bySession = await call(signers.session, sophie, 'GET', '/me');
    expect(new Set([byA.body.id, byABis.body.id, bySession.body.id])).toEqual(new Set([ids.sophie]));
    // Sophie's follow-ups are the same whichever portal she comes through.
    const viaA = await call(signers.a, sophie, 'GET', '/follow-ups');
    const viaABis = await call(signers.aBis, sophie, 'GET', '/follow-ups');
    expect(viaABis.body.items.map((link: { personId: string }) => link.personId).sort()).toEqual(viaA.body.items.map((link: { personId: string }) => link.personId).sort());
    expect(viaA.body.items).toHaveLength(2);
  });

  it('a token outside its policy never refreshes a stored profile nor an ORG# item; the page’s sign-in never writes the registry', async () => {
    const profileOf = (items: StoredItem[], id: string) => items.find((item) => item.PK === `PRO#${id}` && item.SK === 'PROFILE');
    const organizationOf = (items: StoredItem[], siret: string) => items.find((item) => item.PK === `ORG#${siret}`);
    await call(signers.a, sophie, 'GET', '/me');
    const before = await scanTable(gps.store);
    expect(organizationOf(before, CCAS.siret)).toMatchObject({ kind: 'ccas_cias' });
    // What partner B would write into Sophie's profile and the CCAS's registry entry, and the Département's.
    expect((await call(signers.b, { ...sophie, phone: '06 66 66 66 66', organization: { ...CCAS, kind: 'siae' } }, 'GET', '/me')).status).toBe(403);
    expect((await call(signers.b, { ...thomas, organization: { ...RHONE, name: 'Rhône (SIAE)', kind: 'siae' } }, 'GET', '/me')).status).toBe(403);
    const after = await scanTable(gps.store);
    expect(profileOf(after, ids.sophie)).toEqual(profileOf(before, ids.sophie));
    expect(organizationOf(after, CCAS.siret)).toEqual(organizationOf(before, CCAS.siret));
    // The session's professionals signed in: their organizations were read from the registry, never written into it.
    expect(organizationOf(after, RHONE.siret)).toBeUndefined();
    expect(organizationOf(after, FRANCE_TRAVAIL.siret)).toBeUndefined();
    // A partner whose policy covers its SIRET keeps its own entry of the registry.
    expect(organizationOf(after, SIAE.siret)).toMatchObject({ name: SIAE.name, kind: 'siae' });
  });

  describe('France Travail identifier', () => {
    it('an issuer not allowed to assert one cannot create a file with it (403), the page’s sign-in neither', async () => {
      for (const [signer, claims] of [[signers.b, thomas], [signers.session, camille]] as const) {
        const response = await call(signer, claims, 'POST', '/persons', { ...newPerson({ lastName: 'Squatteur', franceTravailId: '12345678901' }), reason: 'x' });
        expect(response.status).toBe(403);
        expect(response.body.detail).toMatch(/n’est pas autorisé à renseigner l’identifiant France Travail/);
      }
    });

    describe('with a portal allowed to assert it', async () => {
      const ftPortal = await createTokenSigner('https://portail.francetravail.exemple', { kid: 'ft-1' });
      const ft = await testApi({
        partners: [
          TrustedIssuer.parse({
            issuer: ftPortal.issuer,
            audience: 'gps-api',
            kind: 'partner',
            jwks: ftPortal.jwks,
            allowedOrigins: ['https://portail.francetravail.exemple'],
            policy: { emailDomains: ['francetravail.exemple'], sirenPrefixes: ['130005481'], organizationKinds: ['france_travail'], franceTravailId: true },
          }),
        ],
      });
      const lookup = async (identity: Record<string, string>) =>
        (await ft.request('POST', '/persons/lookup', { token: await ftPortal.sign({ ...toTokenClaims(camille) }, { audience: 'gps-api', lifetimeSeconds: 300 }), body: identity })).body;
      const createWith = async (identity: Record<string, string>) =>
        ft.request('POST', '/persons', { token: await ftPortal.sign({ ...toTokenClaims(camille) }, { audience: 'gps-api', lifetimeSeconds: 300 }), body: { ...newPerson(identity), reason: 'Accompagnement' } });

      const real = { firstName: 'Léa', lastName: 'Dubois', birthDate: '1994-03-12', franceTravailId: '1234567A' };
      const created = await createWith(real);

      it('finds the file by the id only with the same birth date (names may be spelled otherwise)', async () => {
        expect(created.status).toBe(201);
        expect(await lookup({ ...real, firstName: 'Lea', lastName: 'DUBOIS-MARTIN' })).toMatchObject({ found: true, personId: created.body.id });
        expect(await lookup({ ...real, lastName: 'Autre', birthDate: '1990-01-01' })).toEqual({ found: false });
        expect(await lookup({ firstName: 'Léa', lastName: 'Dubois', birthDate: '1994-03-12' })).toMatchObject({ found: true, personId: created.body.id });
      });

      it('reports an id already held by another identity as a conflict, without the other file, and writes nothing', async () => {
        // The attempt counts against the day's creations: everything else stays as it was.
        const data = async () => (await scanTable(ft.store)).filter((item) => item.entity !== 'daily_quota');
        const before = await data();
        const squat = await createWith({ firstName: 'Marc', lastName: 'Autre', birthDate: '1980-05-05', franceTravailId: '1234567A' });
        expect(squat.status).toBe(409);
        expect(squat.body.detail).toMatch(/déjà celui d’une autre personne/);
        expect(JSON.stringify(squat.body)).not.toContain(created.body.id);
        expect(await data()).toEqual(before);
      });
    });
  });

  it('every audit event records the issuer its actor came through, and the token’s jti', async () => {
    const items = await scanTable(gps.store);
    expect(invalidItems(items)).toEqual([]);
    const events = items.filter((item) => item.entity === 'audit_event');
    const issuerOf: Record<string, string> = { [ids.sophie]: signers.a.issuer, [ids.thomas]: signers.b.issuer, [ids.karim]: SESSION_ISSUER, [ids.camille]: SESSION_ISSUER };
    expect(events.length).toBeGreaterThan(8);
    for (const event of events) {
      expect(event.issuer, event.kind).toBe(issuerOf[event.actorId]);
      expect(event.jti, event.kind).toMatch(/^[0-9A-Z]{26}$/);
    }
    // The journal names the portal: the partner's registered name, or the GPS page.
    const journal = await call(signers.b, thomas, 'GET', `/persons/${ofSiae}/audit`);
    const portals = new Set((journal.body.items as { portal: string }[]).map((entry) => entry.portal));
    expect(portals).toEqual(new Set(['Portail IAE Envie', 'Portail social de Villeurbanne']));
    const sessionJournal = await call(signers.session, karim, 'GET', `/persons/${ofSession}/audit`);
    expect(new Set((sessionJournal.body.items as { portal: string }[]).map((entry) => entry.portal))).toEqual(new Set(['Page GPS']));
  });
});
