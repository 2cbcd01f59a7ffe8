import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProfessionalClaims } from '#domain/professional.ts';
import type { LocalEndpoint } from './api-server.ts';
import { PivotIdentity } from '#domain/pivot-identity.ts';
import { DEMO_PERSON_ACCOUNTS, DEMO_PROFESSIONALS } from './demo-data.ts';
import type { DevIssuer } from './dev-issuer.ts';

const LIFETIME_SECONDS = 900;

const send = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
};

async function readJson(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) text += chunk;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Local only, never deployed: hands out tokens as a partner portal's backend would.
 * `GET /dev/token?email=` for a demo professional, `POST /dev/token` with any claims,
 * `GET /dev/jwks.json` for the public keys, `GET /dev/professionals` for the demo list;
 * `GET /dev/person-token?login=` for a demo person (as a département's personal space would
 * sign them in), `POST /dev/person-token` with any pivot identity.
 */
export const devTokenEndpoint =
  (issuer: DevIssuer): LocalEndpoint =>
  async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/dev/')) return false;
    if (url.pathname === '/dev/jwks.json') {
      send(response, 200, issuer.jwks);
    } else if (url.pathname === '/dev/professionals') {
      send(response, 200, DEMO_PROFESSIONALS);
    } else if (url.pathname === '/dev/token') {
      const claims =
        request.method === 'POST'
          ? ProfessionalClaims.safeParse(await readJson(request))
          : ProfessionalClaims.safeParse(DEMO_PROFESSIONALS.find((pro) => pro.email === url.searchParams.get('email')));
      if (!claims.success) {
        send(response, 400, { detail: 'Professionnel de démonstration inconnu : voir /dev/professionals.' });
      } else {
        const token = await issuer.mint(claims.data, { lifetimeSeconds: LIFETIME_SECONDS });
        send(response, 200, { access_token: token, token_type: 'Bearer', expires_in: LIFETIME_SECONDS });
      }
    } else if (url.pathname === '/dev/person-token') {
      const pivot =
        request.method === 'POST'
          ? PivotIdentity.safeParse(await readJson(request))
          : PivotIdentity.safeParse(DEMO_PERSON_ACCOUNTS.find((person) => person.login === url.searchParams.get('login')));
      if (!pivot.success) {
        send(response, 400, { detail: `Personne de démonstration inconnue : ${DEMO_PERSON_ACCOUNTS.map((person) => person.login).join(', ')}.` });
      } else {
        const token = await issuer.mintPerson(pivot.data, { lifetimeSeconds: LIFETIME_SECONDS });
        send(response, 200, { access_token: token, token_type: 'Bearer', expires_in: LIFETIME_SECONDS });
      }
    } else {
      send(response, 404, { detail: 'Inconnu.' });
    }
    return true;
  };
