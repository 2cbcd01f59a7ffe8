import { createServer } from 'node:http';
import Provider from 'oidc-provider';
import { DEMO_PERSON_ACCOUNTS, DEMO_PROFESSIONALS } from './demo-data.ts';
import { freePort } from './free-port.ts';

export type LocalOidcProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The persons' client (standing in for FranceConnect). */
  person: { clientId: string; clientSecret: string };
  stop: () => Promise<void>;
};

export const LOCAL_OIDC_CLIENT = { clientId: 'gps-page', clientSecret: 'gps-page-local-secret-not-for-production' };
export const LOCAL_PERSON_OIDC_CLIENT = { clientId: 'gps-person-space', clientSecret: 'gps-person-space-local-secret-not-for-production' };

const professionalAccount = (id: string) => {
  const pro = DEMO_PROFESSIONALS.find((candidate) => candidate.email === id.trim().toLowerCase());
  if (!pro) return undefined;
  return {
    accountId: pro.email,
    claims: async () => ({
      sub: pro.email,
      email: pro.email,
      email_verified: true,
      given_name: pro.firstName,
      usual_name: pro.lastName,
      phone_number: pro.phone,
      job_title: pro.jobTitle,
      siret: pro.organization.siret,
      organization: pro.organization,
    }),
  };
};

/** FranceConnect's « identité pivot », with an opaque `sub` as it gives one per service. */
const personAccount = (id: string) => {
  const person = DEMO_PERSON_ACCOUNTS.find((candidate) => candidate.login === id.trim().toLowerCase());
  if (!person) return undefined;
  const { login, ...claims } = person;
  return { accountId: login, claims: async () => ({ sub: `fc-demo-${login}`, email_verified: true, ...claims }) };
};

/**
 * A real OpenID Connect provider (`oidc-provider`) standing in for ProConnect and
 * FranceConnect on this machine: authorization code + PKCE, its own login form. The page's
 * client signs in the demo professionals (their e-mail; any password) with the claims
 * ProConnect sends (`email`, `given_name`, `usual_name`, `phone_number`, `siret`) plus
 * `organization`; the persons' client signs in the demo persons (their login, e.g.
 * `lea.dubois`; any password) with FranceConnect's (`given_name`, `family_name`,
 * `birthdate`, `preferred_username`, `email`), each asked for by its own scope as there. Its
 * end-session endpoint (RP-initiated logout) signs out at once and returns to the page.
 */
export async function startLocalOidcProvider(options: { callbackUrl: string; personCallbackUrl: string; pageUrl: string }): Promise<LocalOidcProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const client = (credentials: { clientId: string; clientSecret: string }, redirectUri: string, postLogout: string) => ({
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: [postLogout],
    grant_types: ['authorization_code'],
    response_types: ['code' as const],
  });
  const provider = new Provider(issuer, {
    clients: [
      // Where GPS's logout comes back: the page's index, with its slash, as the auth function sends it.
      client(LOCAL_OIDC_CLIENT, options.callbackUrl, `${options.pageUrl}/`),
      client(LOCAL_PERSON_OIDC_CLIENT, options.personCallbackUrl, `${options.pageUrl}/mon-espace`),
    ],
    // A professional signs in with an e-mail, a person with a login that has none: one never passes for the other.
    async findAccount(_ctx, id) {
      return id.includes('@') ? professionalAccount(id) : personAccount(id);
    },
    scopes: ['openid', 'email', 'profile', 'phone', 'organization', 'given_name', 'family_name', 'birthdate', 'preferred_username'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['given_name', 'usual_name', 'job_title'],
      phone: ['phone_number'],
      organization: ['siret', 'organization'],
      given_name: ['given_name'],
      family_name: ['family_name'],
      birthdate: ['birthdate'],
      preferred_username: ['preferred_username'],
    },
    features: {
      devInteractions: { enabled: true },
      // The end of session asks nothing more: the page's « Se déconnecter » was the question. The form (its xsrf, and `logout=yes`: the whole provider session ends, not only
      // GPS's grant) submits itself, then the provider sends the browser back to the page.
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.body = `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Déconnexion</title></head>
<body>${form.replace('</form>', '<input type="hidden" name="logout" value="yes"/><noscript><button type="submit">Se déconnecter</button></noscript></form>')}
<script>document.forms[0].submit()</script></body></html>`;
        },
      },
    },
    pkce: { required: () => true },
    cookies: { keys: ['gps-local-oidc-provider-cookie-key'] },
  });
  const server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    issuer,
    ...LOCAL_OIDC_CLIENT,
    person: LOCAL_PERSON_OIDC_CLIENT,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
