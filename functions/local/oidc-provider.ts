import { createServer } from 'node:http';
import Provider from 'oidc-provider';
import { DEMO_PROFESSIONALS } from './demo-data.ts';
import { freePort } from './free-port.ts';

export type LocalOidcProvider = { issuer: string; clientId: string; clientSecret: string; stop: () => Promise<void> };

export const LOCAL_OIDC_CLIENT = { clientId: 'gps-page', clientSecret: 'gps-page-local-secret-not-for-production' };

/**
 * A real OpenID Connect provider (`oidc-provider`) standing in for ProConnect on this machine:
 * authorization code + PKCE, its own login form, and the demo professionals as accounts
 * (sign in with their e-mail; any password). It sends the claims ProConnect sends (`email`,
 * `given_name`, `usual_name`, `phone_number`, `siret`) plus `organization`. Its end-session
 * endpoint (RP-initiated logout) signs out at once and returns to the page.
 */
export async function startLocalOidcProvider(options: { callbackUrl: string; pageUrl: string }): Promise<LocalOidcProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: LOCAL_OIDC_CLIENT.clientId,
        client_secret: LOCAL_OIDC_CLIENT.clientSecret,
        redirect_uris: [options.callbackUrl],
        // Where GPS's logout comes back: the page's index, with its slash, as the auth function sends it.
        post_logout_redirect_uris: [`${options.pageUrl}/`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    async findAccount(_ctx, id) {
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
    },
    scopes: ['openid', 'email', 'profile', 'phone', 'organization'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['given_name', 'usual_name', 'job_title'],
      phone: ['phone_number'],
      organization: ['siret', 'organization'],
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
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
