import { SignJWT, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProfessionalClaims } from '#domain/professional.ts';
import { createDevIssuer, toTokenClaims } from '#local/dev-issuer.ts';
import { becomeReferent, endFollowUp, getFollowUp, join } from '#store/follow-ups.ts';
import { createPerson, getPerson } from '#store/persons.ts';
import { ensureProfessional } from '#store/professionals.ts';
import { newPerson, proClaims } from '#tests/support/fixtures.ts';
import { PORTAL_ISSUER, TEST_INVITATION_SECRET, testApi } from '#tests/support/api.ts';
import { invitationToken as inviteToken, tokenHash } from '#domain/invitation.ts';
import { createInvitation } from '#store/invitations.ts';
import { writeNeed } from '#store/needs.ts';
import type { PivotIdentity } from '#domain/pivot-identity.ts';
import { ulid } from 'ulid';

const SIAE = { siret: '44306184100047', name: 'Envie Rhône', kind: 'siae', departement: '69' } as const;
const DEPARTEMENT = { siret: '22690001700012', name: 'Département du Rhône', kind: 'conseil_departemental', departement: '69' } as const;
const SPIP = { siret: '17690001000013', name: 'SPIP du Rhône', kind: 'spip', departement: '69' } as const;

type Role = 'nonMember' | 'pending' | 'past' | 'member' | 'referent' | 'admin';
type Scenario = { personId: string; referentId: string; applicantId: string; colleagueId: string; confidentialId: string; invitationId: string; invitationToken: string; needId: string };

type Row = {
  name: string;
  method: string;
  path: (s: Scenario) => string;
  body?: (s: Scenario) => unknown;
  headers?: (s: Scenario) => Promise<Record<string, string>>;
  /**
   * Expected status for an authenticated caller of each role; without a valid token it is always 401.
   * The administrator is only a column of the administrators' rows: elsewhere they are a non-member.
   */
  expected: Record<Exclude<Role, 'admin'>, number> & { admin?: number };
};

const MEMBERS_ONLY = { nonMember: 404, pending: 404, past: 404, member: 200, referent: 200 };
const ANYONE = { nonMember: 200, pending: 200, past: 200, member: 200, referent: 200 };
/** Membership gives no right over a person's data as such: only the operator's list does. */
const ADMINISTRATORS_ONLY = { nonMember: 403, pending: 403, past: 403, member: 403, referent: 403, admin: 200 };
const ADMIN_EMAIL = 'dpo@exemple.gouv.fr';
let identities = 0;
const uniqueName = (prefix: string) => `${prefix}${String.fromCharCode(...[...String((identities += 1))].map((d) => 97 + Number(d)))}`;

describe('authorization matrix: every endpoint × every kind of caller', async () => {
  // Another registered portal, trusted for its own SIAE only: its tokens for anyone else are outside its policy.
  const narrow = await createDevIssuer('https://etroit.exemple.fr');
  const NARROW_SIAE = { siret: '44306184100047', name: 'Envie Rhône', kind: 'siae', departement: '69' } as const;
  const api = await testApi({
    administrators: [`${PORTAL_ISSUER}#${ADMIN_EMAIL}`],
    partners: [narrow.trusted(['https://etroit.exemple.fr'], { emailDomains: ['etroit.exemple.fr'], sirets: [NARROW_SIAE.siret], organizationKinds: ['siae'] })],
  });
  const stranger = await createDevIssuer('https://inconnu.exemple.fr');
  const forger = await generateKeyPair('ES256');

  const rows: Row[] = [
    { name: 'mon profil', method: 'GET', path: () => '/me', expected: ANYONE },
    { name: 'mes suivis', method: 'GET', path: () => '/follow-ups?status=current', expected: ANYONE },
    {
      name: 'créer un dossier',
      method: 'POST',
      path: () => '/persons',
      body: () => ({ ...newPerson({ lastName: uniqueName('Nouveau') }), reason: 'Suivi' }),
      expected: { nonMember: 201, pending: 201, past: 201, member: 201, referent: 201 },
    },
    { name: 'retrouver une personne', method: 'POST', path: () => '/persons/lookup', body: () => newPerson().identity, expected: ANYONE },
    { name: 'lire la fiche', method: 'GET', path: (s) => `/persons/${s.personId}`, expected: MEMBERS_ONLY },
    {
      name: 'modifier la fiche',
      method: 'PATCH',
      path: (s) => `/persons/${s.personId}`,
      headers: async (s) => ({ 'If-Match': `"${(await getPerson(api.store, s.personId))!.version}"` }),
      body: () => ({ summary: 'Nouvelle étape du parcours' }),
      expected: MEMBERS_ONLY,
    },
    { name: 'voir le groupe de suivi', method: 'GET', path: (s) => `/persons/${s.personId}/members`, expected: MEMBERS_ONLY },
    {
      name: 'afficher les coordonnées d’un membre',
      method: 'POST',
      path: (s) => `/persons/${s.personId}/members/${s.referentId}/contact`,
      expected: MEMBERS_ONLY,
    },
    {
      name: 'demander à un accompagnement confidentiel de me contacter',
      method: 'POST',
      path: (s) => `/persons/${s.personId}/members/${s.confidentialId}/contact-request`,
      expected: { ...MEMBERS_ONLY, member: 202, referent: 202 },
    },
    {
      name: 'rejoindre le groupe',
      method: 'POST',
      path: (s) => `/persons/${s.personId}/members`,
      body: () => ({ reason: 'Accompagnement emploi' }),
      expected: { nonMember: 201, pending: 409, past: 201, member: 409, referent: 409 },
    },
    {
      name: 'accepter une demande',
      method: 'POST',
      path: (s) => `/persons/${s.personId}/join-requests/${s.applicantId}/accept`,
      expected: MEMBERS_ONLY,
    },
    {
      name: 'refuser une demande',
      method: 'POST',
      path: (s) => `/persons/${s.personId}/join-requests/${s.applicantId}/decline`,
      expected: MEMBERS_ONLY,
    },
    {
      name: 'retirer un membre',
      method: 'POST',
      path: (s) => `/persons/${s.personId}/members/${s.colleagueId}/remove`,
      body: () => ({ reason: 'Ne suit pas cette personne' }),
      expected: MEMBERS_ONLY,
    },
    {
      name: 'modifier mon suivi',
      method: 'PATCH',
      path: (s) => `/persons/${s.personId}/members/me`,
      body: () => ({ role: 'Conseiller·e' }),
      expected: MEMBERS_ONLY,
    },
    { name: 'lire les actions', method: 'GET', path: (s) => `/persons/${s.personId}/actions`, expected: MEMBERS_ONLY },
    {
      name: 'ajouter une action',
      method: 'POST',
      path: (s) => `/persons/${s.personId}/actions`,
      body: () => ({ date: '2026-11-02', category: 'emploi', text: 'Entretien d’embauche' }),
      expected: { ...MEMBERS_ONLY, member: 201, referent: 201 },
    },
    { name: 'lire le journal', method: 'GET', path: (s) => `/persons/${s.personId}/audit`, expected: MEMBERS_ONLY },
    {
      name: 'inviter un·e collègue',
      method: 'POST',
      path: (s) => `/persons/${s.personId}/invitations`,
      body: () => ({ email: `${uniqueName('invite')}@exemple.fr` }),
      expected: { ...MEMBERS_ONLY, member: 201, referent: 201 },
    },
    { name: 'lister les invitations', method: 'GET', path: (s) => `/persons/${s.personId}/invitations`, expected: MEMBERS_ONLY },
    {
      name: 'annuler une invitation',
      method: 'POST',
      path: (s) => `/persons/${s.personId}/invitations/${s.invitationId}/revoke`,
      expected: MEMBERS_ONLY,
    },
    // The token is the authorization here: whoever holds it and is signed in may read it.
    { name: 'ouvrir une invitation', method: 'POST', path: () => '/invitations/open', body: (s) => ({ token: s.invitationToken }), expected: ANYONE },
    {
      name: 'accepter une invitation',
      method: 'POST',
      path: () => '/invitations/accept',
      body: (s) => ({ token: s.invitationToken, confirmDifferentEmail: true }),
      // Nobody here holds the invited address: accepting is only a request (202), and a second one is refused (409).
      expected: { nonMember: 202, pending: 409, past: 202, member: 409, referent: 409 },
    },
    // Nobody here holds the invited address: only its addressee may refuse it.
    {
      name: 'refuser une invitation',
      method: 'POST',
      path: () => '/invitations/decline',
      body: (s) => ({ token: s.invitationToken }),
      expected: { nonMember: 403, pending: 403, past: 403, member: 403, referent: 403 },
    },
    { name: 'mes préférences d’e-mails', method: 'PATCH', path: () => '/me', body: () => ({ notifications: { memberJoined: false } }), expected: ANYONE },
    { name: 'demandes à traiter', method: 'GET', path: () => '/join-requests', expected: ANYONE },
    { name: 'statistiques', method: 'GET', path: () => '/stats?from=2026-11-01&to=2026-11-22', expected: ANYONE },
    { name: 'exporter les données d’une personne', method: 'GET', path: (s) => `/admin/persons/${s.personId}/export`, expected: ADMINISTRATORS_ONLY },
    {
      name: 'effacer une personne',
      method: 'POST',
      path: (s) => `/admin/persons/${s.personId}/erase`,
      body: () => ({ reason: 'person_request' }),
      expected: ADMINISTRATORS_ONLY,
    },
  ];

  /** A fresh group for each cell: a referent, a member, a past member, two requesters, a stranger, and an administrator. */
  async function scenario(): Promise<
    Scenario & {
      tokens: Record<Role, string>;
      claims: Record<Role | 'applicant' | 'colleague' | 'confidential', ProfessionalClaims>;
      pivot: PivotIdentity;
      personToken: string;
      otherPersonToken: string;
      noFileToken: string;
    }
  > {
    const claims: Record<Role | 'applicant' | 'colleague' | 'confidential', ProfessionalClaims> = {
      confidential: proClaims({ organization: SPIP }),
      referent: proClaims(),
      member: proClaims({ organization: DEPARTEMENT }),
      past: proClaims(),
      pending: proClaims({ organization: SIAE }),
      applicant: proClaims({ organization: SIAE }),
      colleague: proClaims({ organization: DEPARTEMENT }),
      nonMember: proClaims(),
      admin: proClaims({ email: ADMIN_EMAIL }),
    };
    const pros = Object.fromEntries(
      await Promise.all(Object.entries(claims).map(async ([role, c]) => [role, await ensureProfessional(api.store, c, { registerOrganization: true })] as const)),
    ) as Record<Role | 'applicant' | 'colleague' | 'confidential', Awaited<ReturnType<typeof ensureProfessional>>>;
    const person = await createPerson(api.store, pros.referent, newPerson({ lastName: uniqueName('Matrice') }), { reason: 'Suivi' });
    await becomeReferent(api.store, (await getFollowUp(api.store, person.id, pros.referent.id))!, undefined);
    await join(api.store, pros.member, person.id, { reason: 'RSA', mode: 'direct', source: 'self' });
    await join(api.store, pros.colleague, person.id, { reason: 'RSA', mode: 'direct', source: 'self' });
    await join(api.store, pros.confidential, person.id, { reason: 'Suivi judiciaire', mode: 'direct', source: 'self' });
    const past = await join(api.store, pros.past, person.id, { reason: 'Ancien suivi', mode: 'direct', source: 'self' });
    await endFollowUp(api.store, past, { reason: 'manual' });
    await join(api.store, pros.pending, person.id, { reason: 'IAE', mode: 'request', source: 'self' });
    await join(api.store, pros.applicant, person.id, { reason: 'IAE', mode: 'request', source: 'self' });
    const invitationId = ulid();
    const invitationToken = inviteToken(TEST_INVITATION_SECRET, invitationId);
    await createInvitation(api.store, pros.referent, person.id, { email: `${uniqueName('invite')}@exemple.fr`, id: invitationId, tokenHash: tokenHash(invitationToken) });
    const roles: Role[] = ['nonMember', 'pending', 'past', 'member', 'referent', 'admin'];
    const tokens = Object.fromEntries(await Promise.all(roles.map(async (role) => [role, await api.issuer.mint(claims[role])]))) as Record<Role, string>;
    // The person themself, from their space: a need of theirs, their token; another person with a file of their own; one with none.
    const { id: needId } = await writeNeed(api.store, person.id, { text: 'Trouver une garde.', category: 'gardeEnfants', status: 'todo' });
    const pivot = { given_name: person.identity.firstName, family_name: person.identity.lastName, birthdate: person.identity.birthDate };
    const other = await createPerson(api.store, pros.nonMember, newPerson({ lastName: uniqueName('Autre') }), { reason: 'Suivi' });
    const [personToken, otherPersonToken, noFileToken] = await Promise.all([
      api.issuer.mintPerson(pivot),
      api.issuer.mintPerson({ given_name: other.identity.firstName, family_name: other.identity.lastName, birthdate: other.identity.birthDate }),
      api.issuer.mintPerson({ ...pivot, birthdate: '1994-03-13' }),
    ]);
    return {
      personId: person.id,
      referentId: pros.referent.id,
      applicantId: pros.applicant.id,
      colleagueId: pros.colleague.id,
      confidentialId: pros.confidential.id,
      invitationId,
      invitationToken,
      needId,
      tokens,
      claims,
      pivot,
      personToken,
      otherPersonToken,
      noFileToken,
    };
  }

  const badTokens: Record<string, () => Promise<string | null>> = {
    'no token': async () => null,
    'bad signature': async () =>
      new SignJWT(toTokenClaims(proClaims()))
        .setProtectedHeader({ alg: 'ES256', kid: 'dev-1' })
        .setIssuer(api.issuer.issuer)
        .setAudience('gps-api')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(forger.privateKey),
    expired: async () => api.issuer.mint(proClaims(), { issuedAt: Math.floor(Date.now() / 1000) - 3600, lifetimeSeconds: 600 }),
    'unknown issuer': async () => stranger.mint(proClaims()),
  };

  const send = async (row: Row, s: Scenario, token: string | null) =>
    api.request(row.method, row.path(s), {
      token,
      ...(row.body ? { body: row.body(s) } : {}),
      ...(row.headers ? { headers: await row.headers(s) } : {}),
    });

  let shared: Awaited<ReturnType<typeof scenario>>;
  beforeAll(async () => {
    shared = await scenario();
  });

  for (const row of rows) {
    describe(`${row.method} ${row.path({ personId: '{id}', referentId: '{proId}', applicantId: '{proId}', colleagueId: '{proId}', confidentialId: '{proId}', invitationId: '{invitationId}', invitationToken: '', needId: '{needId}' })} (${row.name})`, () => {
      for (const [caller, mint] of Object.entries(badTokens)) {
        it(`${caller} → 401`, async () => {
          const response = await send(row, shared, await mint());
          expect(response.status).toBe(401);
          expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
          expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
        });
      }
      it('another registered portal, for a professional outside its policy → 403', async () => {
        const s = shared;
        for (const claims of [s.claims.referent, { ...s.claims.member, email: 'karim@etroit.exemple.fr' }]) {
          const response = await send(row, s, await narrow.mint(claims));
          expect(response.status, JSON.stringify(response.body)).toBe(403);
          expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
          expect(response.body.detail).toMatch(/Le portail « https:\/\/etroit\.exemple\.fr » ne peut pas/);
        }
      });
      // Refused before anything is read or written: the shared group serves.
      it('the person’s own token (their space’s audience) → 403, nothing done', async () => {
        const s = shared;
        const response = await send(row, s, s.personToken);
        expect(response.status, JSON.stringify(response.body)).toBe(403);
        expect(response.body.type).toBe('/docs#probleme-wrong-token-kind');
      });
      for (const [role, status] of Object.entries(row.expected) as [Role, number][]) {
        it(`${role} → ${status}`, async () => {
          const s = await scenario();
          const response = await send(row, s, s.tokens[role]);
          expect(response.status, JSON.stringify(response.body)).toBe(status);
          if (status >= 400) expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        });
      }
    });
  }

  /**
   * The person's own space: only a person token of a trusted issuer that may assert persons,
   * and only that person's file. Every professional role gets 403 (a token of the other
   * kind); another person reaches only their own file (404 for anything of this one's); a
   * person with no file gets 404; a portal not registered for persons cannot sign one in.
   */
  type PersonRow = { name: string; method: string; path: (s: Scenario) => string; body?: () => unknown; expected: { person: number; otherPerson: number; noFile: number } };
  const personRows: PersonRow[] = [
    { name: 'mon dossier', method: 'GET', path: () => '/my-file', expected: { person: 200, otherPerson: 200, noFile: 404 } },
    { name: 'qui a consulté mon dossier', method: 'GET', path: () => '/my-file/journal', expected: { person: 200, otherPerson: 200, noFile: 404 } },
    { name: 'écrire un besoin', method: 'POST', path: () => '/my-file/needs', body: () => ({ text: 'Passer le permis.', category: 'mobilite' }), expected: { person: 201, otherPerson: 201, noFile: 404 } },
    { name: 'modifier un besoin', method: 'PATCH', path: (s) => `/my-file/needs/${s.needId}`, body: () => ({ status: 'done' }), expected: { person: 200, otherPerson: 404, noFile: 404 } },
    { name: 'je ne connais pas ce professionnel', method: 'POST', path: (s) => `/my-file/team/${s.colleagueId}/unknown`, expected: { person: 200, otherPerson: 404, noFile: 404 } },
    { name: 'télécharger mes données', method: 'GET', path: () => '/my-file/export', expected: { person: 200, otherPerson: 200, noFile: 404 } },
  ];
  for (const row of personRows) {
    describe(`${row.method} ${row.path({ ...({} as Scenario), needId: '{needId}', colleagueId: '{proId}' })} (${row.name}, espace de la personne)`, () => {
      const call = async (s: Scenario, token: string | null) => api.request(row.method, row.path(s), { token, ...(row.body ? { body: row.body() } : {}) });
      for (const [caller, mint] of Object.entries(badTokens)) {
        it(`${caller} → 401`, async () => {
          const response = await call(shared, await mint());
          expect(response.status).toBe(401);
          expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
        });
      }
      it('a person token of a portal not registered for persons → 401', async () => {
        expect((await call(shared, await narrow.mintPerson(shared.pivot))).status).toBe(401);
      });
      it('every professional role (non-member, pending, past, member, referent, admin) → 403', async () => {
        const s = shared;
        for (const token of Object.values(s.tokens)) {
          const response = await call(s, token);
          expect(response.status, JSON.stringify(response.body)).toBe(403);
          expect(response.body.type).toBe('/docs#probleme-wrong-token-kind');
        }
      });
      for (const [caller, status] of Object.entries(row.expected) as [keyof PersonRow['expected'], number][]) {
        // A person's writes change nothing of who may do what: the shared group serves.
        it(`${caller} → ${status}`, async () => {
          const s = shared;
          const token = { person: s.personToken, otherPerson: s.otherPersonToken, noFile: s.noFileToken }[caller];
          const response = await call(s, token);
          expect(response.status, JSON.stringify(response.body)).toBe(status);
          // Another person's 200 is about their own file: nothing of this one.
          if (caller === 'otherPerson') expect(JSON.stringify(response.body)).not.toContain(s.personId);
          if (caller === 'person' && ['/my-file', '/my-file/export'].includes(row.path(s))) expect(JSON.stringify(response.body)).toContain(s.personId);
        });
      }
    });
  }

  /**
   * The public statistics: aggregates anyone may read, so no token is needed, and none changes
   * anything: no token, a forged, expired or unknown one, another portal's outside its policy,
   * every role's: always 200, always the same answer.
   */
  for (const [path, type] of [
    ['/public/stats', /^application\/json/],
    ['/public/stats.csv', /^text\/csv/],
  ] as const) {
    it(`GET ${path} (statistiques publiques): 200 without a token, and the same answer whatever token comes`, async () => {
      const tokens = [
        ...(await Promise.all(Object.values(badTokens).map((mint) => mint()))),
        await narrow.mint(shared.claims.referent),
        ...Object.values(shared.tokens),
      ];
      const anonymous = await api.request('GET', path);
      expect(anonymous.status).toBe(200);
      expect(anonymous.headers.get('content-type')).toMatch(type);
      for (const token of tokens) {
        const response = await api.request('GET', path, { token });
        expect(response.status).toBe(200);
        expect(response.body).toEqual(anonymous.body);
      }
    });
  }

  it('the API documentation is public', async () => {
    expect((await api.request('GET', '/openapi.json')).status).toBe(200);
    expect((await api.request('GET', '/docs')).status).toBe(200);
  });
});
