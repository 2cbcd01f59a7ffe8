import * as z from './zod.ts';
import { Siret } from './common.ts';
import { UNRECORDED_ISSUER } from './audit-event.ts';
import { forbidden } from './errors.ts';
import { OrganizationKind, PUBLIC_EMPLOYMENT_SERVICE, type Organization } from './organization.ts';
import type { ProfessionalClaims } from './professional.ts';

/**
 * Trust between issuers (DESIGN §3). GPS federates many portals; each one speaks only for
 * the professionals and organizations its registration lets it vouch for, so that one
 * leaked partner key opens that partner's own professionals and nothing else.
 */

/** Any e-mail: only the page's own sign-in, whose provider (ProConnect) verified the address. */
export const ANY_VERIFIED_EMAIL = '*';

const EmailDomain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\*|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$/, 'Domaine d’e-mail invalide (ex. rhone.fr).');

/** What an issuer may assert about the professional its token speaks for. */
export const AssertionPolicy = z.strictObject({
  /** Exact domains (the part after « @ »); `*` only for the session issuer. */
  emailDomains: z.array(EmailDomain).min(1, 'Indiquez au moins un domaine d’e-mail.'),
  /** Establishments this issuer may assert, one by one… */
  sirets: z.array(Siret).default([]),
  /** …or by the start of their SIRET (the SIREN, 9 digits, covers every establishment of a company). */
  sirenPrefixes: z.array(z.string().regex(/^\d{1,14}$/, 'Préfixe de SIREN : des chiffres seulement.')).default([]),
  /** The service public de l'emploi kinds only for the issuers an operator allows them. */
  organizationKinds: z.array(OrganizationKind).default([]),
  /** Whether its tokens may set a person's France Travail identifier. */
  franceTravailId: z.boolean().default(false),
});
export type AssertionPolicy = z.infer<typeof AssertionPolicy>;

const LOOPBACK = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;

/**
 * A token issuer GPS trusts: its own session issuer (the standalone page's login) or a
 * partner portal's backend. Registered in configuration, never discovered.
 */
export const TrustedIssuer = z
  .strictObject({
    issuer: z.string().min(1),
    audience: z.string().min(1),
    kind: z.enum(['session', 'partner']),
    /** Shown to members and to the person in the journal (« via Portail RSA du Rhône »). */
    name: z.string().trim().min(1).max(120).optional(),
    jwksUrl: z
      .url()
      .refine((url) => url.startsWith('https://') || LOOPBACK.test(url), 'jwksUrl : https:// obligatoire (http:// seulement sur cette machine).')
      .optional(),
    jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).optional(),
    /** Browser origins this issuer's tokens may be used from (its portal's pages). */
    allowedOrigins: z.array(z.url()).default([]),
    policy: AssertionPolicy.optional(),
    /**
     * Set only for an issuer that may assert persons (a sign-in through FranceConnect, a
     * département's personal space): the audience of its person tokens, which open the
     * person's own space and nothing else. Distinct from `audience`, so neither kind of token
     * passes for the other.
     */
    personAudience: z.string().min(1).optional(),
  })
  .refine((issuer) => Boolean(issuer.jwksUrl) !== Boolean(issuer.jwks), 'Indiquez soit jwksUrl, soit jwks.')
  .refine((issuer) => issuer.personAudience !== issuer.audience, { path: ['personAudience'], message: 'personAudience doit différer de audience : un jeton de personne ne doit jamais passer pour celui d’un professionnel.' })
  .superRefine((issuer, ctx) => {
    if (issuer.kind !== 'partner') return;
    const where = `émetteur ${issuer.issuer}`;
    if (!issuer.policy) {
      ctx.addIssue({ code: 'custom', path: ['policy'], message: `${where} : une politique (policy) est obligatoire pour un portail partenaire.` });
      return;
    }
    if (issuer.allowedOrigins.length === 0) ctx.addIssue({ code: 'custom', path: ['allowedOrigins'], message: `${where} : au moins une origine autorisée (allowedOrigins).` });
    if (issuer.policy.emailDomains.includes(ANY_VERIFIED_EMAIL)) ctx.addIssue({ code: 'custom', path: ['policy', 'emailDomains'], message: `${where} : « * » est réservé à la connexion de la page GPS ; listez les domaines.` });
    if (issuer.policy.sirets.length + issuer.policy.sirenPrefixes.length === 0) ctx.addIssue({ code: 'custom', path: ['policy'], message: `${where} : indiquez les SIRET (sirets) ou préfixes de SIREN (sirenPrefixes) qu’il peut déclarer.` });
    if (issuer.policy.organizationKinds.length === 0) ctx.addIssue({ code: 'custom', path: ['policy', 'organizationKinds'], message: `${where} : indiquez les types de structure (organizationKinds) qu’il peut déclarer.` });
  })
  .transform((issuer) => ({ ...issuer, policy: issuer.policy ?? SESSION_POLICY }));
export type TrustedIssuer = z.output<typeof TrustedIssuer>;
export type TrustedIssuerRegistration = z.input<typeof TrustedIssuer>;

/**
 * The page's sign-in vouches for verified e-mails only: the organization of its users comes
 * from GPS's registry (see `organizationFromRegistry`), never from what a token says.
 */
const SESSION_POLICY: AssertionPolicy = { emailDomains: [ANY_VERIFIED_EMAIL], sirets: [], sirenPrefixes: [], organizationKinds: [], franceTravailId: false };

export const emailDomainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

export const coversEmail = (policy: AssertionPolicy, email: string) =>
  policy.emailDomains.includes(ANY_VERIFIED_EMAIL) || policy.emailDomains.includes(emailDomainOf(email));

/** Whether the issuer may say what this establishment is (and so keep GPS's registry of it). */
export const coversOrganization = (issuer: TrustedIssuer, organization: Organization) =>
  issuer.kind === 'partner' &&
  (issuer.policy.sirets.includes(organization.siret) || issuer.policy.sirenPrefixes.some((prefix) => organization.siret.startsWith(prefix))) &&
  issuer.policy.organizationKinds.includes(organization.kind);

/**
 * Why this issuer may not speak for this professional, in French for the 403's detail, or
 * undefined when it may. The session issuer's organizations come from the registry, so only
 * the e-mail is its to vouch for.
 */
export function refusalOf(issuer: TrustedIssuer, claims: ProfessionalClaims): string | undefined {
  const portal = issuer.name ?? issuer.issuer;
  if (!coversEmail(issuer.policy, claims.email)) {
    return `Le portail « ${portal} » ne peut pas parler pour une adresse e-mail du domaine « ${emailDomainOf(claims.email)} ».`;
  }
  if (issuer.kind === 'session') return undefined;
  const { siret, kind } = claims.organization;
  if (!issuer.policy.sirets.includes(siret) && !issuer.policy.sirenPrefixes.some((prefix) => siret.startsWith(prefix))) {
    return `Le portail « ${portal} » ne peut pas déclarer la structure de SIRET ${siret}.`;
  }
  if (!issuer.policy.organizationKinds.includes(kind)) {
    const spe = PUBLIC_EMPLOYMENT_SERVICE.has(kind) ? ' (réservé aux portails du service public de l’emploi autorisés)' : '';
    return `Le portail « ${portal} » ne peut pas déclarer une structure de type « ${kind} »${spe}.`;
  }
  return undefined;
}

/** Only an issuer allowed it (or the import) binds a France Travail id to an identity: the first binding wins the id. */
export function assertMayAssertFranceTravailId(issuer: TrustedIssuer, franceTravailId: string | undefined) {
  if (franceTravailId && !issuer.policy.franceTravailId) {
    throw forbidden(`Le portail « ${issuer.name ?? issuer.issuer} » n’est pas autorisé à renseigner l’identifiant France Travail : créez le dossier sans lui (il viendra de l’import de France Travail).`);
  }
}

/** Who wrote through the store: every audit event carries it, so an incident is traced to a portal. */
export const Provenance = z.strictObject({
  issuer: z.string().min(1).max(300),
  /** The token's `jti`, when its issuer sets one. */
  jti: z.string().min(1).max(200).optional(),
});
export type Provenance = z.infer<typeof Provenance>;

/** How a journal names the portal an event came through; an issuer since unregistered keeps its identifier. */
export function portalName(issuers: readonly TrustedIssuer[], issuer: string): string {
  if (issuer === SYSTEM_PROVENANCE.issuer) return 'GPS (automatique)';
  if (issuer === IMPORT_PROVENANCE.issuer) return 'Import de fichier';
  if (issuer === UNRECORDED_ISSUER) return 'portail non enregistré (avant décembre 2026)';
  const registered = issuers.find((candidate) => candidate.issuer === issuer);
  return registered?.name ?? (registered?.kind === 'session' ? 'Page GPS' : issuer);
}

/** What GPS does by itself (ending idle follow-ups). */
export const SYSTEM_PROVENANCE: Provenance = { issuer: 'urn:gps:system' };
/** The import of a partner's or France Travail's file (CLI or S3-triggered). */
export const IMPORT_PROVENANCE: Provenance = { issuer: 'urn:gps:import' };
