import { PivotIdentity } from '#domain/pivot-identity.ts';
import { ProfessionalClaims } from '#domain/professional.ts';
import { ensureProfessional, registeredOrganization } from '#store/professionals.ts';
import { definePublicRoute, json } from '../http/route.ts';
import { authOf } from './deps.ts';
import { signInRoutes } from './sign-in-flow.ts';
import { toTokenClaims } from './token-signer.ts';
import { emailUnverified, professionalFrom } from './upstream.ts';

export { ACCESS_SECONDS } from './sign-in-flow.ts';

/** The audience of the persons' access tokens: register it as the session issuer's `personAudience`. */
export const PERSON_API_AUDIENCE = 'gps-person-api';

const pagePath = (pageUrl: string) => new URL(pageUrl).pathname;

/** The page's sign-in for professionals (ProConnect): its provider vouches for verified e-mails, GPS's registry for organizations. */
const professionalSignIn = signInRoutes({
  prefix: '/auth',
  tag: 'Connexion (page GPS)',
  who: 'professionnels',
  cookies: { login: 'gps_login', session: 'gps_session' },
  audiences: { login: 'gps-login', session: 'gps-session', api: 'gps-api' },
  provider: (auth) => ({ upstream: auth.upstream, callbackUrl: auth.callbackUrl }),
  landing: (auth) => `${pagePath(auth.pageUrl)}/`,
  identify: async (claims, deps, auth) => {
    if (emailUnverified(claims)) return { reason: 'email_unverified' };
    const pro = await professionalFrom(claims, (siret) => registeredOrganization(deps.store, deps.organizations, siret));
    if (!pro) return { redirect: `${pagePath(auth.pageUrl)}/?connexion=structure-inconnue` };
    await ensureProfessional(deps.store, pro, { registerOrganization: false });
    return { session: { pro }, holder: pro.email, subject: pro.email };
  },
  accessClaims: (session) => {
    const pro = ProfessionalClaims.safeParse(session.pro);
    return pro.success ? { claims: toTokenClaims(pro.data), subject: pro.data.email } : undefined;
  },
});

/**
 * The persons' sign-in (FranceConnect, or any provider that gives its « identité pivot »):
 * the session keeps the pivot identity and nothing else; the stored session names nobody.
 * Whether a file answers that identity is the API's to say (`/my-file`), each time.
 */
const personSignIn = signInRoutes({
  prefix: '/auth/person',
  tag: 'Connexion (espace de la personne)',
  who: 'personnes accompagnées',
  cookies: { login: 'gps_person_login', session: 'gps_person_session' },
  audiences: { login: 'gps-person-login', session: 'gps-person-session', api: PERSON_API_AUDIENCE },
  provider: (auth) => auth.person,
  landing: (auth) => `${pagePath(auth.pageUrl)}/mon-espace`,
  start: (auth) => `${pagePath(auth.pageUrl)}/mon-espace`,
  identify: async (claims) => {
    const pivot = PivotIdentity.safeParse(claims);
    if (!pivot.success) return { reason: 'identity_incomplete' };
    const { given_name, family_name, birthdate, preferred_username } = pivot.data;
    return { session: { pivot: { given_name, family_name, birthdate, ...(preferred_username ? { preferred_username } : {}) } }, holder: 'person' };
  },
  accessClaims: (session) => {
    const pivot = PivotIdentity.safeParse(session.pivot);
    return pivot.success ? { claims: pivot.data } : undefined;
  },
});

export const authRoutes = [
  definePublicRoute({
    method: 'GET',
    path: '/auth/jwks.json',
    group: 'auth',
    tag: 'Connexion (page GPS)',
    summary: 'Les clés publiques des jetons de la page GPS (pour l’API, qui les vérifie)',
    responses: { 200: { description: 'JWKS' } },
    handle: async ({ deps }) => json(200, (await authOf(deps).signer()).jwks, { 'Cache-Control': 'public, max-age=300' }),
  }),
  ...professionalSignIn,
  ...personSignIn,
];
