import { describe, expect, it } from 'vitest';
import { IMPORT_PROVENANCE, SYSTEM_PROVENANCE, TrustedIssuer, portalName, refusalOf, type TrustedIssuerRegistration } from '#domain/federation.ts';
import { AuditEvent, StoredAuditEvent, UNRECORDED_ISSUER } from '#domain/audit-event.ts';
import * as z from '#domain/zod.ts';
import { invalidItems } from '#tests/support/stored-items.ts';
import { keys, toItem } from '#store/keys.ts';

const PARTNER: TrustedIssuerRegistration = {
  issuer: 'https://rsa.departement.exemple',
  name: 'Portail RSA du Rhône',
  audience: 'gps-api',
  kind: 'partner',
  jwksUrl: 'https://rsa.departement.exemple/.well-known/jwks.json',
  allowedOrigins: ['https://rsa.departement.exemple'],
  policy: { emailDomains: ['rhone.exemple'], sirenPrefixes: ['226900017'], organizationKinds: ['conseil_departemental'] },
};
const registrationError = (registration: unknown) => {
  const parsed = TrustedIssuer.safeParse(registration);
  return parsed.success ? 'accepted' : z.prettifyError(parsed.error);
};
const agent = {
  email: 'nadia.benali@rhone.exemple',
  firstName: 'Nadia',
  lastName: 'Benali',
  organization: { siret: '22690001700012', name: 'Département du Rhône', kind: 'conseil_departemental' as const },
};

describe('a trusted issuer’s registration', () => {
  it('requires a partner to declare its policy and the origins it serves, in French', () => {
    const { policy, ...withoutPolicy } = PARTNER;
    expect(registrationError(withoutPolicy)).toMatch(/une politique \(policy\) est obligatoire/);
    expect(registrationError({ ...PARTNER, allowedOrigins: [] })).toMatch(/au moins une origine autorisée/);
    expect(registrationError({ ...PARTNER, policy: { ...policy, emailDomains: ['*'] } })).toMatch(/« \* » est réservé à la connexion de la page GPS/);
    expect(registrationError({ ...PARTNER, policy: { ...policy, sirenPrefixes: [] } })).toMatch(/indiquez les SIRET/);
    expect(registrationError({ ...PARTNER, policy: { ...policy, organizationKinds: [] } })).toMatch(/indiquez les types de structure/);
    expect(registrationError({ ...PARTNER, policy: { ...policy, emailDomains: ['pas un domaine'] } })).toMatch(/Domaine d’e-mail invalide/);
    expect(registrationError({ ...PARTNER, policy: { ...policy, organizationKinds: ['banque'] } })).toMatch(/Type de structure inconnu/);
    expect(registrationError(PARTNER)).toBe('accepted');
  });

  it('refuses a JWKS over plain HTTP but on this machine', () => {
    expect(registrationError({ ...PARTNER, jwksUrl: 'http://rsa.departement.exemple/jwks.json' })).toMatch(/https:\/\/ obligatoire/);
    expect(registrationError({ ...PARTNER, jwksUrl: 'http://127.0.0.1:8080/jwks.json' })).toBe('accepted');
  });

  it('gives the page’s sign-in the verified e-mails, and nothing more', () => {
    const session = TrustedIssuer.parse({ issuer: 'urn:gps:session', audience: 'gps-api', kind: 'session', jwks: { keys: [] } });
    expect(session.policy).toEqual({ emailDomains: ['*'], sirets: [], sirenPrefixes: [], organizationKinds: [], franceTravailId: false });
    expect(refusalOf(session, { ...agent, email: 'quelquun@nimporte.exemple' })).toBeUndefined();
  });
});

describe('what an issuer may assert', () => {
  const partner = TrustedIssuer.parse(PARTNER);

  it('its own domains and establishments, of its own kinds', () => {
    expect(refusalOf(partner, agent)).toBeUndefined();
    expect(refusalOf(partner, { ...agent, email: 'NADIA@Rhone.Exemple'.toLowerCase() })).toBeUndefined();
  });

  it('names what it refuses: the domain, the SIRET, the kind (and why the service public de l’emploi’s)', () => {
    expect(refusalOf(partner, { ...agent, email: 'camille@francetravail.fr' })).toBe('Le portail « Portail RSA du Rhône » ne peut pas parler pour une adresse e-mail du domaine « francetravail.fr ».');
    expect(refusalOf(partner, { ...agent, email: 'nadia@sous.rhone.exemple' })).toMatch(/domaine « sous\.rhone\.exemple »/);
    expect(refusalOf(partner, { ...agent, organization: { ...agent.organization, siret: '13000548100010' } })).toBe('Le portail « Portail RSA du Rhône » ne peut pas déclarer la structure de SIRET 13000548100010.');
    expect(refusalOf(partner, { ...agent, organization: { ...agent.organization, kind: 'france_travail' } })).toMatch(/type « france_travail » \(réservé aux portails du service public de l’emploi autorisés\)/);
    expect(refusalOf(partner, { ...agent, organization: { ...agent.organization, kind: 'siae' } })).toMatch(/type « siae »\.$/);
  });
});

describe('the journal’s portal names', () => {
  const issuers = [TrustedIssuer.parse(PARTNER), TrustedIssuer.parse({ issuer: 'urn:gps:session', audience: 'gps-api', kind: 'session', jwks: { keys: [] } })];
  it('says which portal, the GPS page, the import or GPS itself', () => {
    expect(portalName(issuers, PARTNER.issuer)).toBe('Portail RSA du Rhône');
    expect(portalName(issuers, 'urn:gps:session')).toBe('Page GPS');
    expect(portalName(issuers, IMPORT_PROVENANCE.issuer)).toBe('Import de fichier');
    expect(portalName(issuers, SYSTEM_PROVENANCE.issuer)).toBe('GPS (automatique)');
    expect(portalName(issuers, 'https://ancien-portail.exemple')).toBe('https://ancien-portail.exemple');
    expect(portalName(issuers, UNRECORDED_ISSUER)).toBe('portail non enregistré (avant décembre 2026)');
  });
});

describe('the stored-item validator', () => {
  it('reads an event written before issuers were recorded, without rewriting it', () => {
    const before = { id: '01JC00000000000000000000EV', personId: '01JC00000000000000000000PE', actorId: '01JC000000000000000000000A', kind: 'card_read', at: '2026-11-19T10:00:00.000Z' };
    expect(StoredAuditEvent.parse(before).issuer).toBe(UNRECORDED_ISSUER);
    expect(AuditEvent.safeParse(before).success).toBe(false);
  });

  it('refuses an audit event that does not say which issuer it came through', () => {
    const event = { id: '01JC00000000000000000000EV', personId: '01JC00000000000000000000PE', actorId: '01JC000000000000000000000A', kind: 'card_read', at: '2026-11-19T10:00:00.000Z' };
    const item = (data: object) => toItem('audit_event', keys.auditEvent(event.personId, event.actorId, event.at, event.id), data);
    expect(invalidItems([item(event)])).toHaveLength(1);
    expect(invalidItems([item({ ...event, issuer: PARTNER.issuer })])).toEqual([]);
  });
});
